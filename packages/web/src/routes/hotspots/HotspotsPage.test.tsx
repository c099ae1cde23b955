// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { HotspotList } from '../../api/hotspots';
import HotspotsPage from './HotspotsPage';
import { installDomShims, jsonResponse as json, renderPage } from '../../testing/dom';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  setToken(null);
});

const member = (n: number, status = 'submitted') => ({
  id: `c${n}`,
  number: `TA-2026-00000${n}`,
  title: `园区停电 ${n}`,
  status,
});

function list(fixStatus: string | null, order: HotspotList['order'] = 'heat'): HotspotList {
  return {
    window: { from: '2026-11-03T02:00:00.000Z', to: '2026-11-10T02:00:00.000Z', days: 7 },
    order,
    period: { from: '2026-10-11T02:00:00.000Z', to: '2026-11-10T02:00:00.000Z' },
    minCases: 5,
    groups: [
      {
        id: 'g1',
        title: '智造产业园频繁停电影响生产',
        keywords: ['停电', '产业园', '线路'],
        size: 6,
        periodSize: 9,
        previousSize: 1,
        growth: 5,
        likes: 0,
        score: 8.5,
        heat: 8.5,
        reporters: 6,
        activeWeeks: 2,
        category: '用电',
        region: null,
        industry: '制造业',
        from: '2026-11-04T02:00:00.000Z',
        to: '2026-11-09T02:00:00.000Z',
        members: [member(1), member(2), member(3)],
        warnedAt: '2026-11-09T03:00:00.000Z',
        fix: fixStatus ? { caseId: 'c1', number: 'TA-2026-000001', status: fixStatus, note: '线路改造' } : null,
        status: fixStatus ? 'fixing' : 'open',
      },
      {
        id: null,
        title: '出口退税办理慢',
        keywords: ['退税'],
        size: 2,
        periodSize: 2,
        previousSize: 0,
        growth: 2,
        likes: 0,
        score: 2,
        heat: null,
        reporters: null,
        activeWeeks: null,
        category: '政策',
        region: null,
        industry: null,
        from: '2026-11-05T02:00:00.000Z',
        to: '2026-11-06T02:00:00.000Z',
        members: [member(7), member(8)],
        warnedAt: null,
        fix: null,
        status: 'open',
      },
    ],
    byDimension: [
      { value: '用电', label: '用电', count: 6, previousCount: 1, growth: 5 },
      { value: '政策', label: '政策', count: 2, previousCount: 4, growth: -0.5 },
    ],
  };
}

function serve(roles: string[]) {
  let linked = false;
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url.startsWith('/api/v1/auth/me')) return json({ id: 'me', name: '营商办', roles, jurisdiction: 'ta' });
    if (url.startsWith('/api/v1/hotspots/g1/fix') && init?.method === 'POST') {
      linked = true;
      return json(list('dispatched').groups[0]);
    }
    if (url.startsWith('/api/v1/hotspots'))
      return json(list(linked ? 'dispatched' : null, url.includes('order=burst') ? 'burst' : 'heat'));
    return json({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function page() {
  return renderPage(<HotspotsPage />, '/hotspots');
}

/** The cell of a row under the column headed `name`. */
function cellUnder(row: HTMLElement, name: string | RegExp): HTMLElement {
  const column = screen.getAllByRole('columnheader').findIndex((h) => h.textContent?.match(name));
  expect(column, `column ${String(name)}`).toBeGreaterThanOrEqual(0);
  return within(row).getAllByRole('cell')[column]!;
}

describe('HotspotsPage', () => {
  it('ranks the groups with keywords, growth and the warning, and links a member case as the systemic fix', async () => {
    const fetchMock = serve(['hub']);
    page();
    const row = (await screen.findByText('智造产业园频繁停电影响生产')).closest('tr')!;
    expect(within(row).getByText('产业园')).toBeTruthy();
    expect(within(row).getByText('已预警')).toBeTruthy();
    expect(within(row).getByText('500%')).toBeTruthy();
    // Heat, and what makes it: six enterprises over two weeks.
    expect(within(row).getByText('8.5')).toBeTruthy();
    expect(within(row).getByText('6 家企业 · 2 周')).toBeTruthy();
    expect(screen.getByText(/热度统计期/)).toBeTruthy();
    const quiet = screen.getByText('出口退税办理慢').closest('tr')!;
    expect(within(quiet).getByText('未达阈值')).toBeTruthy();
    // A rise from nothing is new, not "200%".
    expect(within(quiet).getByText('新出现')).toBeTruthy();
    expect(within(quiet).queryByText(/%/)).toBeNull();
    // A group not yet stored cannot be linked.
    expect(within(quiet).queryByRole('button', { name: '关联系统性整改' })).toBeNull();
    expect(screen.getByText('用电', { selector: 'td' })).toBeTruthy();

    // The members link to their cases.
    fireEvent.click(within(row).getByRole('button', { name: /展开|expand/i }));
    const members = await screen.findByTestId('hot-members');
    expect(within(members).getByText('TA-2026-000002').getAttribute('href')).toBe('/cases/c2');

    fireEvent.click(within(row).getByRole('button', { name: '关联系统性整改' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByText('TA-2026-000001'));
    fireEvent.change(within(dialog).getByLabelText('整改说明'), { target: { value: '线路改造' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /提\s*交/ }));

    await waitFor(() => {
      const post = fetchMock.mock.calls.find(([u, init]) => u === '/api/v1/hotspots/g1/fix' && init?.method === 'POST');
      expect(post).toBeTruthy();
      expect(JSON.parse(post![1]!.body as string)).toEqual({ caseId: 'TA-2026-000001', note: '线路改造' });
    });
    // Reloaded: the fix with its live status, and the group is being fixed.
    await waitFor(() => expect(screen.getByText('整改中')).toBeTruthy());
    const fixed = screen.getByText('智造产业园频繁停电影响生产').closest('tr')!;
    expect(within(fixed).getByText('TA-2026-000001').getAttribute('href')).toBe('/cases/c1');
    expect(within(fixed).getByText('已交办')).toBeTruthy();
  });

  it('switches window and dimension, and offers no fix to the discipline commission', async () => {
    const fetchMock = serve(['discipline']);
    page();
    await screen.findByText('智造产业园频繁停电影响生产');
    expect(screen.queryByRole('button', { name: '关联系统性整改' })).toBeNull();
    fireEvent.click(screen.getByText('按区划'));
    fireEvent.click(screen.getByText('30 天'));
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([u]) => u)).toContain('/api/v1/hotspots?dimension=region&windowDays=30'),
    );
    expect(fetchMock.mock.calls.map(([u]) => u)).toContain('/api/v1/hotspots?dimension=category');
    fireEvent.click(screen.getByText('按突增'));
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([u]) => u)).toContain(
        '/api/v1/hotspots?dimension=region&windowDays=30&order=burst',
      ),
    );
  });

  it('counts a group’s cases over the whole period by heat, and those of the window by burst', async () => {
    serve(['leader']);
    page();
    let row = (await screen.findByText('智造产业园频繁停电影响生产')).closest('tr')!;
    // By heat: nine cases over the period, six of them in this window.
    const period = screen.getByRole('columnheader', { name: '期间件数' });
    expect(within(period).getByText('期间件数').getAttribute('title')).toMatch(/统计期内.*全部件数/);
    expect(cellUnder(row, '期间件数').textContent).toBe('9');
    expect(within(row).getByText('本窗口 6 件')).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: '件数' })).toBeNull();

    fireEvent.click(screen.getByText('按突增'));
    await screen.findByText(/按窗口内的突增排序/);
    expect(
      within(screen.getByRole('columnheader', { name: '件数' }))
        .getByText('件数')
        .getAttribute('title'),
    ).toBe('本统计窗口内该群组的件数');
    row = screen.getByText('智造产业园频繁停电影响生产').closest('tr')!;
    expect(cellUnder(row, /^件数$/).textContent).toBe('6');
    expect(within(row).getByText('500%')).toBeTruthy();
    expect(within(row).queryByText('9')).toBeNull();
    expect(within(row).queryByText(/本窗口/)).toBeNull();
    expect(screen.queryByRole('columnheader', { name: '期间件数' })).toBeNull();
  });
});
