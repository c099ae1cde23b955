import type { CalendarDay } from '../api/models';

/**
 * How the calendar screen reads the days the server sends (`GET /api/v1/calendar`): each day's
 * status comes with its source — `local` (the jurisdiction's override), `imported` (a State
 * Council notice), `statutory` (the package data), `provisional` (holidays computed from the
 * holiday law for a year without data) or `weekday`. Dates are Shanghai calendar days.
 */

/** What a day looks like on the screen. */
export type DayKind = 'workday' | 'restday' | 'holiday' | 'makeup' | 'localWorking' | 'localOff';

/** Every kind in the order of the legend. */
export const DAY_KINDS: readonly DayKind[] = ['workday', 'restday', 'holiday', 'makeup', 'localWorking', 'localOff'];

/** Saturday or Sunday, for a `YYYY-MM-DD` date. */
export function isWeekendDate(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * The kind of a day: a local override first; a working Saturday or Sunday is a 调休 make-up
 * day; a day off that has a name, or falls on a weekday, is a holiday; any other day off is an
 * ordinary weekend. `provisional` marks holidays not yet confirmed by a notice.
 */
export function classifyDay(day: CalendarDay): { kind: DayKind; provisional: boolean } {
  if (day.source === 'local') return { kind: day.working ? 'localWorking' : 'localOff', provisional: false };
  const weekend = isWeekendDate(day.date);
  const provisional = day.source === 'provisional';
  if (day.working) return { kind: weekend ? 'makeup' : 'workday', provisional };
  if (day.name || !weekend) return { kind: 'holiday', provisional };
  return { kind: 'restday', provisional };
}

/** Where a year's holidays come from, judged from its days (a local override says nothing about it). */
export type YearBasis = 'imported' | 'statutory' | 'provisional' | 'weekdays';

/** Where a year's holidays come from: the first of its days sourced from a notice, the package or the law. */
export function yearBasis(days: readonly CalendarDay[], year: number): YearBasis {
  const prefix = `${year}-`;
  let basis: YearBasis = 'weekdays';
  for (const day of days) {
    if (!day.date.startsWith(prefix)) continue;
    if (day.source === 'imported' || day.source === 'statutory' || day.source === 'provisional') {
      basis = day.source;
      break;
    }
  }
  return basis;
}

/**
 * The dates to ask for to show any month of a year: the whole year plus the weeks of the
 * neighbouring years a month grid shows (the server allows at most 400 days).
 */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year - 1}-12-20`, to: `${year + 1}-01-14` };
}
