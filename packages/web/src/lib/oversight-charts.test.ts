import { describe, expect, it } from 'vitest';
import { KPI_AVERAGE_NAMES, KPI_COUNTS, KPI_RATE_NAMES } from '@qisu/core';
import type { KpiTrend, OversightSummary } from '../api/models';
import type { Lang } from '../i18n/i18n';
import { translate } from '../i18n/i18n';
import type { ChartTexts } from './oversight-charts';
import {
  chartDrillDown,
  categoryBarOption,
  channelBarOption,
  dailyLineOption,
  statusPieOption,
  trendDrillDown,
  trendOption,
  unitRankingOption,
} from './oversight-charts';
import { unitsWithProblems } from './ranking';

const texts = (lang: Lang): ChartTexts => ({ lang, t: (key, params) => translate(lang, key, params) });

const summary: OversightSummary = {
  from: '2026-11-01',
  to: '2026-11-03',
  asOf: '2026-11-03T02:00:00.000Z',
  open: 5,
  overdue: 1,
  warned: 1,
  filed: 6,
  byStatus: [
    { status: 'redo', count: 4 },
    { status: 'closed', count: 2 },
  ],
  cards: { yellow: 1, red: 1 },
  ratings: { satisfied: 1, total: 3 },
  units: [
    {
      unitId: 'u1',
      unitName: '市场监管局',
      kind: 'department',
      openAssignments: 3,
      overdue: 1,
      yellow: 0,
      red: 1,
      replied: 4,
      repliedOnTime: 3,
      satisfied: 1,
      rated: 3,
    },
    {
      unitId: 'u2',
      unitName: '自然资源和规划局',
      kind: 'department',
      openAssignments: 4,
      overdue: 0,
      yellow: 1,
      red: 0,
      replied: 0,
      repliedOnTime: 0,
      satisfied: 0,
      rated: 0,
    },
    {
      unitId: 'u3',
      unitName: '华埠镇',
      kind: 'town',
      openAssignments: 0,
      overdue: 0,
      yellow: 0,
      red: 0,
      replied: 1,
      repliedOnTime: 1,
      satisfied: 1,
      rated: 1,
    },
  ],
  byCategory: [
    { categoryId: 'c1', name: '政策兑现', nameEn: 'Policy', count: 5 },
    { categoryId: null, name: null, nameEn: null, count: 1 },
  ],
  byChannel: [
    { channel: 'hotline12345', count: 4 },
    { channel: 'mobile', count: 2 },
  ],
  byDay: [
    { date: '2026-11-01', filed: 1 },
    { date: '2026-11-02', filed: 0 },
    { date: '2026-11-03', filed: 5 },
  ],
};

type Series = { name: string; type: string; data?: unknown[]; encode?: unknown }[];

describe('the dashboard charts as ECharts options', () => {
  it('draws the ranking worst unit on top, with overdue, red and yellow series in the user’s language', () => {
    const ranked = unitsWithProblems(summary.units);
    const zh = unitRankingOption(ranked, texts('zh-CN'));
    // Category axes draw from the bottom up: the worst unit is the last category.
    expect(zh.yAxis).toMatchObject({ type: 'category', data: ['自然资源和规划局', '市场监管局'] });
    const series = zh.series as Series;
    expect(series.map((s) => s.name)).toEqual(['超时未办', '红牌', '黄牌']);
    expect(series.map((s) => s.data)).toEqual([
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
    expect(zh.title).toMatchObject({ text: '单位超时与亮牌' });
    const en = unitRankingOption(ranked, texts('en-US'));
    expect((en.series as Series).map((s) => s.name)).toEqual(['Overdue', 'Red cards', 'Yellow cards']);
    expect(en.xAxis).toMatchObject({ name: 'Cases' });
  });

  it('names the slices of the status pie by state', () => {
    const zh = statusPieOption(summary, texts('zh-CN'));
    expect((zh.series as { data: unknown }[])[0]!.data).toEqual([
      { name: '重办中', value: 4 },
      { name: '已销号', value: 2 },
    ]);
    const en = statusPieOption(summary, texts('en-US'));
    expect((en.series as { data: { name: string }[] }[])[0]!.data.map((d) => d.name)).toEqual(['Redo', 'Closed']);
  });

  it('feeds category and channel bars through a dataset, naming what has no name', () => {
    const zh = categoryBarOption(summary, texts('zh-CN'));
    expect(zh.dataset).toEqual({
      dimensions: ['name', 'count'],
      source: [
        ['政策兑现', 5],
        ['未分类', 1],
      ],
    });
    expect((zh.series as Series)[0]).toMatchObject({
      type: 'bar',
      name: '期间受理',
      encode: { x: 'name', y: 'count' },
    });
    const en = categoryBarOption(summary, texts('en-US'));
    expect((en.dataset as { source: unknown[] }).source).toEqual([
      ['Policy', 5],
      ['Uncategorised', 1],
    ]);
    expect((channelBarOption(summary, texts('zh-CN')).dataset as { source: unknown[] }).source).toEqual([
      ['12345 热线', 4],
      ['手机端', 2],
    ]);
    expect((channelBarOption(summary, texts('en-US')).dataset as { source: unknown[] }).source).toEqual([
      ['12345 hotline', 4],
      ['Mobile', 2],
    ]);
  });

  it('draws one point per day of the period', () => {
    const line = dailyLineOption(summary, texts('en-US'));
    expect(line.xAxis).toMatchObject({ data: ['11-01', '11-02', '11-03'] });
    expect((line.series as Series)[0]).toMatchObject({ type: 'line', name: 'Filed', data: [1, 0, 5] });
  });
});

describe('chartDrillDown', () => {
  const range = { from: '2026-11-01', to: '2026-11-03' };
  const problems = unitsWithProblems(summary.units);

  it('opens the cases behind a slice, a bar or a day of the period', () => {
    expect(chartDrillDown('status', 0, summary, problems, range)).toBe(
      '/cases?status=redo&from=2026-11-01&to=2026-11-03',
    );
    expect(chartDrillDown('category', 0, summary, problems, range)).toBe(
      '/cases?categoryId=c1&from=2026-11-01&to=2026-11-03',
    );
    expect(chartDrillDown('channel', 1, summary, problems, range)).toBe(
      '/cases?channel=mobile&from=2026-11-01&to=2026-11-03',
    );
    expect(chartDrillDown('daily', 2, summary, problems, range)).toBe('/cases?from=2026-11-03&to=2026-11-03');
  });

  it('opens a unit’s overdue cases from the chart of problems, whose top bar is its last element', () => {
    // 市场监管局 has the red card and comes first, so the chart draws it last (on top).
    expect(problems.map((u) => u.unitId)).toEqual(['u1', 'u2']);
    expect(chartDrillDown('units', 1, summary, problems, range)).toBe('/cases?unitId=u1&clock=overdue&sort=due');
    expect(chartDrillDown('units', 0, summary, problems, range)).toBe('/cases?unitId=u2&clock=overdue&sort=due');
  });

  it('opens nothing for the uncategorised bar or an index off the chart', () => {
    expect(chartDrillDown('category', 1, summary, problems, range)).toBeNull();
    expect(chartDrillDown('status', 9, summary, problems, range)).toBeNull();
  });
});

describe('the trend of the months before', () => {
  const base = trendRowBase();
  const trend: KpiTrend = {
    cadence: 'month',
    rows: [
      { ...base, key: '2026-09', name: '2026年9月', from: '2026-09-01', to: '2026-10-01', complete: true, received: 0 },
      {
        ...base,
        key: '2026-10',
        name: '2026年10月',
        from: '2026-10-01',
        to: '2026-11-01',
        complete: true,
        received: 8,
        closeRate: 0.875,
        satisfactionRate: 2 / 3,
      },
      {
        ...base,
        key: '2026-11',
        name: '2026年11月',
        from: '2026-11-01',
        to: '2026-12-01',
        complete: false,
        received: 3,
      },
    ],
  };

  it('draws received cases as bars and the rates in per cent, with gaps where nothing was divided, the running month named', () => {
    const option = trendOption(trend, texts('zh-CN'));
    const xAxis = option.xAxis as { data: string[] };
    expect(xAxis.data).toEqual(['2026年9月', '2026年10月', '2026年11月（进行中）']);
    const series = option.series as { name: string; type: string; data: (number | null)[]; yAxisIndex?: number }[];
    expect(series.map((s) => s.name)).toEqual(['受理量', '办结率', '按时办结率', '解决率', '满意率']);
    expect(series[0]!.data).toEqual([0, 8, 3]);
    expect(series[1]).toMatchObject({ type: 'line', yAxisIndex: 1, data: [null, 87.5, null] });
    expect(series[4]!.data).toEqual([null, 66.7, null]);
    const english = trendOption(trend, texts('en-US'));
    expect((english.xAxis as { data: string[] }).data[2]).toBe('2026年11月 (so far)');
    expect((english.series as { name: string }[])[1]!.name).toBe('Close rate');
  });

  it('opens the cases received in the month picked, its last day included', () => {
    expect(trendDrillDown(trend, 1)).toBe('/cases?from=2026-10-01&to=2026-10-31');
    expect(trendDrillDown(trend, 3)).toBeNull();
  });
});

/** A trend row with every count zero and every rate and average empty. */
function trendRowBase() {
  return {
    ...Object.fromEntries(KPI_COUNTS.map((k) => [k, 0])),
    ...Object.fromEntries(KPI_RATE_NAMES.map((k) => [k, null])),
    ...Object.fromEntries(KPI_AVERAGE_NAMES.map((k) => [k, null])),
  } as Omit<KpiTrend['rows'][number], 'key' | 'name' | 'from' | 'to' | 'complete'>;
}
