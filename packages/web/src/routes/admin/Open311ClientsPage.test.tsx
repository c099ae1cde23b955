// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { CreatedOpen311Client, Open311Client } from '../../api/models';
import { installDomShims, jsonResponse, renderPage } from '../../testing/dom';
import Open311ClientsPage from './Open311ClientsPage';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  setToken(null);
});

const ACTIVE: Open311Client = {
  id: '11111111-1111-4111-8111-111111111111',
  name: '演示客户端 / demo client',
  jurisdiction: 'kh',
  keyHint: '-kh1',
  active: true,
  createdBy: '系统管理员',
  createdAt: '2026-11-20T02:00:00.000Z',
  revokedBy: null,
  revokedAt: null,
  lastUsedAt: '2026-11-21T01:30:00.000Z',
};
const REVOKED: Open311Client = {
  ...ACTIVE,
  id: '22222222-2222-4222-8222-222222222222',
  name: '旧版小程序',
  keyHint: 'Zq9x',
  active: false,
  revokedBy: '系统管理员',
  revokedAt: '2026-11-22T06:00:00.000Z',
  lastUsedAt: null,
};
const NEW_KEY = 'o311_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function serve() {
  let items = [ACTIVE, REVOKED];
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url.startsWith('/api/v1/auth/me')) {
      return jsonResponse({ id: 'u1', name: '系统管理员', roles: ['admin'], jurisdiction: 'kh' });
    }
    if (url === '/api/v1/admin/open311-clients' && init?.method === 'POST') {
      const body = JSON.parse(init.body as string) as { name: string };
      const created: CreatedOpen311Client = {
        ...ACTIVE,
        id: '33333333-3333-4333-8333-333333333333',
        name: body.name,
        keyHint: 'DEFG',
        lastUsedAt: null,
        apiKey: NEW_KEY,
      };
      items = [created, ...items];
      return jsonResponse(created, 201);
    }
    if (url === '/api/v1/admin/open311-clients') return jsonResponse({ items });
    if (url === `/api/v1/admin/open311-clients/${ACTIVE.id}/revoke`) {
      items = items.map((c) =>
        c.id === ACTIVE.id
          ? { ...c, active: false, revokedAt: '2026-11-23T00:00:00.000Z', revokedBy: '系统管理员' }
          : c,
      );
      return jsonResponse(items.find((c) => c.id === ACTIVE.id));
    }
    return jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('Open311ClientsPage', () => {
  it('shows where to connect and the clients with their key’s last characters, never a key', async () => {
    serve();
    renderPage(<Open311ClientsPage />, '/admin/open311');
    const row = (await screen.findByText('演示客户端 / demo client')).closest('tr')!;
    expect(within(row).getByText('…-kh1')).toBeTruthy();
    expect(within(row).getByText('启用')).toBeTruthy();
    expect(within(row).getByText('2026-11-21 09:30')).toBeTruthy();
    const old = screen.getByText('旧版小程序').closest('tr')!;
    expect(within(old).getByText('已停用')).toBeTruthy();
    expect(within(old).getByText('尚未使用')).toBeTruthy();
    expect(within(old).queryByText('停用')).toBeNull();
    expect(await screen.findByText(`${window.location.origin}/open311/v2`)).toBeTruthy();
    expect(screen.getByText(`${window.location.origin}/open311/v2/services.json?jurisdiction_id=kh`)).toBeTruthy();
  });

  it('creates a client and shows its new key once', async () => {
    const fetchMock = serve();
    renderPage(<Open311ClientsPage />, '/admin/open311');
    await screen.findByText('旧版小程序');
    fireEvent.click(screen.getByText('新建客户端'));
    fireEvent.change(await screen.findByPlaceholderText('如：城市服务小程序、12345 热线系统'), {
      target: { value: '城市服务小程序' },
    });
    fireEvent.click(screen.getByText('提 交'));
    expect(await screen.findByText('请立即保存“城市服务小程序”的密钥')).toBeTruthy();
    expect(screen.getByText(NEW_KEY)).toBeTruthy();
    const post = fetchMock.mock.calls.find(
      ([u, init]) => u === '/api/v1/admin/open311-clients' && init?.method === 'POST',
    );
    expect(JSON.parse(post?.[1]?.body as string)).toEqual({ name: '城市服务小程序' });
    fireEvent.click(screen.getByText('我已保存，关闭'));
    await waitFor(() => expect(screen.queryByText(NEW_KEY)).toBeNull());
  });

  it('revokes an active client after confirming', async () => {
    const fetchMock = serve();
    renderPage(<Open311ClientsPage />, '/admin/open311');
    const row = (await screen.findByText('演示客户端 / demo client')).closest('tr')!;
    fireEvent.click(within(row).getByText('停用'));
    fireEvent.click(await screen.findByText('停 用'));
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([u]) => u === `/api/v1/admin/open311-clients/${ACTIVE.id}/revoke`)).toBe(true),
    );
    expect(await screen.findByText('已停用“演示客户端 / demo client”')).toBeTruthy();
  });
});
