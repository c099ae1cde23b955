import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKING_HOURS,
  WorkCalendar,
  dateToDay,
  dayToDate,
  dueAt,
  durationRange,
  formatShanghai,
  isDurationSpec,
  isWithinRange,
  packageCoversYear,
  provisionalHolidays,
  shanghaiDay,
  shanghaiInstant,
  warnAt,
} from './calendar.js';

/*
 * Expected values below are worked out by hand from the official 2026 arrangement (State Council
 * notice), the holiday law as revised in 2024 for 2027, and the default working hours: winter
 * 08:30–12:00 and 14:00–17:30, summer (05-01..09-30 inclusive) 08:30–12:00 and 14:30–18:00.
 * Weekdays of 2026: Jan 1 is a Thursday; of 2027: Jan 1 is a Friday.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const OFFSET = 8 * HOUR;

/** An instant written as Shanghai wall-clock time, e.g. `2026-02-13T16:00`. */
const sh = (local: string): Date => new Date(`${local}${local.length === 16 ? ':00' : ''}+08:00`);

/** Compares two instants through their UTC rendering, independent of `formatShanghai`. */
const expectAt = (actual: Date, expectedLocal: string) =>
  expect(actual.toISOString()).toBe(sh(expectedLocal).toISOString());

/** Shanghai wall clock of an instant, computed by hand with UTC getters. */
function wall(at: Date | number): { date: string; time: string } {
  const shifted = new Date(+at + OFFSET);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`,
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`,
  };
}

/** Days since the epoch of a Shanghai calendar date, by hand. */
const manualDay = (date: string): number => {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
};
const manualDate = (day: number): string => wall(day * DAY - OFFSET).date;

const isSummer = (date: string): boolean => {
  const md = date.slice(5);
  return md >= '05-01' && md <= '09-30';
};

/** Reference working periods of a day (independent of `WorkCalendar.periods`). */
function refPeriods(cal: WorkCalendar, day: number): [number, number][] {
  if (!cal.isWorkingDay(day)) return [];
  const date = manualDate(day);
  const spans: [string, string][] = isSummer(date)
    ? [
        ['08:30', '12:00'],
        ['14:30', '18:00'],
      ]
    : [
        ['08:30', '12:00'],
        ['14:00', '17:30'],
      ];
  return spans.map(([a, b]) => [+sh(`${date}T${a}`), +sh(`${date}T${b}`)]);
}

const refCloseOfBusiness = (date: string): string => (isSummer(date) ? '18:00' : '17:30');

/** Working milliseconds between two instants, summed over reference periods. */
function refWorkingMs(cal: WorkCalendar, a: number, b: number): number {
  let total = 0;
  for (let day = Math.floor((a + OFFSET) / DAY); day <= Math.floor((b + OFFSET) / DAY); day++) {
    for (const [s, e] of refPeriods(cal, day)) total += Math.max(0, Math.min(b, e) - Math.max(a, s));
  }
  return total;
}

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

function expand(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = manualDay(from); d <= manualDay(to); d++) out.push(manualDate(d));
  return out;
}

/** The official 2026 arrangement. */
const OFF_2026 = new Set(
  [
    expand('2026-01-01', '2026-01-03'), // 元旦
    expand('2026-02-15', '2026-02-23'), // 春节
    expand('2026-04-04', '2026-04-06'), // 清明
    expand('2026-05-01', '2026-05-05'), // 劳动节
    expand('2026-06-19', '2026-06-21'), // 端午
    expand('2026-09-25', '2026-09-27'), // 中秋
    expand('2026-10-01', '2026-10-07'), // 国庆
  ].flat(),
);
const MAKEUP_2026 = new Set(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);

/**
 * 2027 by the holiday law: 13 statutory days, plus article 6's weekday make-up (补假) for the 6 of
 * them that fall on a weekend, and no 调休 working Saturdays.
 */
const PROVISIONAL_2027: [string, string][] = [
  ['2027-01-01', '元旦'], // Friday: nothing owed
  ...expand('2027-02-05', '2027-02-08').map((d): [string, string] => [d, '春节']), // 除夕 Fri Feb 5 + 3 days
  ['2027-02-09', '春节（补假）'], // Sat Feb 6 made up on Tue Feb 9
  ['2027-02-10', '春节（补假）'], // Sun Feb 7 made up on Wed Feb 10
  ['2027-04-05', '清明节'], // Monday
  ['2027-05-01', '劳动节'], // Saturday
  ['2027-05-02', '劳动节'], // Sunday
  ['2027-05-03', '劳动节（补假）'],
  ['2027-05-04', '劳动节（补假）'],
  ['2027-06-09', '端午节'], // lunar 5/5, Wednesday
  ['2027-09-15', '中秋节'], // lunar 8/15, Wednesday
  ['2027-10-01', '国庆节'], // Friday
  ['2027-10-02', '国庆节'], // Saturday
  ['2027-10-03', '国庆节'], // Sunday
  ['2027-10-04', '国庆节（补假）'],
  ['2027-10-05', '国庆节（补假）'],
];
const OFF_2027 = new Set(PROVISIONAL_2027.map(([d]) => d));

function refWorking(date: string): boolean {
  if (date.startsWith('2026-')) {
    if (MAKEUP_2026.has(date)) return true;
    if (OFF_2026.has(date)) return false;
  }
  if (date.startsWith('2027-') && OFF_2027.has(date)) return false;
  const wd = weekdayOf(date);
  return wd !== 0 && wd !== 6;
}

const cal = new WorkCalendar();

// Arbitraries: instants between 2025-01-01 and 2027-12-31 (Shanghai), either at any millisecond,
// at a whole minute, or at a period boundary (08:30, 12:00, 14:00, 14:30, 17:30, 18:00).
const T0 = +sh('2025-01-01T00:00');
const T1 = +sh('2027-12-31T23:59') + 59_999;
const D0 = manualDay('2025-01-01');
const D1 = manualDay('2027-12-31');
const dayArb = fc.integer({ min: D0, max: D1 });
const instantArb = fc
  .oneof(
    fc.integer({ min: T0, max: T1 }),
    fc.tuple(dayArb, fc.integer({ min: 0, max: 1439 })).map(([day, minute]) => day * DAY - OFFSET + minute * MINUTE),
    fc
      .tuple(dayArb, fc.constantFrom(510, 720, 840, 870, 1050, 1080))
      .map(([day, minute]) => day * DAY - OFFSET + minute * MINUTE),
  )
  .map((ms) => new Date(ms));
const nArb = fc.integer({ min: 1, max: 40 });
const RUNS = { numRuns: 200 };

describe('Shanghai day helpers', () => {
  it('formats instants at +08:00, whatever the server time zone', () => {
    // 08:00Z is 16:00 in Shanghai on the same date.
    expect(formatShanghai(new Date(Date.UTC(2026, 1, 13, 8, 0, 0)))).toBe('2026-02-13T16:00:00+08:00');
    // 16:30:00.5Z on New Year's Eve is already 00:30 of New Year's Day in Shanghai.
    expect(formatShanghai(new Date(Date.UTC(2026, 11, 31, 16, 30, 0, 500)))).toBe('2027-01-01T00:30:00.500+08:00');
  });

  it('puts the Shanghai day boundary at 16:00Z', () => {
    expect(dayToDate(shanghaiDay(Date.UTC(2026, 1, 13, 15, 59, 59, 999)))).toBe('2026-02-13');
    expect(dayToDate(shanghaiDay(Date.UTC(2026, 1, 13, 16, 0, 0)))).toBe('2026-02-14');
    expect(dateToDay('2026-02-14')).toBe(Date.UTC(2026, 1, 14) / DAY);
    // 09:00 Shanghai = 01:00Z.
    expect(shanghaiInstant(dateToDay('2026-03-03'), 9 * 60).toISOString()).toBe('2026-03-03T01:00:00.000Z');
  });

  it('(g) shanghaiDay agrees with a manual UTC+8 computation; dueAt renders at +08:00', () => {
    const specs = fc.constantFrom('immediate', 'same-day', '3h', '5wh', '2d', '7wd');
    fc.assert(
      fc.property(instantArb, specs, (from, spec) => {
        const manual = wall(from).date;
        expect(shanghaiDay(from)).toBe(manualDay(manual));
        expect(dayToDate(shanghaiDay(from))).toBe(manual);
        expect(dateToDay(manual)).toBe(shanghaiDay(from));
        const text = formatShanghai(dueAt(cal, from, spec));
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/);
        expect(text.endsWith('+08:00')).toBe(true);
        expect(Date.parse(text)).toBe(+dueAt(cal, from, spec));
        expect(formatShanghai(from).slice(0, 16)).toBe(`${manual}T${wall(from).time}`);
      }),
      RUNS,
    );
  });
});

describe('WorkCalendar day status', () => {
  it('matches the official 2026 arrangement on every day of the year (248 working days)', () => {
    let working = 0;
    for (const date of expand('2026-01-01', '2026-12-31')) {
      expect({ date, working: cal.isWorkingDay(dateToDay(date)) }).toEqual({ date, working: refWorking(date) });
      if (refWorking(date)) working++;
    }
    // 261 weekdays − 19 holidays on weekdays + 6 make-up days.
    expect(working).toBe(248);
  });

  it('names the statutory days and make-up days of 2026', () => {
    expect(cal.status(dateToDay('2026-01-04'))).toEqual({ working: true, source: 'statutory', name: '元旦' }); // Sunday, 调休
    expect(cal.status(dateToDay('2026-02-14'))).toEqual({ working: true, source: 'statutory', name: '春节' }); // Saturday
    expect(cal.status(dateToDay('2026-02-28'))).toEqual({ working: true, source: 'statutory', name: '春节' }); // Saturday
    expect(cal.status(dateToDay('2026-02-18'))).toEqual({ working: false, source: 'statutory', name: '春节' });
    expect(cal.status(dateToDay('2026-10-07'))).toEqual({ working: false, source: 'statutory', name: '国庆节' });
    expect(cal.status(dateToDay('2026-03-07'))).toEqual({ working: false, source: 'weekday' }); // plain Saturday
    expect(cal.status(dateToDay('2026-03-09'))).toEqual({ working: true, source: 'weekday' }); // plain Monday
    expect(packageCoversYear(2026)).toBe(true);
    expect(packageCoversYear(2027)).toBe(false);
  });

  it('uses summer hours from 05-01 to 09-30 inclusive', () => {
    const hours = (date: string) => cal.periods(dateToDay(date)).map(([a, b]) => `${wall(a).time}-${wall(b).time}`);
    expect(hours('2026-04-30')).toEqual(['08:30-12:00', '14:00-17:30']);
    expect(hours('2026-05-06')).toEqual(['08:30-12:00', '14:30-18:00']);
    expect(hours('2026-09-30')).toEqual(['08:30-12:00', '14:30-18:00']);
    expect(hours('2026-10-08')).toEqual(['08:30-12:00', '14:00-17:30']);
    expect(hours('2026-10-03')).toEqual([]); // 国庆, no periods
    expect(DEFAULT_WORKING_HOURS.summer?.from).toBe('05-01');
  });
});

describe('dueAt, hand-checked across 2026', () => {
  it('春节: Nwd counts the make-up Saturdays', () => {
    const fri = sh('2026-02-13T16:00'); // Friday before 春节
    // Feb 14 (Sat, 调休) = 1; Feb 15–23 off; Feb 24, 25, 26, 27 = 2..5.
    expectAt(dueAt(cal, fri, '5wd'), '2026-02-27T17:30');
    // 1wd: Feb 14, the make-up Saturday itself.
    expectAt(dueAt(cal, fri, '1wd'), '2026-02-14T17:30');
    // 6wd: Feb 28 (Sat, 调休) = 6.
    expectAt(dueAt(cal, fri, '6wd'), '2026-02-28T17:30');
    // 7wd: Mar 1 is Sunday, Mar 2 (Mon) = 7.
    expectAt(dueAt(cal, fri, '7wd'), '2026-03-02T17:30');
    // 1d: Feb 14 is a working Saturday.
    expectAt(dueAt(cal, fri, '1d'), '2026-02-14T17:30');
    // 5d: Feb 18 is in 春节, next working day Feb 24.
    expectAt(dueAt(cal, fri, '5d'), '2026-02-24T17:30');
    // 4wh: 1.5 h Friday (16:00–17:30), then 2.5 h on Saturday Feb 14 from 08:30 → 11:00.
    expectAt(dueAt(cal, fri, '4wh'), '2026-02-14T11:00');
  });

  it('receipt during 春节 counts from the first day back', () => {
    const holiday = sh('2026-02-18T10:00');
    expectAt(dueAt(cal, holiday, '1wd'), '2026-02-24T17:30'); // first working day after receipt
    expectAt(dueAt(cal, holiday, 'same-day'), '2026-02-24T17:30'); // non-working receipt day → next working day
    expectAt(dueAt(cal, holiday, 'immediate'), '2026-02-24T09:30'); // 08:30 + 1 working hour
    expectAt(dueAt(cal, holiday, '2wh'), '2026-02-24T10:30');
    expectAt(dueAt(cal, holiday, '2h'), '2026-02-18T12:00'); // natural hours ignore the holiday
    // 1d → Feb 19, in 春节 → Feb 24.
    expectAt(dueAt(cal, holiday, '1d'), '2026-02-24T17:30');
  });

  it('same-day and 1wd around close of business', () => {
    // Tuesday 2026-03-03.
    expectAt(dueAt(cal, sh('2026-03-03T18:00'), 'same-day'), '2026-03-04T17:30'); // after close → Wed
    expectAt(dueAt(cal, sh('2026-03-03T18:00'), '1wd'), '2026-03-04T17:30');
    expectAt(dueAt(cal, sh('2026-03-03T17:29'), 'same-day'), '2026-03-03T17:30'); // still open
    expectAt(dueAt(cal, sh('2026-03-03T07:00'), 'same-day'), '2026-03-03T17:30'); // before opening
    expectAt(dueAt(cal, sh('2026-03-03T13:00'), 'same-day'), '2026-03-03T17:30'); // lunch break
    expectAt(dueAt(cal, sh('2026-03-03T09:00'), '1wd'), '2026-03-04T17:30'); // receipt day never counts
    // Saturday 2026-03-07 → Monday Mar 9.
    expectAt(dueAt(cal, sh('2026-03-07T10:00'), 'same-day'), '2026-03-09T17:30');
    // Make-up Saturday 2026-02-14 is a working day.
    expectAt(dueAt(cal, sh('2026-02-14T10:00'), 'same-day'), '2026-02-14T17:30');
    // immediate at 17:00: 30 min Tuesday, 30 min Wednesday from 08:30.
    expectAt(dueAt(cal, sh('2026-03-03T17:00'), 'immediate'), '2026-03-04T09:00');
  });

  it('Nwdr counts the day of receipt (开化 "一般不过夜、最多过一夜")', () => {
    // Monday 2026-03-02 10:00: 1wdr is Monday's close, not Tuesday's as 1wd is.
    expectAt(dueAt(cal, sh('2026-03-02T10:00'), '1wdr'), '2026-03-02T17:30');
    expectAt(dueAt(cal, sh('2026-03-02T10:00'), '1wd'), '2026-03-03T17:30');
    expectAt(dueAt(cal, sh('2026-03-02T10:00'), '2wdr'), '2026-03-03T17:30');
    expectAt(dueAt(cal, sh('2026-03-02T10:00'), '3wdr'), '2026-03-04T17:30');
    // After close of business the next working day is the first counted.
    expectAt(dueAt(cal, sh('2026-03-02T18:00'), '1wdr'), '2026-03-03T17:30');
    // Friday 2026-02-13 before 春节: the make-up Saturday Feb 14 is the second day.
    expectAt(dueAt(cal, sh('2026-02-13T16:00'), '2wdr'), '2026-02-14T17:30');
    // Received in 春节: counted from Feb 24, the first day back.
    expectAt(dueAt(cal, sh('2026-02-18T10:00'), '1wdr'), '2026-02-24T17:30');
  });

  it('a range is due at its upper bound unless the hub chose within it', () => {
    expectAt(dueAt(cal, sh('2026-03-02T10:00'), '5-15wd'), '2026-03-23T17:30');
    expectAt(dueAt(cal, sh('2026-03-02T10:00'), '15wd'), '2026-03-23T17:30');
    expect(isWithinRange('5-15wd', '10wd')).toBe(true);
    expect(isWithinRange('5-15wd', '5wd')).toBe(true);
    expect(isWithinRange('5-15wd', '4wd')).toBe(false);
    expect(isWithinRange('5-15wd', '16wd')).toBe(false);
    expect(isWithinRange('5-15wd', '10d')).toBe(false);
    expect(isWithinRange('15wd', '10wd')).toBe(false);
    expect(durationRange('5-15wd')).toEqual({ min: 5, max: 15, unit: 'wd' });
    expect(durationRange('15wd')).toBeNull();
  });

  it('国庆: the make-up Saturday Oct 10, winter hours from Oct 1', () => {
    const wed = sh('2026-09-30T15:00');
    // Oct 1–7 off; Oct 8 (Thu) = 1, Oct 9 (Fri) = 2, Oct 10 (Sat, 调休) = 3; Oct 10 is winter → 17:30.
    expectAt(dueAt(cal, wed, '3wd'), '2026-10-10T17:30');
    expectAt(dueAt(cal, wed, '1wd'), '2026-10-08T17:30');
    // Oct 11 is Sunday; Oct 12 (Mon) = 4.
    expectAt(dueAt(cal, wed, '4wd'), '2026-10-12T17:30');
    // Sep 30 is still summer: closes at 18:00.
    expectAt(dueAt(cal, wed, 'same-day'), '2026-09-30T18:00');
    // 4wh: 15:00–18:00 = 3 h, then 1 h on Oct 8 from 08:30.
    expectAt(dueAt(cal, wed, '4wh'), '2026-10-08T09:30');
    // 中秋: Friday Sep 18 → Sat 19 off, Sun Sep 20 (调休) working, summer → 18:00.
    expectAt(dueAt(cal, sh('2026-09-18T10:00'), '1wd'), '2026-09-20T18:00');
    // Thursday Sep 24 → Sep 25–27 off → Monday Sep 28.
    expectAt(dueAt(cal, sh('2026-09-24T10:00'), '1wd'), '2026-09-28T18:00');
  });

  it('元旦, 清明, 劳动节 and 端午 2026', () => {
    // Wed 2025-12-31 → Jan 1–3 off → Sunday Jan 4 (调休).
    expectAt(dueAt(cal, sh('2025-12-31T10:00'), '1wd'), '2026-01-04T17:30');
    // Fri Apr 3 → Apr 4–6 off → Tue Apr 7.
    expectAt(dueAt(cal, sh('2026-04-03T10:00'), '1wd'), '2026-04-07T17:30');
    // Thu Apr 30 (winter hours) → May 1–5 off → May 6, 7, 8, 9 (Sat, 调休); summer → 18:00.
    expectAt(dueAt(cal, sh('2026-04-30T10:00'), '4wd'), '2026-05-09T18:00');
    expectAt(dueAt(cal, sh('2026-04-30T10:00'), 'same-day'), '2026-04-30T17:30');
    // Thu Jun 18 → Jun 19–21 off → Mon Jun 22.
    expectAt(dueAt(cal, sh('2026-06-18T10:00'), '1wd'), '2026-06-22T18:00');
  });

  it('natural and working hours', () => {
    // 2h natural across midnight.
    expectAt(dueAt(cal, sh('2026-03-03T23:00'), '2h'), '2026-03-04T01:00');
    expectAt(dueAt(cal, sh('2026-03-07T23:30'), '2h'), '2026-03-08T01:30'); // weekend irrelevant
    // 3wh from Friday 16:30: 1 h Friday, then Monday 08:30 + 2 h.
    expectAt(dueAt(cal, sh('2026-03-06T16:30'), '3wh'), '2026-03-09T10:30');
    // Lunch break, winter: 11:00–12:00 = 1 h, 14:00 + 1 h.
    expectAt(dueAt(cal, sh('2026-03-04T11:00'), '2wh'), '2026-03-04T15:00');
    // Lunch break, summer: 11:00–12:00 = 1 h, 14:30 + 1 h.
    expectAt(dueAt(cal, sh('2026-07-01T11:00'), '2wh'), '2026-07-01T15:30');
    // Exactly filling the morning ends at the period end, not the next period start.
    expectAt(dueAt(cal, sh('2026-03-04T09:00'), '3wh'), '2026-03-04T12:00');
    // A full winter day is 7 working hours: 08:30 Wed + 7 h = 17:30 Wed.
    expectAt(dueAt(cal, sh('2026-03-04T08:30'), '7wh'), '2026-03-04T17:30');
  });

  it('summer close of business and Nd over a weekend', () => {
    expectAt(dueAt(cal, sh('2026-07-01T09:00'), 'same-day'), '2026-07-01T18:00'); // Wednesday, summer
    // Friday 2026-03-06 afternoon: 1d → Sat Mar 7 not working → Mon Mar 9.
    expectAt(dueAt(cal, sh('2026-03-06T15:00'), '1d'), '2026-03-09T17:30');
    expectAt(dueAt(cal, sh('2026-03-06T15:00'), '2d'), '2026-03-09T17:30'); // Sunday → Monday
    expectAt(dueAt(cal, sh('2026-03-06T15:00'), '3d'), '2026-03-09T17:30'); // Monday itself
    expectAt(dueAt(cal, sh('2026-03-06T15:00'), '4d'), '2026-03-10T17:30');
    // Receipt after close of business does not shift the Nd count: Tue 18:00 + 1d = Wed.
    expectAt(dueAt(cal, sh('2026-03-03T18:00'), '1d'), '2026-03-04T17:30');
  });
});

describe('2027, beyond the package data', () => {
  it('computes 13 statutory days and 6 补假 days', () => {
    const days = provisionalHolidays(2027);
    const listed = [...days.entries()].map(([day, name]): [string, string] => [dayToDate(day), name]);
    listed.sort(([a], [b]) => a.localeCompare(b));
    expect(listed).toEqual(PROVISIONAL_2027);
    expect(days.size).toBe(19);
  });

  it('marks those days provisional and has no 调休', () => {
    expect(cal.status(dateToDay('2027-02-05'))).toEqual({ working: false, source: 'provisional', name: '春节' });
    expect(cal.status(dateToDay('2027-02-06'))).toEqual({ working: false, source: 'provisional', name: '春节' });
    expect(cal.status(dateToDay('2027-04-05'))).toEqual({ working: false, source: 'provisional', name: '清明节' });
    expect(cal.status(dateToDay('2027-02-09'))).toEqual({
      working: false,
      source: 'provisional',
      name: '春节（补假）',
    });
    expect(cal.status(dateToDay('2027-02-11'))).toEqual({ working: true, source: 'weekday' });
    let working = 0;
    for (const date of expand('2027-01-01', '2027-12-31')) {
      expect({ date, working: cal.isWorkingDay(dateToDay(date)) }).toEqual({ date, working: refWorking(date) });
      if (refWorking(date)) working++;
    }
    // 261 weekdays − 7 provisional days on weekdays (Jan 1, Feb 5, Feb 8, Apr 5, Jun 9, Sep 15, Oct 1)
    // − 6 补假 weekdays (Feb 9, 10, May 3, 4, Oct 4, 5).
    expect(working).toBe(248);
  });

  it('counts 1wd from Thu 2027-02-04 to Thu Feb 11, past the 补假 days', () => {
    // Feb 5 (Fri, 除夕) off, 6–7 weekend and 春节, 8 (Mon) 春节, 9–10 补假 → Feb 11.
    expectAt(dueAt(cal, sh('2027-02-04T10:00'), '1wd'), '2027-02-11T17:30');
  });

  it('an imported notice replaces the provisional days of its year; a local override beats both', () => {
    const imported = [
      ...expand('2027-02-05', '2027-02-11').map((date) => ({ date, working: false, name: '春节' })),
      { date: '2027-02-20', working: true, name: '春节' }, // Saturday 调休
    ];
    const notice = new WorkCalendar({ imported });
    expect(notice.status(dateToDay('2027-02-09'))).toEqual({ working: false, source: 'imported', name: '春节' });
    expect(notice.status(dateToDay('2027-02-20'))).toEqual({ working: true, source: 'imported', name: '春节' });
    // Provisional days of 2027 absent from the notice are gone: Jan 1 2027 is a plain Friday.
    expect(notice.status(dateToDay('2027-01-01'))).toEqual({ working: true, source: 'weekday' });
    expect(notice.status(dateToDay('2027-10-01'))).toEqual({ working: true, source: 'weekday' });
    expect(notice.status(dateToDay('2027-02-13'))).toEqual({ working: false, source: 'weekday' }); // Saturday
    // Other years keep the package data.
    expect(notice.status(dateToDay('2026-02-14'))).toEqual({ working: true, source: 'statutory', name: '春节' });
    // Thu Feb 4 → Feb 5–11 off (Feb 6–7 weekend) → Fri Feb 12.
    expectAt(dueAt(notice, sh('2027-02-04T10:00'), '1wd'), '2027-02-12T17:30');
    // Feb 12 = 1, Feb 13–14 weekend, Feb 15–19 = 2..6, Feb 20 (Sat, 调休) = 7.
    expectAt(dueAt(notice, sh('2027-02-04T10:00'), '7wd'), '2027-02-20T17:30');

    const local = new WorkCalendar({
      imported,
      local: [
        { date: '2027-02-20', working: false, name: '本地调整' },
        { date: '2027-02-09', working: true },
        { date: '2027-04-05', working: true },
      ],
    });
    expect(local.status(dateToDay('2027-02-20'))).toEqual({ working: false, source: 'local', name: '本地调整' });
    expect(local.status(dateToDay('2027-02-09'))).toEqual({ working: true, source: 'local' });
    // Local beats provisional too (no notice needed): 2027-04-05 becomes working.
    const localOnly = new WorkCalendar({ local: [{ date: '2027-04-05', working: true }] });
    expect(localOnly.status(dateToDay('2027-04-05'))).toEqual({ working: true, source: 'local' });
    // And beats the package data: Tue 2026-02-24 made a local holiday → 1wd from 春节 lands on Feb 25.
    const local2026 = new WorkCalendar({ local: [{ date: '2026-02-24', working: false, name: '本地假日' }] });
    expectAt(dueAt(local2026, sh('2026-02-18T10:00'), '1wd'), '2026-02-25T17:30');
  });
});

describe('warnAt', () => {
  const start = sh('2026-03-02T09:00');
  const due = sh('2026-03-09T17:30'); // Monday close of business

  it('before Nwh counts working time back from the due', () => {
    expectAt(warnAt(cal, start, due, { before: '1wh' }), '2026-03-09T16:30');
    // 17:30 → 14:00 is 3.5 h; 0.5 h more before 12:00 → 11:30.
    expectAt(warnAt(cal, start, due, { before: '4wh' }), '2026-03-09T11:30');
    // Monday 09:00: 0.5 h back to 08:30, then 0.5 h before Friday 17:30 → 17:00.
    expectAt(warnAt(cal, start, sh('2026-03-09T09:00'), { before: '1wh' }), '2026-03-06T17:00');
    // Across 春节: 1 h before Tue Feb 24 09:00 → 0.5 h, then Saturday Feb 14 (调休) 17:30 − 0.5 h.
    expectAt(warnAt(cal, sh('2026-02-13T09:00'), sh('2026-02-24T09:00'), { before: '1wh' }), '2026-02-14T17:00');
  });

  it('before Nh is natural time', () => {
    expectAt(warnAt(cal, start, due, { before: '2h' }), '2026-03-09T15:30');
    expectAt(warnAt(cal, start, sh('2026-03-09T09:00'), { before: '2h' }), '2026-03-09T07:00');
  });

  it('fraction is the share of the way from start to due', () => {
    // A natural-hour clock (10h): elapsed time, 5 h and 8 h after 08:00.
    expectAt(warnAt(cal, sh('2026-03-02T08:00'), sh('2026-03-02T18:00'), { fraction: 0.5 }, '10h'), '2026-03-02T13:00');
    expectAt(warnAt(cal, sh('2026-03-02T08:00'), sh('2026-03-02T18:00'), { fraction: 0.8 }, '10h'), '2026-03-02T16:00');
    // Otherwise working time: 7 working hours lie between 08:00 and 18:00; half is 3.5 h from 08:30 → 12:00,
    // 0.8 is 5.6 h → 3.5 h in the morning, 2.1 h from 14:00 → 16:06.
    expectAt(warnAt(cal, sh('2026-03-02T08:00'), sh('2026-03-02T18:00'), { fraction: 0.5 }), '2026-03-02T12:00');
    expectAt(warnAt(cal, sh('2026-03-02T08:00'), sh('2026-03-02T18:00'), { fraction: 0.8 }), '2026-03-02T16:06');
    expectAt(warnAt(cal, start, due, { fraction: 0 }), '2026-03-02T09:00');
    expectAt(warnAt(cal, start, due, { fraction: 1 }), '2026-03-09T17:30');
  });

  it('is never earlier than the start', () => {
    const late = sh('2026-03-09T17:00');
    expectAt(warnAt(cal, late, due, { before: '1wh' }), '2026-03-09T17:00'); // 16:30 < start
    expectAt(warnAt(cal, late, due, { before: '2h' }), '2026-03-09T17:00'); // 15:30 < start
    expectAt(warnAt(cal, late, due, { before: '40wh' }), '2026-03-09T17:00');
  });

  it('warns at the due itself for 0wh, even when the due ends a morning', () => {
    // 28 working hours from Monday noon in summer end at Friday 12:00, the end of a period.
    const from = new Date('2025-05-19T04:00:00.000Z');
    const d = dueAt(cal, from, '28wh');
    expect(+warnAt(cal, from, d, { before: '0wh' })).toBe(+d);
    expect(+warnAt(cal, from, d, { fraction: 1 })).toBeLessThanOrEqual(+d);
  });

  it('rejects an invalid warning', () => {
    expect(() => warnAt(cal, start, due, { before: '1d' })).toThrow();
    expect(() => warnAt(cal, start, due, { before: '1 wh' })).toThrow();
    expect(() => warnAt(cal, start, due, { before: '' })).toThrow();
  });

  it('lies between start and due (property)', () => {
    const warnArb = fc.oneof(
      fc.integer({ min: 0, max: 40 }).map((n) => ({ before: `${n}wh` })),
      fc.integer({ min: 0, max: 200 }).map((n) => ({ before: `${n}h` })),
      fc.double({ min: 0, max: 1, noNaN: true }).map((fraction) => ({ fraction })),
    );
    const specArb = fc.oneof(
      nArb.map((n) => `${n}wd`),
      nArb.map((n) => `${n}wh`),
      fc.constant('same-day'),
    );
    fc.assert(
      fc.property(instantArb, specArb, warnArb, (from, spec, warn) => {
        const d = dueAt(cal, from, spec);
        const w = warnAt(cal, from, d, warn);
        expect(+w).toBeGreaterThanOrEqual(+from);
        expect(+w).toBeLessThanOrEqual(+d);
        if ('before' in warn && warn.before.endsWith('wh') && +w > +from) {
          // Exactly N working hours before the due.
          expect(refWorkingMs(cal, +w, +d)).toBe(Number(warn.before.slice(0, -2)) * HOUR);
        }
      }),
      RUNS,
    );
  });
});

describe('dueAt rejects invalid specs', () => {
  it.each([
    '5 wd',
    '1w',
    '',
    'wd',
    '-1wd',
    '1.5wd',
    '12345wd',
    'Immediate',
    ' 1wd',
    '1wd ',
    '1WD',
    'same day',
    '2hh',
    '0wdr',
    '15-5wd',
    '5-5wd',
    '5-15h',
  ])('rejects %j', (spec) => {
    expect(isDurationSpec(spec)).toBe(false);
    expect(() => dueAt(cal, sh('2026-03-03T09:00'), spec)).toThrow();
  });

  it('accepts the documented forms', () => {
    for (const spec of ['immediate', 'same-day', '2h', '3wh', '1d', '5wd', '9999wd', '1wdr', '5-15wd', '2-7d'])
      expect(isDurationSpec(spec)).toBe(true);
  });
});

describe('dueAt properties (2025–2027)', () => {
  it('(a) Nwd is at close of business of a working day, after from, N working days after receipt', () => {
    fc.assert(
      fc.property(instantArb, nArb, (from, n) => {
        const due = dueAt(cal, from, `${n}wd`);
        const { date, time } = wall(due);
        const dueDay = manualDay(date);
        expect(cal.isWorkingDay(dueDay)).toBe(true);
        expect(time).toBe(refCloseOfBusiness(date));
        expect(due.getUTCSeconds() + due.getUTCMilliseconds()).toBe(0);
        expect(+due).toBeGreaterThan(+from);
        // Exactly n working days in (receipt day, due day].
        let counted = 0;
        for (let d = manualDay(wall(from).date) + 1; d <= dueDay; d++) if (cal.isWorkingDay(d)) counted++;
        expect(counted).toBe(n);
      }),
      RUNS,
    );
  });

  it('(a′) within 2026–2027, Nwd agrees with the hand-built reference calendar', () => {
    const from2026 = fc
      .integer({ min: +sh('2026-01-01T00:00'), max: +sh('2027-10-31T23:59') })
      .map((ms) => new Date(ms));
    fc.assert(
      fc.property(from2026, nArb, (from, n) => {
        let day = manualDay(wall(from).date);
        for (let k = 0; k < n; k++) {
          day++;
          while (!refWorking(manualDate(day))) day++;
        }
        const date = manualDate(day);
        expectAt(dueAt(cal, from, `${n}wd`), `${date}T${refCloseOfBusiness(date)}`);
      }),
      RUNS,
    );
  });

  it('(b) Nwd is strictly monotonic in N', () => {
    fc.assert(
      fc.property(instantArb, nArb, (from, n) => {
        expect(+dueAt(cal, from, `${n + 1}wd`)).toBeGreaterThan(+dueAt(cal, from, `${n}wd`));
      }),
      RUNS,
    );
  });

  it('(c) addWorkingDays is additive', () => {
    fc.assert(
      fc.property(dayArb, nArb, nArb, (d, a, b) => {
        expect(cal.addWorkingDays(cal.addWorkingDays(d, a), b)).toBe(cal.addWorkingDays(d, a + b));
      }),
      RUNS,
    );
  });

  it('(d) Nwh spans exactly N working hours and ends inside a working period', () => {
    fc.assert(
      fc.property(instantArb, nArb, (from, n) => {
        const due = dueAt(cal, from, `${n}wh`);
        expect(+due).toBeGreaterThan(+from);
        expect(refWorkingMs(cal, +from, +due)).toBe(n * HOUR);
        // Inside a period, possibly at its end, never at the start of the next one.
        const periods = refPeriods(cal, manualDay(wall(due).date));
        expect(periods.some(([s, e]) => +due > s && +due <= e)).toBe(true);
        // Round trip when from lies inside a working period.
        const inside = refPeriods(cal, manualDay(wall(from).date)).some(([s, e]) => +from >= s && +from < e);
        if (inside) expect(+cal.addWorkingTime(due, -n * HOUR)).toBe(+from);
      }),
      RUNS,
    );
  });

  it('(e) same-day and Nd land on a working day at close of business', () => {
    fc.assert(
      fc.property(instantArb, nArb, (from, n) => {
        const receipt = manualDay(wall(from).date);

        const same = dueAt(cal, from, 'same-day');
        const sameDate = wall(same).date;
        expect(cal.isWorkingDay(manualDay(sameDate))).toBe(true);
        expect(wall(same).time).toBe(refCloseOfBusiness(sameDate));
        expect(+same).toBeGreaterThan(+from);
        // The receipt day when still open, else the first working day after it.
        const receiptDate = wall(from).date;
        const open = cal.isWorkingDay(receipt) && +from < +sh(`${receiptDate}T${refCloseOfBusiness(receiptDate)}`);
        let expected = receipt;
        if (!open) {
          expected = receipt + 1;
          while (!cal.isWorkingDay(expected)) expected++;
        }
        expect(sameDate).toBe(manualDate(expected));

        const nd = dueAt(cal, from, `${n}d`);
        const ndDate = wall(nd).date;
        const ndDay = manualDay(ndDate);
        expect(cal.isWorkingDay(ndDay)).toBe(true);
        expect(wall(nd).time).toBe(refCloseOfBusiness(ndDate));
        // The n-th calendar day, or the first working day after it.
        expect(ndDay).toBeGreaterThanOrEqual(receipt + n);
        for (let d = receipt + n; d < ndDay; d++) expect(cal.isWorkingDay(d)).toBe(false);
      }),
      RUNS,
    );
  });

  it('(f) a local holiday on a working day is never a Nwd due, and pushes later dues by one working day', () => {
    fc.assert(
      fc.property(
        dayArb,
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 1439 }),
        nArb,
        (d, k, minute, n) => {
          const holiday = cal.workingDayOnOrAfter(d);
          const local = new WorkCalendar({ local: [{ date: manualDate(holiday), working: false, name: '本地假日' }] });
          expect(local.isWorkingDay(holiday)).toBe(false);
          const receipt = holiday - k;
          const from = new Date(receipt * DAY - OFFSET + minute * MINUTE);
          const dueDay = manualDay(wall(dueAt(local, from, `${n}wd`)).date);
          expect(dueDay).not.toBe(holiday);
          const baseDay = manualDay(wall(dueAt(cal, from, `${n}wd`)).date);
          const counted = holiday > receipt && holiday <= baseDay;
          expect(dueDay).toBe(counted ? cal.addWorkingDays(receipt, n + 1) : baseDay);
        },
      ),
      RUNS,
    );
  });
});

describe('warnAt with a fraction counts working time for working-time clocks', () => {
  const c = new WorkCalendar();
  it('warns half way through a 2wh limit that spans a weekend, on Monday morning', () => {
    // Fri 2026-11-06 17:00: 0.5 h left on Friday, 1.5 h on Monday → due Mon 10:00; half of 2 h is 1 h → Mon 09:00.
    const start = sh('2026-11-06T17:00');
    const due = dueAt(c, start, '2wh');
    expectAt(due, '2026-11-09T10:00');
    expectAt(warnAt(c, start, due, { fraction: 0.5 }, '2wh'), '2026-11-09T09:00');
  });
  it('never warns during the lunch break of a working-hour limit', () => {
    // 11:30 + 2 wh: 0.5 h before noon, 1.5 h from 14:00 → 15:30; half way is 1 h of work → 14:30, not 13:30.
    const start = sh('2026-11-04T11:30');
    const due = dueAt(c, start, '2wh');
    expectAt(due, '2026-11-04T15:30');
    expectAt(warnAt(c, start, due, { fraction: 0.5 }, '2wh'), '2026-11-04T14:30');
  });
  it('keeps elapsed time for natural-hour limits', () => {
    const start = sh('2026-11-06T17:00');
    const due = dueAt(c, start, '2h');
    expectAt(warnAt(c, start, due, { fraction: 0.5 }, '2h'), '2026-11-06T18:00');
  });
  it('measures the working time between two instants', () => {
    // Wed 10:00 → Fri 15:00: 5.5 h + 7 h + 4.5 h.
    expect(c.workingTimeBetween(sh('2026-11-04T10:00'), sh('2026-11-06T15:00'))).toBe(17 * 3_600_000);
    expect(c.workingTimeBetween(sh('2026-11-07T10:00'), sh('2026-11-08T10:00'))).toBe(0); // weekend
  });
});
