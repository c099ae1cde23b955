import { describe, expect, it } from 'vitest';
import type { ClockRule } from './profile.js';
import { resolveLimitChoices } from './profile.js';

const rule = (duration: ClockRule['duration'], kinds?: ClockRule['kinds']): ClockRule => ({
  milestone: 'resolve',
  duration,
  note: '',
  ...(kinds ? { kinds } : {}),
});

describe('resolveLimitChoices', () => {
  // 涪城 三（三）1: simple cases at once, general ones "视情况限时 5-15 个工作日", complex ones 30.
  const fc = { clocks: [rule({ simple: 'immediate', general: '5-15wd', complex: '30wd' })] };

  it('offers every working day of a range, lowest first', () => {
    const { spec, choices } = resolveLimitChoices(fc, 'general', 'demand');
    expect(spec).toBe('5-15wd');
    expect(choices).toHaveLength(11);
    expect(choices[0]).toBe('5wd');
    expect(choices.at(-1)).toBe('15wd');
    expect(choices).toContain('10wd');
  });

  it('reads a case without a complexity as general', () => {
    expect(resolveLimitChoices(fc, null, 'demand').choices).toContain('7wd');
  });

  it('offers nothing where the limit is fixed', () => {
    expect(resolveLimitChoices(fc, 'complex', 'demand')).toEqual({ spec: '30wd', choices: [] });
    expect(resolveLimitChoices(fc, 'simple', 'demand')).toEqual({ spec: 'immediate', choices: [] });
  });

  it('takes the first resolve rule that applies to the case kind', () => {
    const profile = {
      clocks: [
        { milestone: 'contact', duration: '1wd', note: '' } as ClockRule,
        rule('3-5wd', ['complaint']),
        rule('10wd'),
      ],
    };
    expect(resolveLimitChoices(profile, 'general', 'complaint').choices).toEqual(['3wd', '4wd', '5wd']);
    expect(resolveLimitChoices(profile, 'general', 'demand')).toEqual({ spec: '10wd', choices: [] });
  });

  it('has no limit at all where no resolve rule applies', () => {
    expect(resolveLimitChoices({ clocks: [] }, 'general', 'demand')).toEqual({ spec: null, choices: [] });
  });
});
