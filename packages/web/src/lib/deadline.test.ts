import { describe, expect, it } from 'vitest';
import type { DueFacts } from './deadline';
import { dueDisplay, spanText } from './deadline';

const NOW = Date.parse('2026-12-03T02:00:00.000Z'); // 10:00 in Shanghai
const HOUR = 3_600_000;
const row = (over: Partial<DueFacts>): DueFacts => ({
  dueAt: new Date(NOW + 51 * HOUR).toISOString(),
  dueMilestone: 'resolve',
  dueUnitId: 'u1',
  overdue: false,
  warned: false,
  ...over,
});

describe('a span in words', () => {
  it('names its two largest units, whole units only', () => {
    expect(spanText(51 * HOUR, 'zh-CN')).toBe('2 天 3 小时');
    expect(spanText(48 * HOUR + 59 * 60_000, 'zh-CN')).toBe('2 天');
    expect(spanText(47 * HOUR + 59 * 60_000, 'zh-CN')).toBe('1 天 23 小时');
    expect(spanText(3 * HOUR + 5 * 60_000, 'en-US')).toBe('3h 5m');
    expect(spanText(-24 * HOUR, 'zh-CN')).toBe('1 天');
  });

  it('says when less than a minute is left', () => {
    expect(spanText(59_000, 'zh-CN')).toBe('不足 1 分钟');
    expect(spanText(-1, 'en-US')).toBe('<1m');
  });
});

describe('the countdown of a list row', () => {
  it('counts down to a running limit and shows its Shanghai time', () => {
    expect(dueDisplay(row({}), NOW, 'zh-CN')).toEqual({
      text: '剩 2 天 3 小时',
      tone: 'running',
      at: '2026-12-05 13:00',
    });
    expect(dueDisplay(row({}), NOW, 'en-US')?.text).toBe('2d 3h left');
  });

  it('is amber when the server warns and red when the server says it has passed', () => {
    expect(dueDisplay(row({ warned: true }), NOW, 'zh-CN')?.tone).toBe('warned');
    const late = row({ dueAt: new Date(NOW - 26 * HOUR).toISOString(), overdue: true });
    expect(dueDisplay(late, NOW, 'zh-CN')).toMatchObject({ text: '已超期 1 天 2 小时', tone: 'overdue' });
  });

  it('leaves the verdict to the server when the browser clock disagrees', () => {
    // The server says overdue while this clock still sees the limit ahead: no span is made up.
    expect(dueDisplay(row({ overdue: true }), NOW, 'zh-CN')).toMatchObject({ text: '已超期', tone: 'overdue' });
    // The server says open while this clock sees it passed.
    const passed = row({ dueAt: new Date(NOW - HOUR).toISOString() });
    expect(dueDisplay(passed, NOW, 'zh-CN')).toMatchObject({ text: '即将到期', tone: 'running' });
  });

  it('draws another unit’s limit grey in a unit’s list, and nothing without a limit', () => {
    const late = row({ dueAt: new Date(NOW - 26 * HOUR).toISOString(), overdue: true, dueUnitId: 'hub' });
    expect(dueDisplay(late, NOW, 'zh-CN', 'u1')?.tone).toBe('other');
    expect(dueDisplay(late, NOW, 'zh-CN', 'hub')?.tone).toBe('overdue');
    expect(dueDisplay(late, NOW, 'zh-CN')?.tone).toBe('overdue');
    expect(dueDisplay(row({ dueAt: null }), NOW, 'zh-CN')).toBeNull();
  });
});
