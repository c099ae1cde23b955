// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { OversightSummary, Ranking } from '../../api/models';
import type { ChartOption } from '../../lib/oversight-charts';
import { presetRange } from '../../lib/period';
import LeaderPage from './LeaderPage';
import { installDomShims, jsonResponse as json, renderPage } from '../../testing/dom';

// jsdom has no canvas: the chart shows the series it was given instead of drawing them.
vi.mock('../../components/charts/EChart', () => ({
  EChart: ({ option, label }: { option: ChartOption; label: string }) => (
    <div data-testid="chart" role="img" aria-label={label}>
      {((option.series ?? []) as { name?: string }[]).map((s) => s.name).join('|')}
    </div>
  ),
}));

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  setToken(null);
});

const unit = {
  kind: 'department',
  openAssignments: 2,
  yellow: 0,
  replied: 2,
  repliedOnTime: 1,
  satisfied: 1,
  rated: 2,
};
const SUMMARY: OversightSummary = {
  from: '2026-11-01',
  to: '2026-11-30',
  asOf: '2026-11-10T02:00:00.000Z',
  open: 7,
  overdue: 2,
  warned: 1,
  filed: 9,
  byStatus: [{ status: 'signed', count: 9 }],
  cards: { yellow: 3, red: 1 },
  ratings: { satisfied: 1, total: 3 },
  units: [
    { ...unit, unitId: 'u1', unitName: '市场监管局', overdue: 2, red: 1 },
    { ...unit, unitId: 'u2', unitName: '华埠镇', overdue: 0, red: 0 },
  ],
  byCategory: [{ categoryId: null, name: null, nameEn: null, count: 9 }],
  byChannel: [{ channel: 'mobile', count: 9 }],
  byDay: [{ date: '2026-11-10', filed: 9 }],
};

const rates = { responseRate: 1, onTimeRate: 1, solveRate: 1, redoRate: 0, returnRate: 0 };
const averages = { avgResponseHours: 2, avgResolveHours: 30 };
const counts = {
  dispatched: 4,
  responded: 4,
  respondedInTime: 4,
  closedInTime: 4,
  solved: 4,
  rated: 4,
  redone: 0,
  overdue: 0,
  returned: 0,
  supervised: 0,
  yellowCards: 0,
  redCards: 0,
  responseTimed: 4,
  responseMinutes: 480,
  resolveTimed: 4,
  resolveMinutes: 7200,
};
const RANKING: Ranking = {
  period: {
    code: '2026-11',
    cadence: 'month',
    from: '2026-11-01',
    to: '2026-12-01',
    label: { zh: '2026年11月', en: '2026-11' },
  },
  subject: 'unit',
  rule: {
    cadence: 'month',
    method: 'ordered',
    measures: [{ kpi: 'closeRate' }, { kpi: 'satisfactionRate' }],
    subjects: ['unit'],
    listSize: 5,
    note: '二（四）9',
  },
  rows: [
    {
      ...counts,
      ...rates,
      ...averages,
      key: 'u2',
      name: '华埠镇',
      received: 4,
      closed: 4,
      satisfied: 4,
      late: 0,
      closeRate: 1,
      satisfactionRate: 1,
      rank: 1,
      tied: true,
      score: null,
      list: 'red',
    },
    {
      ...counts,
      ...rates,
      ...averages,
      key: 'u3',
      name: '住建局',
      received: 4,
      closed: 4,
      satisfied: 4,
      late: 0,
      closeRate: 1,
      satisfactionRate: 1,
      rank: 1,
      tied: true,
      score: null,
      list: 'red',
    },
    {
      ...counts,
      ...rates,
      ...averages,
      key: 'u1',
      name: '市场监管局',
      received: 4,
      closed: 2,
      satisfied: 1,
      late: 2,
      closeRate: 0.5,
      satisfactionRate: 0.25,
      rank: 3,
      tied: false,
      score: null,
      list: 'black',
    },
  ],
};

function serve(roles: string[], summary: () => Promise<Response> = () => json(SUMMARY)) {
  const fetchMock = vi.fn((url: string) => {
    if (url.startsWith('/api/v1/auth/me')) return json({ id: 'me', name: '领导', roles, jurisdiction: 'ta' });
    if (url.startsWith('/api/v1/oversight/summary')) return summary();
    if (url.startsWith('/api/v1/cards')) {
      return json({
        items: [
          {
            id: 'k1',
            caseId: 'c9',
            caseNumber: 'TA-2026-000009',
            unitId: 'u1',
            unitName: '市场监管局',
            colour: 'red',
            reason: '二次黄牌转红牌',
            escalation: null,
            issuedAt: '2026-11-09T02:00:00Z',
          },
          {
            id: 'k2',
            caseId: 'c8',
            caseNumber: 'TA-2026-000008',
            unitId: 'u1',
            unitName: '市场监管局',
            colour: 'yellow',
            reason: '未按时反馈',
            escalation: null,
            issuedAt: '2026-11-08T02:00:00Z',
          },
        ],
        perUnit: [],
      });
    }
    if (url.startsWith('/api/v1/cases')) {
      return json({
        items: [
          {
            id: 'c1',
            number: 'TA-2026-000001',
            title: '厂区道路破损',
            status: 'signed',
            kind: 'help',
            channel: 'mobile',
            complexity: 'general',
            round: 1,
            enterpriseName: null,
            contactName: null,
            contactMobile: null,
            leadUnit: { id: 'u1', name: '市场监管局' },
            createdAt: '2026-11-02T02:00:00Z',
            updatedAt: '2026-11-02T02:00:00Z',
          },
        ],
        total: 1,
        page: 1,
        pageSize: 10,
      });
    }
    if (url.startsWith('/api/v1/reports/ranking')) return json(RANKING);
    if (url.startsWith('/api/v1/reports/trend')) {
      const trendRow = (key: string, name: string, received: number, complete = true) => ({
        ...counts,
        ...rates,
        ...averages,
        key,
        name,
        received,
        from: `${key}-01`,
        to: `${key}-28`,
        complete,
      });
      return json({
        cadence: 'month',
        rows: [trendRow('2026-10', '2026年10月', 3), trendRow('2026-11', '2026年11月', 4, false)],
      });
    }
    if (url.startsWith('/api/v1/profile')) return json({ reports: { publicPage: true } });
    if (url.startsWith('/api/v1/reports/kpis')) {
      const by = new URLSearchParams(url.split('?')[1]).get('by');
      const row = (key: string, name: string) => ({
        ...counts,
        ...rates,
        ...averages,
        key,
        name,
        received: 4,
        closed: 2,
        satisfied: 1,
        late: 2,
        closeRate: 0.5,
        satisfactionRate: 0.25,
      });
      return json({
        from: '2026-11-01',
        to: '2026-12-01',
        by,
        rows: by === 'region' ? [row('330824101', '华埠镇')] : [row('u1', '市场监管局'), row('none', '（未交办）')],
        total: { ...row('total', '合计'), received: 8 },
      });
    }
    if (url.startsWith('/api/v1/supervisions')) return json({ items: [], total: 0, page: 1, pageSize: 10 });
    return json({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function page() {
  return renderPage(<LeaderPage />, '/leader');
}

describe('LeaderPage', () => {
  it('shows the month’s figures, the charts, and the cases to push, with a supervise action for a leader', async () => {
    const fetchMock = serve(['leader']);
    page();
    await waitFor(() => expect(screen.getByTestId('kpi-open').textContent).toContain('7'));
    expect(screen.getByTestId('kpi-overdue').textContent).toContain('2');
    expect(screen.getByTestId('kpi-red').textContent).toContain('1');
    expect(screen.getByTestId('kpi-satisfaction').textContent).toContain('33.3%');

    const month = presetRange('thisMonth', new Date());
    const summaryUrl = fetchMock.mock.calls.map(([u]) => u).find((u) => u.startsWith('/api/v1/oversight/summary'));
    expect(summaryUrl).toBe(`/api/v1/oversight/summary?from=${month.from}&to=${month.to}`);
    const casesUrl = fetchMock.mock.calls.map(([u]) => u).find((u) => u.startsWith('/api/v1/cases'));
    expect(casesUrl).toContain('clock=overdue&sort=due');

    const ranking = screen.getByLabelText('单位超时与亮牌');
    expect(ranking.textContent).toBe('超时未办|红牌|黄牌');
    expect(screen.getAllByTestId('chart')).toHaveLength(6);
    // The trend: six months up to the one the period ends in, the running one named as such.
    const trendUrl = fetchMock.mock.calls.map(([u]) => u).find((u) => u.startsWith('/api/v1/reports/trend'));
    expect(trendUrl).toBe(`/api/v1/reports/trend?cadence=month&count=6&period=${month.to.slice(0, 7)}`);
    expect(screen.getByLabelText('近期走势（受理量与办结率、满意率等）').textContent).toBe(
      '受理量|办结率|按时办结率|解决率|满意率',
    );

    const overdueRow = (await screen.findByText('TA-2026-000001')).closest('tr')!;
    expect(overdueRow.querySelector('a')?.getAttribute('href')).toBe('/cases/c1');
    await screen.findByText('TA-2026-000009');
    expect(screen.queryByText('TA-2026-000008')).toBeNull(); // a yellow card is not a red-card case

    await waitFor(() => expect(within(overdueRow).getByRole('button', { name: /督\s*办/ })).toBeTruthy());
    fireEvent.click(within(overdueRow).getByRole('button', { name: /督\s*办/ }));
    await waitFor(() => expect(screen.getByText('督办 TA-2026-000001')).toBeTruthy());
  });

  it('shows the server’s ranking by the profile’s rule, ties as ties, with the red and black lists', async () => {
    serve(['leader']);
    page();
    const card = (await screen.findByText('排名与红黑榜 · 2026年11月（月度）')).closest<HTMLElement>('.ant-card')!;
    expect(within(card).getByText('按办结率、满意率从高到低排名')).toBeTruthy();
    expect(within(card).getAllByText('并列 1')).toHaveLength(2);
    const worst = within(card).getByText('市场监管局').closest('tr')!;
    expect(within(worst).getByText('黑榜')).toBeTruthy();
    expect(within(worst).getByText('50.0%')).toBeTruthy();
    expect(within(within(card).getByText('华埠镇').closest('tr')!).getByText('红榜')).toBeTruthy();
  });

  it('shows every KPI by unit or region with heat, each group opening its cases, and the total', async () => {
    const fetchMock = serve(['leader']);
    page();
    const table = await screen.findByTestId('kpi-table');
    const unit = (await within(table).findByText('市场监管局')).closest('tr')!;
    const month = presetRange('thisMonth', new Date());
    expect(within(unit).getByRole('link').getAttribute('href')).toBe(
      `/cases?unitId=u1&from=${month.from}&to=${month.to}`,
    );
    // 办结率 50 %: half-way between red and green.
    const closeRate = within(unit).getAllByText('50.0%')[0]!.closest('td')!;
    expect(closeRate.getAttribute('style')).toContain('rgb(246, 246, 203)'); // hsl(60, 70%, 88%)
    expect(within(within(table).getByText('（未交办）').closest('tr')!).queryByRole('link')).toBeNull();
    expect(within(table).getByText('合计')).toBeTruthy();
    // 晾晒: the jurisdiction publishes its ranking, and the dashboard links to the public page.
    expect((await screen.findByTestId('public-page-link')).getAttribute('href')).toBe('/p/ta');

    fireEvent.click(within(table).getByText('区域'));
    await within(table).findByText('华埠镇');
    expect(
      fetchMock.mock.calls.map(([u]) => u).some((u) => u.includes('/api/v1/reports/kpis?') && u.includes('by=region')),
    ).toBe(true);
  });

  it('draws its charts in English when the user reads English, and offers no supervision to an admin', async () => {
    localStorage.setItem('qisu.lang', 'en-US');
    serve(['admin']);
    page();
    await waitFor(() => expect(screen.getByLabelText('Overdue cases and cards per unit')).toBeTruthy());
    expect(screen.getByLabelText('Overdue cases and cards per unit').textContent).toBe(
      'Overdue|Red cards|Yellow cards',
    );
    await screen.findByText('TA-2026-000001');
    expect(screen.queryByText('Supervise')).toBeNull();
  });

  it('says why the figures did not load and loads them again on retry', async () => {
    let calls = 0;
    serve(['hub'], () => {
      calls += 1;
      return calls === 1
        ? json({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' } }, 500)
        : json(SUMMARY);
    });
    page();
    await waitFor(() => expect(screen.getByText('加载失败: 服务器内部错误，请稍后再试')).toBeTruthy());
    fireEvent.click(screen.getAllByText(/重\s*试/)[0]!);
    await waitFor(() => expect(screen.getByTestId('kpi-open').textContent).toContain('7'));
    expect(screen.queryByText('加载失败: 服务器内部错误，请稍后再试')).toBeNull();
  });
});
