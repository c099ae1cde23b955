import { describe, expect, it } from 'vitest';
import type { CalendarDay } from '../api/models';
import { classifyDay, isWeekendDate, yearBasis, yearRange } from './calendar-days';

const day = (date: string, working: boolean, source: CalendarDay['source'], name: string | null = null) => ({
  date,
  working,
  source,
  name,
});

describe('classifyDay', () => {
  it('tells working days from weekends', () => {
    expect(classifyDay(day('2026-11-02', true, 'weekday'))).toEqual({ kind: 'workday', provisional: false });
    expect(classifyDay(day('2026-11-07', false, 'weekday'))).toEqual({ kind: 'restday', provisional: false });
  });

  it('marks a working weekend day as a make-up day and a named day off as a holiday', () => {
    // 2026-02-14 (Saturday) is a 调休 working day; 2026-02-16 (Monday) is 春节.
    expect(classifyDay(day('2026-02-14', true, 'statutory', '春节')).kind).toBe('makeup');
    expect(classifyDay(day('2026-02-16', false, 'statutory', '春节')).kind).toBe('holiday');
    // A holiday that falls on a weekend is still the holiday.
    expect(classifyDay(day('2026-02-15', false, 'statutory', '春节')).kind).toBe('holiday');
    // An imported day off on a weekday without a name is a holiday too.
    expect(classifyDay(day('2027-01-04', false, 'imported')).kind).toBe('holiday');
  });

  it('puts local overrides first and flags provisional holidays', () => {
    expect(classifyDay(day('2026-12-31', false, 'local', '本地调休')).kind).toBe('localOff');
    expect(classifyDay(day('2026-12-26', true, 'local')).kind).toBe('localWorking');
    expect(classifyDay(day('2027-02-09', false, 'provisional', '春节'))).toEqual({
      kind: 'holiday',
      provisional: true,
    });
  });
});

describe('isWeekendDate', () => {
  it('knows Saturdays and Sundays in any time zone', () => {
    expect(['2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09'].map(isWeekendDate)).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('yearBasis', () => {
  it('reads where a year’s holidays come from, ignoring local overrides and other years', () => {
    const days = [
      day('2026-12-31', false, 'local', 'x'),
      day('2027-01-01', false, 'provisional', '元旦'),
      day('2026-10-01', false, 'statutory', '国庆节'),
    ];
    expect(yearBasis(days, 2027)).toBe('provisional');
    expect(yearBasis(days, 2026)).toBe('statutory');
    expect(yearBasis([day('2028-01-03', false, 'imported')], 2028)).toBe('imported');
    expect(yearBasis([day('2029-01-02', true, 'weekday'), day('2029-01-03', false, 'local')], 2029)).toBe('weekdays');
  });
});

describe('yearRange', () => {
  it('covers the grids of January and December within the server’s 400 days', () => {
    const { from, to } = yearRange(2028);
    expect(from <= '2027-12-27' && to >= '2029-01-06').toBe(true);
    const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    expect(span).toBeLessThanOrEqual(400);
  });
});
