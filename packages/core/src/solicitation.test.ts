import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWeekOf, isoWeekRange, weeksInYear } from './solicitation.js';

describe('ISO weeks in Asia/Shanghai', () => {
  it.each([
    ['2026-W49', '2026-11-30T00:00:00+08:00', '2026-12-07T00:00:00+08:00'],
    ['2026-W01', '2025-12-29T00:00:00+08:00', '2026-01-05T00:00:00+08:00'],
    ['2020-W53', '2020-12-28T00:00:00+08:00', '2021-01-04T00:00:00+08:00'],
    ['2027-W01', '2027-01-04T00:00:00+08:00', '2027-01-11T00:00:00+08:00'],
  ])('%s runs from %s to %s', (week, from, to) => {
    expect(isoWeekRange(week)).toEqual({ from: new Date(from), to: new Date(to) });
  });

  it('refuses weeks that do not exist or are written otherwise', () => {
    for (const bad of ['2026-W00', '2025-W53', '2026-W54', '2026W49', '2026-49', '2026-W4']) {
      expect(isoWeekRange(bad), bad).toBeNull();
    }
    expect(weeksInYear(2020)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(weeksInYear(2026)).toBe(53); // 2026 begins on a Thursday
    expect(isoWeekRange('2026-W53')?.to).toEqual(isoWeekRange('2027-W01')?.from);
  });

  it.each([
    ['2026-12-06T15:59:59Z', '2026-W49'], // Sunday 23:59:59 in Shanghai
    ['2026-12-06T16:00:00Z', '2026-W50'], // Monday 00:00 in Shanghai
    ['2026-01-01T04:00:00Z', '2026-W01'],
    ['2021-01-03T12:00:00Z', '2020-W53'],
  ])('puts %s in %s', (at, week) => {
    expect(isoWeekOf(new Date(at))).toBe(week);
  });

  it('places every instant inside the range of its own week', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (at) => {
        const range = isoWeekRange(isoWeekOf(at));
        return range !== null && range.from <= at && at < range.to;
      }),
    );
  });
});
