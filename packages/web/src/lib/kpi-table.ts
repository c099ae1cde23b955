import type { DayRange } from './period';

/** The dimensions of `GET /api/v1/reports/kpis`. */
export const KPI_BY = ['unit', 'category', 'region', 'channel', 'industry', 'liaison'] as const;
export type KpiBy = (typeof KPI_BY)[number];

/** The worklist filter that lists the cases of one group, where the worklist has one. */
const FILTER: Partial<Record<KpiBy, string>> = {
  unit: 'unitId',
  category: 'categoryId',
  region: 'regionCode',
  channel: 'channel',
};

/**
 * The worklist of a group's cases received in the period (the worklist's `to` is the last day
 * itself), or null where the worklist cannot filter by the dimension (industry, liaison) or for
 * the cases without a value (key `none`).
 */
export function drillDown(by: KpiBy, key: string, range: DayRange): string | null {
  const filter = FILTER[by];
  if (!filter || key === 'none' || key === 'total') return null;
  return `/cases?${new URLSearchParams({ [filter]: key, from: range.from, to: range.to }).toString()}`;
}

/**
 * The background of a rate in the heat table: green for good, through amber, to red for bad, and
 * none without a value. `higherIsBetter` is false for 重办率 and 退单率.
 */
export function heatColour(rate: number | null | undefined, higherIsBetter = true): string | undefined {
  if (rate === null || rate === undefined) return undefined;
  const good = Math.min(1, Math.max(0, higherIsBetter ? rate : 1 - rate));
  // Hue 0 (red) to 120 (green); light enough for black text.
  return `hsl(${Math.round(good * 120)}, 70%, 88%)`;
}

/** The background of a count relative to the largest of its column (the heat of the received column). */
export function countHeat(value: number, max: number): string | undefined {
  if (max <= 0 || value <= 0) return undefined;
  const share = value / max;
  return `hsl(210, 80%, ${Math.round(96 - share * 24)}%)`;
}
