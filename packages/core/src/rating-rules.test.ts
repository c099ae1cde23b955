import { describe, expect, it } from 'vitest';
import { isOnScale, nearestOnScale, scaleScores, scaleText } from './rating-rules.js';

const binary = {
  satisfiedMinScore: 3,
  labels: [
    { score: 5, zh: '满意', en: 'Satisfied' },
    { score: 1, zh: '不满意', en: 'Unsatisfied' },
  ],
};
const fourLevel = {
  satisfiedMinScore: 3,
  labels: [
    { score: 5, zh: '非常满意', en: 'Very satisfied' },
    { score: 4, zh: '比较满意', en: 'Quite satisfied' },
    { score: 3, zh: '基本满意', en: 'Fairly satisfied' },
    { score: 1, zh: '不满意', en: 'Unsatisfied' },
  ],
};

describe('rating scales', () => {
  it.each([
    [binary, 5, true],
    [binary, 3, false],
    [binary, 1, true],
    [fourLevel, 2, false],
    [fourLevel, 3, true],
    [fourLevel, 1, true],
  ])('tells whether a score is on the scale (%#)', (scale, score, on) => {
    expect(isOnScale(scale, score)).toBe(on);
  });

  it.each([
    [binary, 4, 5],
    [binary, 2, 1],
    [fourLevel, 2, 1],
    [fourLevel, 4, 4],
    [fourLevel, 3, 3],
  ])('reads a five-level score on another scale keeping its meaning (%#)', (scale, wanted, read) => {
    expect(nearestOnScale(scale, wanted)).toBe(read);
  });

  it('lists the scale best first, in both languages', () => {
    expect(scaleScores(fourLevel)).toEqual([5, 4, 3, 1]);
    expect(scaleText(binary, 'zh')).toBe('5（满意）、1（不满意）');
    expect(scaleText(binary, 'en')).toBe('5 (Satisfied), 1 (Unsatisfied)');
  });
});
