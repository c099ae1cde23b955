// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { PiiViewPage } from '../../api/models';
import { installDomShims, jsonResponse, renderPage } from '../../testing/dom';
import PiiViewsPage from './PiiViewsPage';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  setToken(null);
});

const CASE = '11111111-1111-4111-8111-111111111111';
const page: PiiViewPage = {
  total: 2,
  page: 1,
  pageSize: 20,
  items: [
    {
      id: 2,
      at: '2026-11-10T02:05:00.000Z',
      viewer: { id: 'u1', name: '承办人甲', username: 'kh.unit1' },
      subjectKind: 'case',
      subjectId: CASE,
      subjectLabel: 'KH-2026-000012',
      caseId: CASE,
      field: 'contactMobile',
      action: 'case.sign',
      address: '10.0.0.8',
    },
    {
      id: 1,
      at: '2026-11-10T01:00:00.000Z',
      viewer: { id: 'u2', name: '系统管理员', username: 'kh.admin' },
      subjectKind: 'enterprise',
      subjectId: 'e1',
      subjectLabel: '开化县一号材料有限公司',
      caseId: null,
      field: 'contacts.mobile',
      action: 'enterprise.view',
      address: null,
    },
  ],
};

function serve() {
  const fetchMock = vi.fn((url: string) => {
    if (url.startsWith('/api/v1/auth/me')) return jsonResponse({ id: 'u2', name: '系统管理员', roles: ['admin'] });
    if (url === '/api/v1/users') return jsonResponse([{ id: 'u1', name: '承办人甲', username: 'kh.unit1' }]);
    if (url.startsWith('/api/v1/admin/pii-views?')) return jsonResponse(page);
    return jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('PiiViewsPage', () => {
  it('lists who saw which whole number, when, how and from where, and narrows to one case', async () => {
    const fetchMock = serve();
    renderPage(<PiiViewsPage />, '/admin/pii-views');
    const row = (await screen.findByText('KH-2026-000012')).closest('tr')!;
    expect(within(row).getByText('2026-11-10 10:05')).toBeTruthy();
    expect(within(row).getByText('承办人甲')).toBeTruthy();
    expect(within(row).getByText('联系人手机号')).toBeTruthy();
    expect(within(row).getByText('办理「签收」后返回')).toBeTruthy();
    expect(within(row).getByText('10.0.0.8')).toBeTruthy();
    expect(within(row).getByText('KH-2026-000012').closest('a')?.getAttribute('href')).toBe(`/cases/${CASE}`);
    const other = screen.getByText('开化县一号材料有限公司').closest('tr')!;
    expect(within(other).getByText('打开企业详情')).toBeTruthy();
    expect(within(other).getByText('企业联系人手机号')).toBeTruthy();
    expect(within(other).queryByText('只看此诉求')).toBeNull();

    fireEvent.click(within(row).getByText('只看此诉求'));
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([u]) => u.includes(`caseId=${CASE}`) && u.includes('page=1'))).toBe(true),
    );
    expect(await screen.findByText('只看诉求 KH-2026-000012')).toBeTruthy();
  });
});
