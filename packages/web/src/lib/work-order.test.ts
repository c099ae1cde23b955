import { describe, expect, it } from 'vitest';
import type { ClockView } from '../api/models';
import { workOrderClocks } from './work-order';

const clock = (over: Partial<ClockView>): ClockView => ({
  id: 'k',
  milestone: 'resolve',
  round: 2,
  unitId: 'u1',
  title: null,
  duration: '5wd',
  startedAt: '2026-03-02T01:00:00.000Z',
  dueAt: '2026-03-09T09:30:00.000Z',
  warnAt: null,
  state: 'running',
  warnedAt: null,
  breachedAt: null,
  metAt: null,
  profileVersion: 1,
  ...over,
});

describe('workOrderClocks', () => {
  it('lists the current round’s limits earliest first, without cancelled ones or the hub’s screening', () => {
    const clocks = [
      clock({ id: 'resolve', dueAt: '2026-03-09T09:30:00.000Z' }),
      clock({ id: 'contact', milestone: 'contact', dueAt: '2026-03-02T03:00:00.000Z', state: 'met' }),
      clock({ id: 'screen', milestone: 'screening', dueAt: '2026-03-01T09:30:00.000Z', state: 'met' }),
      clock({ id: 'gone', milestone: 'feedback', state: 'cancelled' }),
      clock({ id: 'old', round: 1, dueAt: '2026-02-01T09:30:00.000Z' }),
    ];
    expect(workOrderClocks({ round: 2, clocks }).map((c) => c.id)).toEqual(['contact', 'resolve']);
    expect(workOrderClocks({ round: 3, clocks })).toEqual([]);
  });
});
