import { describe, expect, it } from 'vitest';
import type { Profile } from '@qisu/core';
import { limitOffer } from './dispatch-limit';

type Clocks = Pick<Profile, 'clocks'>;

// 涪城 三（三）1: simple cases immediately, general ones "视情况限时 5-15 个工作日", complex ones 30.
const FC: Clocks = {
  clocks: [
    { milestone: 'resolve', duration: { simple: 'immediate', general: '5-15wd', complex: '30wd' } },
    { milestone: 'revisit', duration: '2wd' },
  ],
} as Clocks;

// 开化 "123": fixed limits counting the day of dispatch.
const KH: Clocks = {
  clocks: [{ milestone: 'resolve', duration: { simple: '1wdr', general: '2wdr', complex: '3wdr' } }],
} as Clocks;

describe('limitOffer', () => {
  it('offers every working day of 涪城 general range, 5 to 15, defaulting to the upper bound', () => {
    const offer = limitOffer(FC, 'general', 'demand');
    expect(offer).toEqual({
      mode: 'choose',
      range: '5-15wd',
      choices: ['5wd', '6wd', '7wd', '8wd', '9wd', '10wd', '11wd', '12wd', '13wd', '14wd', '15wd'],
      fallback: '15wd',
    });
  });

  it('treats a case without a complexity as general, as the server does', () => {
    expect(limitOffer(FC, null, 'demand')).toMatchObject({ mode: 'choose', range: '5-15wd' });
  });

  it('gives nothing to choose where the rule is one duration, and names that duration', () => {
    expect(limitOffer(FC, 'complex', 'demand')).toEqual({ mode: 'fixed', limit: '30wd' });
    expect(limitOffer(FC, 'simple', 'demand')).toEqual({ mode: 'fixed', limit: 'immediate' });
    expect(limitOffer(KH, 'general', 'demand')).toEqual({ mode: 'fixed', limit: '2wdr' });
  });

  it('follows the rule of the case kind, and a range counted in natural days', () => {
    const byKind = {
      clocks: [
        { milestone: 'resolve', kinds: ['complaint'], duration: '3-5d' },
        { milestone: 'resolve', duration: '10wd' },
      ],
    } as Clocks;
    expect(limitOffer(byKind, 'general', 'complaint')).toEqual({
      mode: 'choose',
      range: '3-5d',
      choices: ['3d', '4d', '5d'],
      fallback: '5d',
    });
    expect(limitOffer(byKind, 'general', 'demand')).toEqual({ mode: 'fixed', limit: '10wd' });
  });

  it('shows nothing without a profile or without a resolve rule', () => {
    expect(limitOffer(null, 'general', 'demand')).toEqual({ mode: 'none' });
    expect(limitOffer({ clocks: [{ milestone: 'revisit', duration: '2wd' }] } as Clocks, 'general', 'demand')).toEqual({
      mode: 'none',
    });
  });
});
