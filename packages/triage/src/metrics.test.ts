import { describe, expect, it } from 'vitest';
import { evaluate, expectedCalibrationError, seededRandom, stratifiedKFold } from './metrics.js';

describe('evaluate', () => {
  // a: 2 of 3 right; b: 1 of 2 right, one a predicted as b; c: 1 of 1 right, one b predicted as c.
  const truth = ['a', 'a', 'a', 'b', 'b', 'c'];
  const predicted = ['a', 'a', 'b', 'b', 'c', 'c'];
  const report = evaluate(truth, predicted);

  it('computes accuracy and the confusion matrix', () => {
    expect(report.n).toBe(6);
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
    expect(report.labels).toEqual(['a', 'b', 'c']);
    expect(report.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('computes per-label precision, recall, F1 and support', () => {
    expect(report.perLabel.a).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(report.perLabel.b).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(report.perLabel.c!.precision).toBe(0.5);
    expect(report.perLabel.c!.recall).toBe(1);
    expect(report.perLabel.c!.f1).toBeCloseTo(2 / 3, 12);
  });

  it('averages F1 over labels without weighting by support', () => {
    expect(report.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
  });

  it('scores a label that is never predicted as 0 rather than failing', () => {
    const r = evaluate(['a', 'b'], ['a', 'a']);
    expect(r.perLabel.b).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('rejects lists of different lengths', () => {
    expect(() => evaluate(['a'], [])).toThrow(RangeError);
  });
});

describe('expectedCalibrationError', () => {
  it('weights each confidence bin’s gap by its share', () => {
    // Bin 0.9–1.0: mean confidence 0.95, accuracy 0.5. Bin 0.5–0.6: mean confidence 0.55, accuracy 1.
    expect(expectedCalibrationError([0.95, 0.95, 0.55, 0.55], [true, false, true, true])).toBeCloseTo(0.45, 12);
  });

  it('is 0 when confidence matches accuracy', () => {
    expect(expectedCalibrationError([1, 1, 0.5, 0.5], [true, true, true, false])).toBeCloseTo(0, 12);
  });
});

describe('stratifiedKFold', () => {
  const labels = [...Array<string>(10).fill('x'), ...Array<string>(7).fill('y'), ...Array<string>(3).fill('z')];

  it('partitions every index into exactly one fold of near-equal size', () => {
    const folds = stratifiedKFold(labels, 3, 5);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    const sizes = folds.map((f) => f.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('spreads each label evenly over the folds', () => {
    const folds = stratifiedKFold(labels, 3, 5);
    for (const label of ['x', 'y', 'z']) {
      const counts = folds.map((f) => f.filter((i) => labels[i] === label).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(stratifiedKFold(labels, 4, 9)).toEqual(stratifiedKFold(labels, 4, 9));
    expect(stratifiedKFold(labels, 4, 9)).not.toEqual(stratifiedKFold(labels, 4, 10));
  });

  it('refuses k below 2', () => {
    expect(() => stratifiedKFold(labels, 1)).toThrow(RangeError);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
