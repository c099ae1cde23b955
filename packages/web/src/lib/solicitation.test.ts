import { describe, expect, it } from 'vitest';
import { coverageShare, problemsToSend, shiftWeek, weekSpan } from './solicitation';

describe('the week navigation of solicitation', () => {
  it('moves across the end of a year, in both directions', () => {
    expect(shiftWeek('2026-W49', 1)).toBe('2026-W50');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
    expect(shiftWeek('2026-W10', -10)).toBe('2025-W52');
    expect(shiftWeek('not-a-week', 1)).toBe('not-a-week');
  });

  it('writes the Monday to Sunday of a week in Shanghai dates', () => {
    expect(weekSpan('2026-W49', 'zh-CN')).toBe('11月30日—12月6日');
    expect(weekSpan('2026-W49', 'en-US')).toBe('Nov 30 – Dec 6');
    expect(weekSpan('2027-W01', 'zh-CN')).toBe('1月4日—1月10日');
    expect(weekSpan('2026-W60', 'zh-CN')).toBe('');
  });

  it('shares coverage as a whole percentage, none for an empty ledger', () => {
    expect(coverageShare(1, 3)).toBe(33);
    expect(coverageShare(2, 3)).toBe(67);
    expect(coverageShare(0, 0)).toBeNull();
  });

  it('sends only the problems where something was written, trimmed', () => {
    expect(
      problemsToSend([{ title: ' 路灯损坏 ', content: '夜间无照明' }, {}, undefined, { title: '', content: ' ' }]),
    ).toEqual([{ title: '路灯损坏', content: '夜间无照明' }]);
    expect(problemsToSend(undefined)).toEqual([]);
  });
});
