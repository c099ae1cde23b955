import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { KpiRate } from '@qisu/core';
import { KPI_LABELS } from '@qisu/core';
import type { KpiTrend, OversightSummary, OversightUnitFigures } from '../api/models';
import type { Lang } from '../i18n/i18n';
import { codeText } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { channelKey } from './oversight';

/**
 * The dashboard's charts as plain ECharts options, built from the summary without touching the
 * library (only its types), so that they are tested without a canvas and every text follows the
 * user's language. The chart wrapper registers exactly the series and components used here.
 */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | DatasetComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

/** The user's language and the translation function, for every text a chart draws. */
export interface ChartTexts {
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  lang: Lang;
}

/** One colour per meaning, shared by the charts and the figures above them. */
export const CHART_COLOURS = { overdue: '#fa541c', red: '#cf1322', yellow: '#faad14', filed: '#1677ff' } as const;

const title = (text: string): TitleComponentOption => ({ text, left: 0, textStyle: { fontSize: 14 } });
const grid: GridComponentOption = { left: 8, right: 16, top: 56, bottom: 8, containLabel: true };

/** Problems per unit as bars: overdue cases, red and yellow cards, the unit with most on top. */
export function unitRankingOption(units: readonly OversightUnitFigures[], { t }: ChartTexts): ChartOption {
  const shown = [...units].reverse();
  return {
    title: title(t('ovsRankingTitle')),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 0 },
    grid: { ...grid, bottom: 28 },
    xAxis: { type: 'value', name: t('ovsCasesAxis'), nameLocation: 'middle', nameGap: 24, minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((u) => u.unitName) },
    series: [
      { name: t('ovsOverdue'), type: 'bar', data: shown.map((u) => u.overdue), color: CHART_COLOURS.overdue },
      { name: t('ovsRed'), type: 'bar', data: shown.map((u) => u.red), color: CHART_COLOURS.red },
      { name: t('ovsYellow'), type: 'bar', data: shown.map((u) => u.yellow), color: CHART_COLOURS.yellow },
    ],
  };
}

/** The period's cases by their current state. */
export function statusPieOption(summary: OversightSummary, { t }: ChartTexts): ChartOption {
  return {
    title: title(t('ovsStatusTitle')),
    // Up to fifteen states: the slices name themselves, a legend would cover the ring.
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    series: [
      {
        name: t('ovsStatusTitle'),
        type: 'pie',
        radius: ['30%', '55%'],
        center: ['50%', '56%'],
        avoidLabelOverlap: true,
        label: { formatter: '{b} {c}' },
        data: summary.byStatus.map((s) => ({ name: codeText(t, 'status', s.status), value: s.count })),
      },
    ],
  };
}

/** A bar chart of named counts, read from a dataset (category name, count). */
function countBars(heading: string, rows: [string, number][], { t }: ChartTexts): ChartOption {
  return {
    title: title(heading),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid,
    dataset: { dimensions: ['name', 'count'], source: rows },
    xAxis: { type: 'category', axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: t('ovsCasesAxis'), minInterval: 1 },
    series: [{ name: t('ovsFiled'), type: 'bar', encode: { x: 'name', y: 'count' }, color: CHART_COLOURS.filed }],
  };
}

/** Cases filed in the period per category, in the user's language where the category has it. */
export function categoryBarOption(summary: OversightSummary, texts: ChartTexts): ChartOption {
  const rows = summary.byCategory.map((c): [string, number] => [
    (texts.lang === 'en-US' ? (c.nameEn ?? c.name) : c.name) ?? texts.t('ovsUncategorised'),
    c.count,
  ]);
  return countBars(texts.t('ovsCategoryTitle'), rows, texts);
}

/** Cases filed in the period per intake channel. */
export function channelBarOption(summary: OversightSummary, texts: ChartTexts): ChartOption {
  const rows = summary.byChannel.map((c): [string, number] => [texts.t(channelKey(c.channel)), c.count]);
  return countBars(texts.t('ovsChannelTitle'), rows, texts);
}

/** Cases filed per Shanghai calendar day of the period. */
export function dailyLineOption(summary: OversightSummary, { t }: ChartTexts): ChartOption {
  return {
    title: title(t('ovsDailyTitle')),
    tooltip: { trigger: 'axis' },
    grid,
    xAxis: { type: 'category', boundaryGap: false, data: summary.byDay.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', name: t('ovsCasesAxis'), minInterval: 1 },
    series: [
      {
        name: t('ovsFiled'),
        type: 'line',
        smooth: true,
        areaStyle: { opacity: 0.15 },
        data: summary.byDay.map((d) => d.filed),
        color: CHART_COLOURS.filed,
      },
    ],
  };
}

/** The rates the trend draws as lines, on the right axis in per cent. */
export const TREND_RATES: readonly KpiRate[] = ['closeRate', 'onTimeRate', 'solveRate', 'satisfactionRate'];

const TREND_COLOURS: Record<string, string> = {
  closeRate: '#389e0d',
  onTimeRate: '#08979c',
  solveRate: '#722ed1',
  satisfactionRate: '#d48806',
};

/**
 * The months (or quarters …) before and including the period shown: cases received as bars, and
 * 办结率, 按时办结率, 解决率 and 满意率 as lines in per cent, gaps where a period has no case to
 * divide by. The running period is named as such.
 */
export function trendOption(trend: KpiTrend, { t, lang }: ChartTexts): ChartOption {
  const en = lang === 'en-US';
  const names = trend.rows.map((r) => (r.complete ? r.name : t('ovsTrendRunning', { name: r.name })));
  const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  return {
    title: title(t('ovsTrendTitle')),
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 0 },
    grid,
    xAxis: { type: 'category', data: names },
    yAxis: [
      { type: 'value', name: t('ovsCasesAxis'), minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      {
        name: KPI_LABELS.received[en ? 'en' : 'zh'],
        type: 'bar',
        barMaxWidth: 36,
        data: trend.rows.map((r) => r.received),
        color: CHART_COLOURS.filed,
      },
      ...TREND_RATES.map((rate): LineSeriesOption => ({
        name: KPI_LABELS[rate][en ? 'en' : 'zh'],
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        data: trend.rows.map((r) => percent(r[rate])),
        color: TREND_COLOURS[rate],
      })),
    ],
  };
}

/** The worklist of the cases received in one period of the trend (the worklist's `to` is the last day itself). */
export function trendDrillDown(trend: KpiTrend, index: number): string | null {
  const row = trend.rows[index];
  if (!row) return null;
  const last = new Date(Date.parse(`${row.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return `/cases?${new URLSearchParams({ from: row.from, to: last }).toString()}`;
}

/** The charts of the dashboard that open the cases behind a bar, a slice or a day. */
export type DrillChart = 'status' | 'category' | 'channel' | 'daily' | 'units';

/**
 * The worklist of the cases behind one element of a chart, filed in the period (the worklist's
 * `to` is the last day itself): a state's slice, a category's or a channel's bar, a day's point,
 * or a unit's bar in the chart of problems (its overdue cases). Null where there is no list to
 * open (the uncategorised bar, an index off the chart).
 */
export function chartDrillDown(
  chart: DrillChart,
  index: number,
  summary: OversightSummary,
  problems: readonly OversightSummary['units'][number][],
  range: { from: string; to: string },
): string | null {
  const period = { from: range.from, to: range.to };
  const list = (filters: Record<string, string>) => `/cases?${new URLSearchParams(filters).toString()}`;
  switch (chart) {
    case 'status': {
      const s = summary.byStatus[index];
      return s ? list({ status: s.status, ...period }) : null;
    }
    case 'category': {
      const c = summary.byCategory[index];
      return c?.categoryId ? list({ categoryId: c.categoryId, ...period }) : null;
    }
    case 'channel': {
      const c = summary.byChannel[index];
      return c ? list({ channel: c.channel, ...period }) : null;
    }
    case 'daily': {
      const d = summary.byDay[index];
      return d ? list({ from: d.date, to: d.date }) : null;
    }
    case 'units': {
      // The chart draws the unit with most problems on top, that is, last.
      const u = problems[problems.length - 1 - index];
      return u ? list({ unitId: u.unitId, clock: 'overdue', sort: 'due' }) : null;
    }
  }
}
