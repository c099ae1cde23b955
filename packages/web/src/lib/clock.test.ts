import { describe, expect, it } from 'vitest';
import type { ClockView } from '../api/models';
import { clockTone, formatSpan, shanghaiTime } from './clock';

const clock = (over: Partial<ClockView>): ClockView => ({
  id: 'c',
  milestone: 'resolve',
  round: 1,
  unitId: null,
  title: null,
  duration: '5wd',
  startedAt: '2026-11-06T07:00:00.000Z',
  dueAt: '2026-11-13T09:30:00.000Z',
  warnAt: null,
  state: 'running',
  warnedAt: null,
  breachedAt: null,
  metAt: null,
  profileVersion: null,
  ...over,
});

describe('clockTone', () => {
  const start = Date.parse('2026-11-06T07:00:00.000Z');
  const due = Date.parse('2026-11-13T09:30:00.000Z');
  it('is blue early, orange in the last fifth, red past due', () => {
    expect(clockTone(clock({}), start + 1000)).toBe('processing');
    expect(clockTone(clock({}), due - (due - start) * 0.1)).toBe('warning');
    expect(clockTone(clock({}), due + 1)).toBe('error');
  });
  it('follows the server state when warned, breached, paused or met', () => {
    expect(clockTone(clock({ state: 'warned' }), start)).toBe('warning');
    expect(clockTone(clock({ state: 'breached' }), start)).toBe('error');
    expect(clockTone(clock({ state: 'paused' }), due + 1)).toBe('default');
    expect(clockTone(clock({ state: 'met' }), due + 1)).toBe('success');
    expect(clockTone(clock({ state: 'met', breachedAt: '2026-11-13T09:30:00.000Z' }), due + 1)).toBe('error');
  });
});

describe('formatSpan', () => {
  it('shows the two largest units in the user’s language', () => {
    const ms = (2 * 1440 + 3 * 60 + 15) * 60_000;
    expect(formatSpan(ms, 'zh-CN')).toBe('2天3小时');
    expect(formatSpan(ms, 'en-US')).toBe('2d 3h');
    expect(formatSpan(-45 * 60_000, 'zh-CN')).toBe('45分钟');
    expect(formatSpan(30_000, 'en-US')).toBe('0m');
  });
});

describe('shanghaiTime', () => {
  it('shows an instant on the Shanghai wall clock whatever the browser’s zone', () => {
    expect(shanghaiTime('2026-11-13T09:30:00.000Z')).toBe('2026-11-13 17:30');
    expect(shanghaiTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30');
  });
});
