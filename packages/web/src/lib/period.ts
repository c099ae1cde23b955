/**
 * Reporting periods as Asia/Shanghai calendar days (UTC+8, no daylight saving), whatever the
 * browser's time zone: the server counts the same days, so a leader abroad sees the same month.
 */

/** The period picker's choices. */
export type PeriodPreset = 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'custom';

/** The choices in the order the picker shows them. */
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['thisMonth', 'lastMonth', 'thisQuarter', 'custom'];

/** Both ends included, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

/** The longest range the summary API accepts. */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** The Shanghai calendar day of an instant. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The range of a preset around `now`; `custom` has none of its own. */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, now: Date): DayRange {
  const [y, m] = shanghaiDate(now).split('-').map(Number) as [number, number];
  const month = m - 1;
  switch (preset) {
    case 'thisMonth':
      return { from: iso(y, month, 1), to: iso(y, month + 1, 0) };
    case 'lastMonth':
      return { from: iso(y, month - 1, 1), to: iso(y, month, 0) };
    case 'thisQuarter': {
      const first = month - (month % 3);
      return { from: iso(y, first, 1), to: iso(y, first + 3, 0) };
    }
  }
}

/** Whether a text is a real calendar day `YYYY-MM-DD` (2026-02-30 is not). */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}

/** Days in a range, both ends counted; 0 when `to` precedes `from` or a date is not a day. */
export function rangeDays(range: DayRange): number {
  if (!isDay(range.from) || !isDay(range.to)) return 0;
  const from = Date.parse(`${range.from}T00:00:00Z`);
  const to = Date.parse(`${range.to}T00:00:00Z`);
  if (to < from) return 0;
  return Math.round((to - from) / DAY_MS) + 1;
}

/** Whether the API will take this range (what the server checks, said before asking it). */
export function validRange(range: DayRange): boolean {
  const days = rangeDays(range);
  return days >= 1 && days <= MAX_RANGE_DAYS;
}

/**
 * The same days as the instants the card API filters on: from Shanghai midnight of `from` to
 * Shanghai midnight after `to` (its `to` is exclusive).
 */
export function rangeInstants(range: DayRange): { from: string; to: string } {
  const after = new Date(Date.parse(`${range.to}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return { from: `${range.from}T00:00:00+08:00`, to: `${after}T00:00:00+08:00` };
}

/**
 * The period a page shows, read from its URL: a preset (default this month), or `custom` with
 * `from` and `to`; a custom range the API would refuse falls back to this month.
 */
export function periodFromParams(params: URLSearchParams, now: Date): { preset: PeriodPreset; range: DayRange } {
  const preset = params.get('period');
  if (preset === 'lastMonth' || preset === 'thisQuarter') return { preset, range: presetRange(preset, now) };
  if (preset === 'custom') {
    const range = { from: params.get('from') ?? '', to: params.get('to') ?? '' };
    if (validRange(range)) return { preset, range };
  }
  return { preset: 'thisMonth', range: presetRange('thisMonth', now) };
}
