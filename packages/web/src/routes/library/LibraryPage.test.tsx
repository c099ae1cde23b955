// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { LibraryEntry, LibraryList } from '../../api/library';
import { installDomShims, jsonResponse as json, renderPage } from '../../testing/dom';
import LibraryPage from './LibraryPage';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  setToken(null);
});

const ENTRY: LibraryEntry = {
  id: '00000000-0000-4000-8000-000000000001',
  caseId: '00000000-0000-4000-8000-0000000000c1',
  caseNumber: 'YC-2026-000031',
  caseTitle: '标准厂房冬季供暖不足',
  problem: '园区标准厂房冬季供暖温度不足',
  resolution: '更换换热站循环泵，三日内室温恢复。',
  policyBasis: '《城镇供热管理条例》第十二条',
  units: [
    { id: '00000000-0000-4000-8000-0000000000u1', name: '住建局' },
    { id: '00000000-0000-4000-8000-0000000000u2', name: '热力公司' },
  ],
  category: { id: '00000000-0000-4000-8000-0000000000a1', name: '基础设施' },
  tags: ['供暖', '标准厂房'],
  typical: false,
  typicalAt: null,
  createdBy: '营商办',
  createdAt: '2026-11-10T02:00:00.000Z',
  updatedAt: '2026-11-10T02:00:00.000Z',
};

function serve(roles: string[]) {
  let current = ENTRY;
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url.startsWith('/api/v1/auth/me')) return json({ id: 'me', name: '营商办', roles, jurisdiction: 'yc' });
    if (url.startsWith('/api/v1/library?') || url === '/api/v1/library') {
      const q = new URL(url, 'http://x').searchParams.get('q');
      const items = !q || '换热站'.includes(q) ? [{ ...current, score: q ? 1 : null }] : [];
      return json({ items, total: items.length } satisfies LibraryList);
    }
    if (url === `/api/v1/library/${ENTRY.id}` && init?.method === 'PUT') {
      const body = JSON.parse(init.body as string) as Partial<LibraryEntry>;
      current = { ...current, ...body, typicalAt: body.typical ? '2026-11-11T02:00:00.000Z' : null };
      return json(current);
    }
    if (url === `/api/v1/library/${ENTRY.id}`) return json(current);
    return json({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const searchButton = () => document.querySelector<HTMLElement>('.ant-input-search-btn, .ant-input-search-button')!;

describe('LibraryPage', () => {
  it('searches, opens an entry with its source case, units and tags, and lets the hub mark it typical', async () => {
    const fetchMock = serve(['hub']);
    renderPage(<LibraryPage />, '/library');
    const item = await screen.findByTestId(`library-item-${ENTRY.id}`);
    expect(within(item).getByText('住建局、热力公司 · 基础设施')).toBeTruthy();
    fireEvent.change(screen.getByPlaceholderText('搜索问题、办法或标签'), { target: { value: '退税' } });
    fireEvent.click(searchButton());
    expect(await screen.findByText('没有匹配的条目')).toBeTruthy();
    expect(fetchMock.mock.calls.map(([u]) => u)).toContain(`/api/v1/library?q=${encodeURIComponent('退税')}`);

    fireEvent.change(screen.getByPlaceholderText('搜索问题、办法或标签'), { target: { value: '换热站' } });
    fireEvent.click(searchButton());
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([u]) => u)).toContain(`/api/v1/library?q=${encodeURIComponent('换热站')}`),
    );
    fireEvent.click(await screen.findByText(ENTRY.problem));
    const detail = await screen.findByTestId('library-detail');
    expect(within(detail).getByText(ENTRY.caseNumber).getAttribute('href')).toBe(`/cases/${ENTRY.caseId}`);
    expect(within(detail).getByText('住建局、热力公司')).toBeTruthy();
    expect(within(detail).getByText('标准厂房')).toBeTruthy();
    expect(within(detail).getByText(ENTRY.policyBasis!)).toBeTruthy();

    fireEvent.click(within(detail).getByTestId('library-toggle-typical'));
    await waitFor(() => {
      const put = fetchMock.mock.calls.find(
        ([u, init]) => u === `/api/v1/library/${ENTRY.id}` && init?.method === 'PUT',
      );
      expect(JSON.parse(put![1]!.body as string)).toEqual({ typical: true });
    });
    await waitFor(() => expect(within(screen.getByTestId('library-detail')).getByText('取消典型案例')).toBeTruthy());
    expect(screen.getByTestId('library-brief')).toBeTruthy();
  });

  it('shows no editing to a leader', async () => {
    serve(['leader']);
    renderPage(<LibraryPage />, `/library?entry=${ENTRY.id}`);
    const detail = await screen.findByTestId('library-detail');
    expect(within(detail).queryByText('编辑')).toBeNull();
    expect(within(detail).queryByTestId('library-toggle-typical')).toBeNull();
  });
});
