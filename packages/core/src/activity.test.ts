import { describe, expect, it } from 'vitest';
import type { ActivityForDays } from './activity.js';
import { leaderDaysInEnterprises } from './activity.js';

const at = (iso: string, over: Partial<ActivityForDays> = {}): ActivityForDays => ({
  heldAt: new Date(iso),
  ledBy: 'lead',
  attendeeUserIds: [],
  enterprises: 1,
  ...over,
});

describe('a leader’s days in enterprises (seed 003 二(四))', () => {
  it.each<[string, ActivityForDays[], string[], number]>([
    [
      'two activities the same day make one day',
      [at('2026-11-03T01:00:00Z'), at('2026-11-03T07:00:00Z')],
      ['2026-11-03'],
      2,
    ],
    ['an activity without enterprises does not count', [at('2026-11-04T01:00:00Z', { enterprises: 0 })], [], 0],
    ['another month is left out', [at('2026-10-31T01:00:00Z'), at('2026-12-01T01:00:00Z')], [], 0],
    [
      'the day is the Shanghai date, not the UTC one',
      [at('2026-10-31T16:30:00Z'), at('2026-11-30T16:30:00Z')],
      ['2026-11-01'],
      1,
    ],
    [
      'attending counts as leading does',
      [at('2026-11-05T02:00:00Z', { ledBy: null, attendeeUserIds: ['lead'] })],
      ['2026-11-05'],
      1,
    ],
    [
      'another leader’s activity does not count',
      [at('2026-11-06T02:00:00Z', { ledBy: 'other', attendeeUserIds: ['x'] })],
      [],
      0,
    ],
    [
      'days are distinct and ascending',
      [
        at('2026-11-20T02:00:00Z'),
        at('2026-11-02T02:00:00Z'),
        at('2026-11-20T09:00:00Z', { ledBy: null, attendeeUserIds: ['lead'] }),
      ],
      ['2026-11-02', '2026-11-20'],
      3,
    ],
  ])('%s', (_name, activities, days, count) => {
    expect(leaderDaysInEnterprises(activities, 'lead', '2026-11')).toEqual({ days, activities: count });
  });
});
