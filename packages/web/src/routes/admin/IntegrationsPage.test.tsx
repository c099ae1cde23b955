// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { IntakeKey, Webhook, WebhookDelivery } from '../../api/models';
import { installDomShims, jsonResponse, renderPage } from '../../testing/dom';
import IntegrationsPage from './IntegrationsPage';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  setToken(null);
});

const KEY: IntakeKey = {
  id: 'kh-demo',
  source: '12345 政务服务便民热线',
  channel: 'hotline12345',
  active: true,
  createdBy: '系统管理员',
  createdAt: '2026-11-20T02:00:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
};
const HOOK: Webhook = {
  id: '44444444-4444-4444-8444-444444444444',
  url: 'https://12345.example.gov.cn/qisu/status',
  events: ['signed', 'replied', 'closed'],
  intakeKeyId: 'kh-demo',
  active: true,
  createdAt: '2026-11-21T02:00:00.000Z',
  pending: 1,
  dead: 1,
};
const DEAD: WebhookDelivery = {
  id: 7,
  eventId: '120',
  type: 'signed',
  caseId: '55555555-5555-4555-8555-555555555555',
  caseNumber: 'KH-2026-000065',
  status: 'dead',
  attempts: 8,
  nextAttemptAt: null,
  lastStatus: 503,
  lastError: 'HTTP 503',
  deliveredAt: null,
  createdAt: '2026-11-21T03:00:00.000Z',
};

function serve() {
  let keys = [KEY];
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url.startsWith('/api/v1/auth/me')) {
      return jsonResponse({ id: 'u1', name: '系统管理员', roles: ['admin'], jurisdiction: 'kh' });
    }
    if (url === '/api/v1/admin/intake-keys' && init?.method === 'POST') {
      const body = JSON.parse(init.body as string) as { source: string; channel: string };
      const made = { ...KEY, id: 'kh-3f2a9c', source: body.source, channel: body.channel, secret: 'S3cr3t-shown-once' };
      keys = [made, ...keys];
      return jsonResponse(made, 201);
    }
    if (url === '/api/v1/admin/intake-keys') return jsonResponse(keys);
    if (url === '/api/v1/webhooks') return jsonResponse([HOOK]);
    if (url.startsWith(`/api/v1/webhooks/${HOOK.id}/deliveries/7/replay`))
      return Promise.resolve(new Response(null, { status: 204 }));
    if (url.startsWith(`/api/v1/webhooks/${HOOK.id}/deliveries`)) return jsonResponse([DEAD]);
    return jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('IntegrationsPage', () => {
  it('adds an intake key for a platform and shows its secret once', async () => {
    const fetchMock = serve();
    renderPage(<IntegrationsPage />, '/admin/integrations');
    const keys = await screen.findByTestId('intake-keys');
    expect(await within(keys).findByText('12345 政务服务便民热线')).toBeTruthy();
    expect(within(keys).getByText('从未使用')).toBeTruthy();

    fireEvent.click(screen.getByTestId('intake-keys-add'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('来源平台'), { target: { value: '衢州市企呼我应平台' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /新建接入密钥/ }));
    expect((await screen.findByTestId('intake-secret')).textContent).toContain('S3cr3t-shown-once');
    const post = fetchMock.mock.calls.find(([u, i]) => u === '/api/v1/admin/intake-keys' && i?.method === 'POST');
    expect(JSON.parse(post?.[1]?.body as string)).toEqual({ source: '衢州市企呼我应平台', channel: 'hotline12345' });
  });

  it('lists the webhooks with what waits and what died, and replays a dead letter from its deliveries', async () => {
    const fetchMock = serve();
    renderPage(<IntegrationsPage />, '/admin/integrations');
    const hooks = await screen.findByTestId('webhooks');
    const row = (await within(hooks).findByText(HOOK.url)).closest('tr')!;
    expect(within(row).getByText('签收、办结答复、销号')).toBeTruthy();
    expect(within(row).getByText('待推送 1')).toBeTruthy();
    expect(within(row).getByText('死信 1')).toBeTruthy();
    expect(within(row).getByText('12345 政务服务便民热线（kh-demo）')).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: /推送记录/ }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByText('HTTP 503')).toBeTruthy();
    expect(within(drawer).getByRole('link', { name: 'KH-2026-000065' }).getAttribute('href')).toBe(
      `/cases/${DEAD.caseId}`,
    );
    fireEvent.click(within(drawer).getByRole('button', { name: /重\s*放/ }));
    await waitFor(() =>
      expect(
        fetchMock.mock.calls.some(
          ([u, i]) => u === `/api/v1/webhooks/${HOOK.id}/deliveries/7/replay` && i?.method === 'POST',
        ),
      ).toBe(true),
    );
  });
});
