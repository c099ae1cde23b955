// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import { presetRange } from '../../lib/period';
import DisciplinePage from './DisciplinePage';
import { installDomShims, jsonResponse as json, renderPage } from '../../testing/dom';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const ref = (n: number) => ({ id: `c${n}`, number: `TA-2026-00000${n}`, title: `诉求${n}`, status: 'redo' });

function serve(roles: string[]) {
  const fetchMock = vi.fn((url: string) => {
    if (url.startsWith('/api/v1/auth/me')) return json({ id: 'me', name: '纪委', roles, jurisdiction: 'ta' });
    if (url.startsWith('/api/v1/oversight/unsatisfied')) {
      return json({
        items: [
          {
            ...ref(1),
            round: 2,
            enterpriseName: '甲县一号材料有限公司',
            leadUnit: { id: 'u1', name: '市场监管局' },
            unsatisfiedRatings: 1,
            lastScore: 1,
            lastComment: '请回电138****5678',
            lastRatedAt: '2026-11-10T02:00:00Z',
            disciplineSupervised: true,
          },
        ],
        total: 1,
        page: 1,
        pageSize: 10,
      });
    }
    if (url.startsWith('/api/v1/oversight/red-cards')) {
      return json({
        from: '2026-11-01',
        to: '2026-11-30',
        items: [
          {
            id: 'k1',
            unit: { id: 'u1', name: '市场监管局' },
            reason: '重办超时',
            escalation: null,
            issuedAt: '2026-11-10T02:00:00Z',
            case: ref(2),
          },
        ],
        total: 1,
        page: 1,
        pageSize: 10,
      });
    }
    if (url.startsWith('/api/v1/supervisions')) return json({ items: [], total: 0, page: 1, pageSize: 10 });
    if (url.startsWith('/api/v1/cases/export.xlsx')) {
      return Promise.resolve(
        new Response(new Uint8Array([80, 75, 3, 4]), {
          status: 200,
          headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('诉求清单.xlsx')}` },
        }),
      );
    }
    return json({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function page() {
  return renderPage(<DisciplinePage />, '/discipline');
}

describe('DisciplinePage', () => {
  it('lists unsatisfied cases with the 倒查 action, and red cards of the month on their tab', async () => {
    const fetchMock = serve(['discipline']);
    page();
    const row = (await screen.findByText('TA-2026-000001')).closest('tr')!;
    expect(row.querySelector('a')?.getAttribute('href')).toBe('/cases/c1');
    expect(row.textContent).toContain('请回电138****5678');
    await waitFor(() => expect(within(row).getByText('已倒查')).toBeTruthy());
    fireEvent.click(within(row).getByText(/倒\s*查/, { selector: 'button span' }));
    await waitFor(() => expect(screen.getByText('倒查 TA-2026-000001')).toBeTruthy());

    fireEvent.click(screen.getByText('红牌诉求'));
    await screen.findByText('TA-2026-000002');
    const month = presetRange('thisMonth', new Date());
    const redUrl = fetchMock.mock.calls.map(([u]) => u).find((u) => u.startsWith('/api/v1/oversight/red-cards'));
    expect(redUrl).toBe(`/api/v1/oversight/red-cards?from=${month.from}&to=${month.to}&page=1&pageSize=10`);
  });

  it('exports each list with the filters that hold its cases: unsatisfied ones, red cards of the period shown', async () => {
    const fetchMock = serve(['discipline']);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:test'), revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const exports = () => fetchMock.mock.calls.map(([u]) => u).filter((u) => u.startsWith('/api/v1/cases/export.xlsx'));
    page();
    await screen.findByText('TA-2026-000001');
    // Each tab's own button, in the pane that holds the list.
    const exportIn = (number: string) =>
      within(screen.getByText(number).closest<HTMLElement>('[role="tabpanel"]')!).getByRole('button', {
        name: /导出 Excel/,
      });
    await waitFor(() => expect(exportIn('TA-2026-000001').hasAttribute('disabled')).toBe(false));
    fireEvent.click(exportIn('TA-2026-000001'));
    await screen.findByText('已导出 诉求清单.xlsx');
    expect(exports()).toEqual(['/api/v1/cases/export.xlsx?rating=unsatisfied']);

    fireEvent.click(screen.getByText('红牌诉求'));
    await screen.findByText('TA-2026-000002');
    const month = presetRange('thisMonth', new Date());
    fireEvent.click(exportIn('TA-2026-000002'));
    await waitFor(() => expect(exports()).toHaveLength(2));
    expect(exports()[1]).toBe(`/api/v1/cases/export.xlsx?card=red&cardFrom=${month.from}&cardTo=${month.to}`);
    click.mockRestore();
  });

  it('lets a leader read the lists without opening records of the commission', async () => {
    const fetchMock = serve(['leader']);
    page();
    // The session is known before the list: the action column depends on it.
    await waitFor(() => expect(fetchMock.mock.calls.some(([u]) => u === '/api/v1/auth/me')).toBe(true));
    await act(async () => {
      const me = fetchMock.mock.calls.findIndex(([u]) => u === '/api/v1/auth/me');
      await fetchMock.mock.results[me]!.value;
    });
    const row = (await screen.findByText('TA-2026-000001')).closest('tr')!;
    expect(row.textContent).toContain('市场监管局');
    expect(within(row).queryByText(/倒\s*查/, { selector: 'button span' })).toBeNull();
  });
});
