import { describe, expect, it } from 'vitest';
import type { KpiCounts, RankingInput, RankingRule } from './kpi.js';
import { addKpiCounts, emptyKpiCounts, kpiAverages, kpiRates, rankSubjects, weightedScore } from './kpi.js';
import { lastCompletePeriod, parseReportPeriod, periodContaining, previousPeriod } from './report-period.js';

const subject = (key: string, rates: Partial<RankingInput> & { received?: number; late?: number }): RankingInput => ({
  key,
  name: key,
  received: 10,
  late: 0,
  responseRate: null,
  closeRate: null,
  onTimeRate: null,
  solveRate: null,
  satisfactionRate: null,
  redoRate: null,
  returnRate: null,
  ...rates,
});

const ordered: RankingRule = {
  method: 'ordered',
  measures: [{ kpi: 'closeRate' }, { kpi: 'satisfactionRate' }],
  listSize: 2,
};

describe('kpiRates', () => {
  it('divides each rate by its own denominator and gives null for an empty one', () => {
    const counts: KpiCounts = {
      ...emptyKpiCounts(),
      received: 8,
      respondedInTime: 6,
      closed: 4,
      closedInTime: 3,
      solved: 2,
    };
    const rates = kpiRates(counts);
    expect(rates.responseRate).toBe(0.75);
    expect(rates.closeRate).toBe(0.5);
    expect(rates.onTimeRate).toBe(0.75);
    expect(rates.solveRate).toBe(0.5);
    expect(rates.satisfactionRate).toBeNull();
    expect(rates.redoRate).toBeNull();
  });

  it('averages working minutes per timed response and per timed closing, in hours to two decimals', () => {
    // 4 responses, 3 of them timed (one came before times were kept): 200 min / 3 = 1.11 h.
    const counts: KpiCounts = { ...emptyKpiCounts(), responded: 4, responseTimed: 3, responseMinutes: 200, closed: 2 };
    expect(kpiAverages(counts)).toEqual({ avgResponseHours: 1.11, avgResolveHours: null });
  });

  it('adds and takes away rows of counts, measure by measure', () => {
    const a: KpiCounts = { ...emptyKpiCounts(), received: 5, redCards: 2, resolveMinutes: 90 };
    const b: KpiCounts = { ...emptyKpiCounts(), received: 2, redCards: 1, resolveMinutes: 30 };
    expect(addKpiCounts(a, b)).toMatchObject({ received: 7, redCards: 3, resolveMinutes: 120, closed: 0 });
    expect(addKpiCounts(a, b, -1)).toMatchObject({ received: 3, redCards: 1, resolveMinutes: 60 });
  });
});

describe('rankSubjects', () => {
  it('orders by the first measure, breaks ties by the next, and shows equal values as a tie', () => {
    const rows = rankSubjects(
      [
        subject('乙', { closeRate: 0.9, satisfactionRate: 0.8 }),
        subject('甲', { closeRate: 0.9, satisfactionRate: 0.95 }),
        subject('丙', { closeRate: 0.9, satisfactionRate: 0.8 }),
        subject('丁', { closeRate: 0.5, satisfactionRate: 1 }),
      ],
      ordered,
    );
    expect(rows.map((r) => [r.subject.key, r.rank, r.tied])).toEqual([
      ['甲', 1, false],
      ['丙', 2, true],
      ['乙', 2, true],
      ['丁', 4, false],
    ]);
  });

  it('keeps a unit with a late case or a rate of 0 off the 红榜 and a unit without cases unranked', () => {
    const rows = rankSubjects(
      [
        subject('a', { closeRate: 1, satisfactionRate: 1, late: 1 }),
        subject('b', { closeRate: 0.8, satisfactionRate: 0 }),
        subject('c', { closeRate: 0.7, satisfactionRate: 0.9 }),
        subject('d', { closeRate: 0.6, satisfactionRate: 0.9 }),
        subject('e', { received: 0 }),
      ],
      ordered,
    );
    const list = Object.fromEntries(rows.map((r) => [r.subject.key, r.list]));
    expect(list).toEqual({ a: null, b: 'black', c: 'red', d: 'red', e: null });
    expect(rows.find((r) => r.subject.key === 'e')).toMatchObject({ rank: null });
  });

  it('takes every unit tied at the last place of a list', () => {
    const rows = rankSubjects(
      [
        subject('a', { closeRate: 1, satisfactionRate: 1 }),
        subject('b', { closeRate: 0.9, satisfactionRate: 0.9 }),
        subject('c', { closeRate: 0.9, satisfactionRate: 0.9 }),
        subject('d', { closeRate: 0.1, satisfactionRate: 0.1 }),
      ],
      ordered,
    );
    expect(rows.filter((r) => r.list === 'red').map((r) => r.subject.key)).toEqual(['a', 'b', 'c']);
    expect(rows.filter((r) => r.list === 'black').map((r) => r.subject.key)).toEqual(['d']);
  });

  it('never blacklists units tied for first place', () => {
    const rows = rankSubjects(
      [
        subject('a', { closeRate: 1, satisfactionRate: 1, late: 2 }),
        subject('b', { closeRate: 1, satisfactionRate: 1, late: 1 }),
      ],
      ordered,
    );
    expect(rows.map((r) => r.list)).toEqual([null, null]);
    expect(rows.every((r) => r.rank === 1 && r.tied)).toBe(true);
  });

  it('weights the measures that have a value and ranks by the mean', () => {
    const measures = [
      { kpi: 'onTimeRate', weight: 40 },
      { kpi: 'satisfactionRate', weight: 40 },
      { kpi: 'solveRate', weight: 20 },
    ] as const;
    expect(weightedScore(subject('x', { onTimeRate: 1, satisfactionRate: 0.5, solveRate: 0 }), measures)).toBeCloseTo(
      0.6,
    );
    expect(weightedScore(subject('y', { onTimeRate: 1, solveRate: 0.5 }), measures)).toBeCloseTo(50 / 60);
    const rows = rankSubjects(
      [
        subject('x', { onTimeRate: 1, satisfactionRate: 0.5, solveRate: 0 }),
        subject('y', { onTimeRate: 1, solveRate: 0.5 }),
      ],
      { method: 'weighted', measures, listSize: 5 },
    );
    expect(rows.map((r) => r.subject.key)).toEqual(['y', 'x']);
    expect(rows[0]!.score).toBeCloseTo(50 / 60);
  });
});

describe('report periods', () => {
  it('reads month, quarter, half-year and year codes as [from, to) days', () => {
    expect(parseReportPeriod('2026-11')).toMatchObject({ cadence: 'month', from: '2026-11-01', to: '2026-12-01' });
    expect(parseReportPeriod('2026-12')).toMatchObject({ from: '2026-12-01', to: '2027-01-01' });
    expect(parseReportPeriod('2026-Q4')).toMatchObject({ cadence: 'quarter', from: '2026-10-01', to: '2027-01-01' });
    expect(parseReportPeriod('2026-H1')).toMatchObject({ cadence: 'half', from: '2026-01-01', to: '2026-07-01' });
    expect(parseReportPeriod('2026')).toMatchObject({ cadence: 'year', from: '2026-01-01', to: '2027-01-01' });
    expect(parseReportPeriod('2026-H2')!.label.zh).toBe('2026年下半年');
    for (const bad of ['2026-13', '2026-Q5', '2026-H3', '26-11', '2026-1', '0102', '1999-12'])
      expect(parseReportPeriod(bad)).toBeNull();
  });

  it('finds the period of a day, the last complete one and the one before', () => {
    expect(periodContaining('quarter', '2026-12-03').code).toBe('2026-Q4');
    expect(lastCompletePeriod('month', '2026-01-15').code).toBe('2025-12');
    expect(lastCompletePeriod('half', '2026-12-03').code).toBe('2026-H1');
    expect(lastCompletePeriod('year', '2026-12-03').code).toBe('2025');
    expect(previousPeriod(parseReportPeriod('2026-Q1')!).code).toBe('2025-Q4');
  });
});
