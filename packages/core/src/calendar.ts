import chineseDays from 'chinese-days';
import dayTableJson from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/**
 * The package's own table of named days: holidays (`"English,中文,days"`) and make-up working
 * days, keyed by `YYYY-MM-DD`. Read directly, because the package's day functions interpret
 * dates in the server's local time zone. Imported as a JSON module so that Node and the
 * browser's bundler load the same table without a Node-only loader.
 */
const dayTable: { holidays: Record<string, string>; workdays: Record<string, string> } = dayTableJson;

/**
 * The working calendar of a jurisdiction, in Asia/Shanghai (UTC+8, no daylight saving) whatever
 * the server's time zone. A day's status comes from, in order: the jurisdiction's own
 * overrides, a State Council notice imported by an admin, the `chinese-days` data (statutory
 * holidays and 调休 make-up days), the statutory holidays computed from the holiday law for a
 * year the package does not cover (marked provisional), and finally the weekday.
 */

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** A calendar day as `YYYY-MM-DD`. */
export type LocalDate = string;

/** Days since 1970-01-01 of the Shanghai calendar day containing an instant. */
export function shanghaiDay(at: Date | number): number {
  return Math.floor((+at + SHANGHAI_OFFSET_MS) / DAY_MS);
}

export function dayToDate(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dateToDay(date: LocalDate): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The instant of a Shanghai wall-clock minute on a day. */
export function shanghaiInstant(day: number, minuteOfDay: number): Date {
  return new Date(day * DAY_MS + minuteOfDay * 60_000 - SHANGHAI_OFFSET_MS);
}

/** ISO 8601 with the +08:00 offset, to the second (milliseconds when present). */
export function formatShanghai(at: Date): string {
  const local = new Date(+at + SHANGHAI_OFFSET_MS).toISOString();
  const body = local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23);
  return `${body}+08:00`;
}

/** An instant as people read it in Asia/Shanghai, to the minute: `2026-11-10 17:30`. */
export function formatShanghaiMinute(at: Date): string {
  return formatShanghai(at).slice(0, 16).replace('T', ' ');
}

/** Where a day's status comes from, strongest first (see {@link WorkCalendar}). */
export const DAY_SOURCES = ['local', 'imported', 'statutory', 'provisional', 'weekday'] as const;

export type DaySource = (typeof DAY_SOURCES)[number];

export interface DayStatus {
  working: boolean;
  /** Holiday or make-up day name, when there is one. */
  name?: string;
  source: DaySource;
}

/** One day of a notice or a local override. */
export interface DayRule {
  date: LocalDate;
  working: boolean;
  name?: string;
}

/** `HH:MM` to `HH:MM`, Shanghai wall clock. */
export type Period = readonly [string, string];

export interface WorkingHours {
  /** Periods of an ordinary working day outside summer. */
  periods: readonly Period[];
  /** Summer hours, from `MM-DD` to `MM-DD` inclusive. */
  summer?: { from: string; to: string; periods: readonly Period[] };
}

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  periods: [
    ['08:30', '12:00'],
    ['14:00', '17:30'],
  ],
  summer: {
    from: '05-01',
    to: '09-30',
    periods: [
      ['08:30', '12:00'],
      ['14:30', '18:00'],
    ],
  },
};

export interface CalendarOptions {
  hours?: WorkingHours;
  /** The jurisdiction's own extra holidays and working days. */
  local?: readonly DayRule[];
  /** Days from imported State Council notices, replacing the package and provisional data of their years. */
  imported?: readonly DayRule[];
}

const minutes = (hhmm: string): number => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

const packageYears = new Map<number, boolean>();

/** Whether the `chinese-days` package carries the official arrangement of a year. */
export function packageCoversYear(year: number): boolean {
  let covered = packageYears.get(year);
  if (covered === undefined) {
    const prefix = `${year}-`;
    covered = Object.keys(dayTable.holidays).some((date) => date.startsWith(prefix));
    packageYears.set(year, covered);
  }
  return covered;
}

const weekdayOf = (day: number) => new Date(day * DAY_MS).getUTCDay();
const isWeekend = (day: number) => weekdayOf(day) === 0 || weekdayOf(day) === 6;

/** The Gregorian date of a lunar date, independent of the server's time zone. */
function solarOfLunar(year: number, month: number, day: number): number {
  // The package reads a Date's local components and adds days with setDate, so a local-time
  // Date gives the right answer in every zone; a date string would be read as UTC.
  return dateToDay(chineseDays.getSolarDateFromLunar(new Date(year, month - 1, day)).date);
}

/** 清明 by the 寿星 formula for 2001–2099: [Y×0.2422+4.81] − [Y/4] in April. */
function qingming(year: number): number {
  const y = year % 100;
  return dateToDay(`${year}-04-${String(Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4)).padStart(2, '0')}`);
}

const provisionalCache = new Map<number, Map<number, string>>();

/**
 * The statutory holidays of a year by the holiday law as revised in 2024 (元旦 1 day, 春节 from
 * 除夕 4 days, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3), each holiday falling on a Saturday or
 * Sunday made up on the following weekdays (article 6: 适逢星期六、星期日，应当在工作日补假).
 * The make-up working Saturdays that the State Council's yearly notice adds are unknown until
 * it is published, so none are assumed.
 */
export function provisionalHolidays(year: number): Map<number, string> {
  const cached = provisionalCache.get(year);
  if (cached) return cached;
  const days = new Map<number, string>();
  const groups: [number, number, string][] = [
    [dateToDay(`${year}-01-01`), 1, '元旦'],
    [solarOfLunar(year, 1, 1) - 1, 4, '春节'],
    [qingming(year), 1, '清明节'],
    [dateToDay(`${year}-05-01`), 2, '劳动节'],
    [solarOfLunar(year, 5, 5), 1, '端午节'],
    [solarOfLunar(year, 8, 15), 1, '中秋节'],
    [dateToDay(`${year}-10-01`), 3, '国庆节'],
  ];
  for (const [first, count, name] of groups) for (let i = 0; i < count; i++) days.set(first + i, name);
  for (const [first, count, name] of groups) {
    let owed = 0;
    for (let i = 0; i < count; i++) if (isWeekend(first + i)) owed++;
    for (let d = first + count; owed > 0; d++) {
      if (isWeekend(d) || days.has(d)) continue;
      days.set(d, `${name}（补假）`);
      owed--;
    }
  }
  provisionalCache.set(year, days);
  return days;
}

export class WorkCalendar {
  private readonly local: Map<number, DayRule>;
  private readonly imported: Map<number, DayRule>;
  private readonly importedYears: Set<number>;
  private readonly hours: WorkingHours;
  private readonly statusCache = new Map<number, DayStatus>();

  constructor(options: CalendarOptions = {}) {
    this.hours = options.hours ?? DEFAULT_WORKING_HOURS;
    this.local = new Map((options.local ?? []).map((r) => [dateToDay(r.date), r]));
    this.imported = new Map((options.imported ?? []).map((r) => [dateToDay(r.date), r]));
    this.importedYears = new Set((options.imported ?? []).map((r) => Number(r.date.slice(0, 4))));
  }

  /** Whether a day is a working day, and why. */
  status(day: number): DayStatus {
    let status = this.statusCache.get(day);
    if (!status) {
      status = this.computeStatus(day);
      this.statusCache.set(day, status);
    }
    return status;
  }

  private computeStatus(day: number): DayStatus {
    const rule = this.local.get(day);
    if (rule) return { working: rule.working, source: 'local', ...(rule.name ? { name: rule.name } : {}) };
    const date = dayToDate(day);
    const year = Number(date.slice(0, 4));
    const weekend = isWeekend(day);
    if (this.importedYears.has(year)) {
      const notice = this.imported.get(day);
      if (notice) return { working: notice.working, source: 'imported', ...(notice.name ? { name: notice.name } : {}) };
      return { working: !weekend, source: 'weekday' };
    }
    if (packageCoversYear(year)) {
      const holiday = dayTable.holidays[date];
      if (holiday) return { working: false, source: 'statutory', name: holiday.split(',')[1] ?? holiday };
      const workday = dayTable.workdays[date];
      if (workday) return { working: true, source: 'statutory', name: workday.split(',')[1] ?? workday };
      return { working: !weekend, source: 'weekday' };
    }
    const holiday = provisionalHolidays(year).get(day);
    if (holiday) return { working: false, source: 'provisional', name: holiday };
    return { working: !weekend, source: 'weekday' };
  }

  isWorkingDay(day: number): boolean {
    return this.status(day).working;
  }

  /** The first working day strictly after `day`. */
  nextWorkingDay(day: number): number {
    let d = day + 1;
    while (!this.isWorkingDay(d)) d++;
    return d;
  }

  /** `day` itself when it is a working day, else the next one. */
  workingDayOnOrAfter(day: number): number {
    return this.isWorkingDay(day) ? day : this.nextWorkingDay(day);
  }

  /** The n-th working day after `day` (n ≥ 1); `day` itself is never counted. */
  addWorkingDays(day: number, n: number): number {
    let d = day;
    for (let i = 0; i < n; i++) d = this.nextWorkingDay(d);
    return d;
  }

  /** Working periods of a day as instants; empty on a non-working day. */
  periods(day: number): [Date, Date][] {
    if (!this.isWorkingDay(day)) return [];
    const md = dayToDate(day).slice(5);
    const summer = this.hours.summer;
    const inSummer = summer !== undefined && md >= summer.from && md <= summer.to;
    const list = inSummer ? summer.periods : this.hours.periods;
    return list.map(([from, to]) => [shanghaiInstant(day, minutes(from)), shanghaiInstant(day, minutes(to))]);
  }

  /** Close of business of a working day (the end of its last period). */
  closeOfBusiness(day: number): Date {
    const list = this.periods(day);
    const last = list[list.length - 1];
    if (!last) throw new Error(`${dayToDate(day)} is not a working day`);
    return last[1];
  }

  /**
   * Moves by working time: forward for positive `ms`, backward for negative. An instant outside
   * working hours first moves to the next (or previous) working moment.
   */
  addWorkingTime(from: Date, ms: number): Date {
    const forward = ms >= 0;
    let remaining = Math.abs(ms);
    let day = shanghaiDay(from);
    let cursor = +from;
    for (let guard = 0; guard < 4000; guard++, day += forward ? 1 : -1) {
      const list = this.periods(day);
      const ordered = forward ? list : [...list].reverse();
      for (const [start, end] of ordered) {
        if (forward) {
          if (cursor >= +end) continue;
          const begin = Math.max(cursor, +start);
          const available = +end - begin;
          if (remaining <= available) return new Date(begin + remaining);
          remaining -= available;
          cursor = +end;
        } else {
          if (cursor <= +start) continue;
          const finish = Math.min(cursor, +end);
          const available = finish - +start;
          if (remaining <= available) return new Date(finish - remaining);
          remaining -= available;
          cursor = +start;
        }
      }
      if (remaining === 0) return new Date(cursor);
    }
    throw new Error('working time out of range');
  }

  /** Working time between two instants, in milliseconds (0 when `to` is not after `from`). */
  workingTimeBetween(from: Date, to: Date): number {
    if (+to <= +from) return 0;
    let total = 0;
    for (let day = shanghaiDay(from); day <= shanghaiDay(to); day++) {
      for (const [start, end] of this.periods(day)) {
        const a = Math.max(+start, +from);
        const b = Math.min(+end, +to);
        if (b > a) total += b - a;
      }
    }
    return total;
  }
}

/** Duration specs of SPEC §5, and `Nwdr`: N working days counting the day of receipt. */
export const DURATION_PATTERN = /^(immediate|same-day|([1-9]\d{0,3})(h|wh|d|wd|wdr))$/;

/**
 * A limit the hub chooses within at dispatch, in whole days: `5-15wd` (涪城 "5-15个工作日").
 * Where the hub chooses nothing the upper bound applies.
 */
export const DURATION_RANGE_PATTERN = /^([1-9]\d{0,3})-([1-9]\d{0,3})(d|wd|wdr)$/;

export type DurationSpec = string;

export function isDurationSpec(value: string): boolean {
  return DURATION_PATTERN.test(value) || durationRange(value) !== null;
}

/** A range spec's bounds and unit (`5-15wd` → 5, 15, `wd`), or null when it is not a range (or an empty one). */
export function durationRange(spec: DurationSpec): { min: number; max: number; unit: 'd' | 'wd' | 'wdr' } | null {
  const match = DURATION_RANGE_PATTERN.exec(spec);
  if (!match || Number(match[1]) >= Number(match[2])) return null;
  return { min: Number(match[1]), max: Number(match[2]), unit: match[3] as 'd' | 'wd' | 'wdr' };
}

/**
 * Whether `chosen` is a limit the hub may pick under `spec`: a whole number of the range's unit
 * within its bounds (`10wd` under `5-15wd`). A single duration offers no choice.
 */
export function isWithinRange(spec: DurationSpec, chosen: DurationSpec): boolean {
  const range = durationRange(spec);
  const match = DURATION_PATTERN.exec(chosen);
  if (!range || !match || match[3] !== range.unit) return false;
  const n = Number(match[2]);
  return n >= range.min && n <= range.max;
}

/**
 * When something received at `from` is due under `spec`:
 * - `Nh`: N natural hours later;
 * - `Nwh`: N working hours later, counting only working periods;
 * - `immediate`: one working hour later (the seeds say 立即 without a number);
 * - `same-day`: close of business of the receipt day, or of the next working day when received
 *   on a non-working day or after close of business;
 * - `Nd`: the N-th calendar day after the receipt day, moved to the next working day when it is
 *   not one, at close of business (民法典 arts. 201, 203);
 * - `Nwd`: the N-th working day counted from the next working day after receipt, at close of
 *   business;
 * - `Nwdr`: N working days counting the day of receipt (开化 "一般不过夜、最多过一夜": `1wdr` is
 *   the receipt day's close of business, `2wdr` the next working day's); a receipt on a
 *   non-working day or after close of business counts from the next working day;
 * - `A-B<unit>` (a range): its upper bound, unless the hub chose within it.
 */
export function dueAt(calendar: WorkCalendar, from: Date, spec: DurationSpec): Date {
  const range = durationRange(spec);
  if (range) return dueAt(calendar, from, `${range.max}${range.unit}`);
  const match = DURATION_PATTERN.exec(spec);
  if (!match) throw new Error(`invalid duration ${spec}`);
  if (spec === 'immediate') return calendar.addWorkingTime(from, 3_600_000);
  const receiptDay = shanghaiDay(from);
  const firstWorkingDay =
    calendar.isWorkingDay(receiptDay) && +from < +calendar.closeOfBusiness(receiptDay)
      ? receiptDay
      : calendar.nextWorkingDay(receiptDay);
  if (spec === 'same-day') return calendar.closeOfBusiness(firstWorkingDay);
  const n = Number(match[2]);
  const unit = match[3] as 'h' | 'wh' | 'd' | 'wd' | 'wdr';
  switch (unit) {
    case 'h':
      return new Date(+from + n * 3_600_000);
    case 'wh':
      return calendar.addWorkingTime(from, n * 3_600_000);
    case 'd':
      return calendar.closeOfBusiness(calendar.workingDayOnOrAfter(receiptDay + n));
    case 'wd':
      return calendar.closeOfBusiness(calendar.addWorkingDays(receiptDay, n));
    case 'wdr':
      return calendar.closeOfBusiness(calendar.addWorkingDays(firstWorkingDay, n - 1));
  }
}

/** Whether a duration counts natural time (`Nh`) rather than working time. */
export function isNaturalDuration(spec: DurationSpec): boolean {
  return /^\d+h$/.test(spec);
}

/**
 * When the warning of a clock falls: a duration before the due time (`Nh` natural, `Nwh`
 * working), or a fraction of the way from start to due — of working time, unless the clock's
 * own duration counts natural hours. Never before the start.
 */
export function warnAt(
  calendar: WorkCalendar,
  start: Date,
  due: Date,
  warn: { before: string } | { fraction: number },
  duration?: DurationSpec,
): Date {
  // Working-time arithmetic moves an instant that ends a period (12:00) to the start of the next
  // (14:30); a warning never comes before the start nor after the due.
  const within = (at: Date) => (at < start ? start : at > due ? due : at);
  if ('fraction' in warn) {
    if (duration !== undefined && isNaturalDuration(duration)) {
      return new Date(+start + (+due - +start) * warn.fraction);
    }
    const span = calendar.workingTimeBetween(start, due);
    if (span === 0) return new Date(+start + (+due - +start) * warn.fraction);
    return within(calendar.addWorkingTime(start, Math.round(span * warn.fraction)));
  }
  const match = /^(\d{1,4})(h|wh)$/.exec(warn.before);
  if (!match) throw new Error(`invalid warning ${warn.before}`);
  const ms = Number(match[1]) * 3_600_000;
  const at = match[2] === 'h' ? new Date(+due - ms) : calendar.addWorkingTime(due, -ms);
  return within(at);
}
