import { describe, expect, it } from 'vitest';
import type { RatingProfile } from './rating';
import { ratingOptions, unsatisfiedOutcome } from './rating';

/** The scales of three seed presets (profiles/tz.yaml, jhj.yaml, kh.yaml). */
const tz: RatingProfile = {
  rating: {
    scale: '4-level',
    satisfiedMinScore: 3,
    labels: [
      { score: 5, zh: '非常满意', en: 'Very satisfied' },
      { score: 4, zh: '比较满意', en: 'Quite satisfied' },
      { score: 3, zh: '基本满意', en: 'Fairly satisfied' },
      { score: 1, zh: '不满意', en: 'Unsatisfied' },
    ],
  },
  loop: { reviewAfterRounds: 2 },
};
const jhj: RatingProfile = {
  rating: {
    scale: 'binary',
    satisfiedMinScore: 3,
    labels: [
      { score: 1, zh: '不满意', en: 'Unsatisfied' },
      { score: 5, zh: '满意', en: 'Satisfied' },
    ],
  },
  loop: { reviewAfterRounds: 3 },
};

describe('ratingOptions', () => {
  it('offers the four answers of a 4-level scale, best first, in Chinese', () => {
    expect(ratingOptions(tz, 'zh-CN')).toEqual([
      { score: 5, label: '非常满意', satisfied: true },
      { score: 4, label: '比较满意', satisfied: true },
      { score: 3, label: '基本满意', satisfied: true },
      { score: 1, label: '不满意', satisfied: false },
    ]);
  });

  it('offers two answers of a binary scale, in English, best first whatever the profile’s order', () => {
    expect(ratingOptions(jhj, 'en-US')).toEqual([
      { score: 5, label: 'Satisfied', satisfied: true },
      { score: 1, label: 'Unsatisfied', satisfied: false },
    ]);
  });

  it('follows the profile’s threshold of satisfaction', () => {
    const strict = { ...tz, rating: { ...tz.rating, satisfiedMinScore: 4 } };
    expect(ratingOptions(strict, 'zh-CN').map((o) => o.satisfied)).toEqual([true, true, false, false]);
  });

  it('drops labels outside 1–5 and repeated scores', () => {
    const odd: RatingProfile = {
      rating: {
        scale: '5-level',
        satisfiedMinScore: 3,
        labels: [
          { score: 6, zh: '超级满意', en: 'Super' },
          { score: 4, zh: '满意', en: 'Satisfied' },
          { score: 4, zh: '又一个', en: 'Again' },
          { score: 0, zh: '零', en: 'Zero' },
        ],
      },
    };
    expect(ratingOptions(odd, 'zh-CN')).toEqual([{ score: 4, label: '满意', satisfied: true }]);
  });
});

describe('unsatisfiedOutcome', () => {
  it('is nothing for a satisfied score', () => {
    expect(unsatisfiedOutcome(3, tz, 0)).toBeNull();
    expect(unsatisfiedOutcome(5, jhj, 5)).toBeNull();
  });

  it('sends the case back for redo until the rounds before review are used up', () => {
    expect(unsatisfiedOutcome(1, tz, 0)).toBe('redo');
    expect(unsatisfiedOutcome(1, tz, 1)).toBe('review');
    expect(unsatisfiedOutcome(1, jhj, 1)).toBe('redo');
    expect(unsatisfiedOutcome(1, jhj, 2)).toBe('review');
  });

  it('assumes two rounds when the profile does not say', () => {
    const bare: RatingProfile = { rating: tz.rating };
    expect(unsatisfiedOutcome(2, bare, 0)).toBe('redo');
    expect(unsatisfiedOutcome(2, bare, 1)).toBe('review');
  });
});
