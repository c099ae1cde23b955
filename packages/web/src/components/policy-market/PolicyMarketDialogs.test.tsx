// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { PolicyDocument } from '../../api/policies';
import { installDomShims, jsonResponse, renderPage } from '../../testing/dom';
import { PushModal } from './PolicyMarketDialogs';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const ID = '11111111-1111-4111-8111-111111111111';
const POLICY: PolicyDocument = {
  id: ID,
  title: '制造业技术改造奖补',
  docNumber: null,
  issuer: null,
  sourceName: null,
  format: 'text',
  passageCount: 1,
  createdAt: '2026-11-02T01:00:00.000Z',
  targeting: { industryCodes: ['C'], scales: [], regionCodes: [], aboveDesignatedSize: null },
  issuingUnitId: null,
  issuingUnitName: null,
  online: true,
  automatic: false,
  benefit: null,
};

function serve() {
  const calls: { url: string; method: string; body: unknown }[] = [];
  let pushed = false;
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ url, method, body: init?.body ? JSON.parse(init.body as string) : null });
      if (url.startsWith('/api/v1/auth/me')) return jsonResponse({ id: 'u1', name: '营商办', roles: ['hub'] });
      if (url.startsWith(`/api/v1/policies/${ID}/push-preview`)) {
        return jsonResponse(
          url.includes('scale=micro') ? { enterprises: 0, recipients: 0 } : { enterprises: 2, recipients: 3 },
        );
      }
      if (url === `/api/v1/policies/${ID}/push` && method === 'POST') {
        pushed = true;
        return jsonResponse({ id: '22222222-2222-4222-8222-222222222222', recipients: 3, enterprises: 2 });
      }
      if (url === `/api/v1/policies/${ID}/pushes`) {
        return jsonResponse(
          pushed
            ? [
                {
                  id: '22222222-2222-4222-8222-222222222222',
                  kind: 'push',
                  filter: { industryCode: 'C29' },
                  pushedBy: '营商办专员',
                  pushedAt: '2026-11-02T02:00:00.000Z',
                  enterprises: 2,
                  recipients: 3,
                  opened: 1,
                  recipientList: [],
                },
              ]
            : [],
        );
      }
      return jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
    }),
  );
  return calls;
}

describe('PushModal', () => {
  it('previews whom a push reaches, pushes with the filter, and lists the push with received and opened', async () => {
    const calls = serve();
    renderPage(<PushModal policy={POLICY} onClose={() => undefined} />);
    const dialog = await screen.findByRole('dialog');
    expect((await within(dialog).findByTestId('push-preview')).textContent).toContain('将推送给 2 家企业的 3 位联系人');
    fireEvent.change(within(dialog).getByLabelText(/行业代码/), { target: { value: 'C29' } });
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('push-preview?industryCode=C29'))).toBe(true));
    fireEvent.click(within(dialog).getByRole('button', { name: /推\s*送/ }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({ body: { industryCode: 'C29' } });
    const row = (await within(dialog).findByText('营商办专员')).closest('tr')!;
    expect(within(row).getByText('C29')).toBeTruthy();
    expect(within(row).getByText('1')).toBeTruthy();
  });
});
