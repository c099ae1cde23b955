/** Precision, recall and F1 of one label, with its number of true examples (support). */
export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Quality of a set of predictions against the truth. */
export interface ClassificationReport {
  n: number;
  accuracy: number;
  /** Unweighted mean of the per-label F1, over the labels listed in `labels`. */
  macroF1: number;
  perLabel: Record<string, LabelScores>;
  labels: string[];
  /** `confusion[i][j]`: examples of `labels[i]` predicted as `labels[j]`. */
  confusion: number[][];
}

/**
 * Scores predictions against the truth. Labels default to every label seen in either list, sorted;
 * a label never predicted and never true would add a meaningless 0 to the macro average, so it is
 * left out unless named. Precision and recall of an empty denominator are 0.
 */
export function evaluate(
  truth: readonly string[],
  predicted: readonly string[],
  labels?: readonly string[],
): ClassificationReport {
  if (truth.length !== predicted.length) throw new RangeError('truth and predictions differ in length');
  const names = labels ? [...labels] : [...new Set([...truth, ...predicted])].sort();
  const index = new Map(names.map((name, i) => [name, i]));
  const confusion = names.map(() => names.map(() => 0));
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = index.get(truth[i]!);
    const p = index.get(predicted[i]!);
    if (truth[i] === predicted[i]) correct++;
    if (t !== undefined && p !== undefined) confusion[t]![p]!++;
  }
  const perLabel: Record<string, LabelScores> = {};
  let f1Sum = 0;
  names.forEach((name, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((a, row) => a + row[i]!, 0);
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perLabel[name] = { precision, recall, f1, support };
    f1Sum += f1;
  });
  return {
    n: truth.length,
    accuracy: truth.length === 0 ? 0 : correct / truth.length,
    macroF1: names.length === 0 ? 0 : f1Sum / names.length,
    perLabel,
    labels: names,
    confusion,
  };
}

/**
 * Expected calibration error: predictions binned by confidence into `bins` equal-width bins, the
 * mean |accuracy − confidence| of each bin weighted by its share of predictions. 0 is perfect.
 */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct: readonly boolean[],
  bins = 10,
): number {
  if (confidences.length !== correct.length) throw new RangeError('confidences and outcomes differ in length');
  if (confidences.length === 0) return 0;
  const sumConf = new Array<number>(bins).fill(0);
  const sumHit = new Array<number>(bins).fill(0);
  const count = new Array<number>(bins).fill(0);
  confidences.forEach((c, i) => {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(c * bins)));
    sumConf[b]! += c;
    sumHit[b]! += correct[i] ? 1 : 0;
    count[b]!++;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b]! > 0) ece += Math.abs(sumHit[b]! - sumConf[b]!) / confidences.length;
  }
  return ece;
}

/** A small seeded generator (mulberry32): the same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place, driven by `random`. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Stratified k-fold split: returns, for each fold, the indices of its test examples (sorted). Each
 * label's examples are shuffled with the seed and dealt round-robin, continuing where the previous
 * label stopped, so fold sizes differ by at most one and every label is spread evenly.
 */
export function stratifiedKFold(labels: readonly string[], k: number, seed = 1): number[][] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError('k must be an integer ≥ 2');
  if (k > labels.length) throw new RangeError('k exceeds the number of examples');
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = byLabel.get(label);
    if (list) list.push(i);
    else byLabel.set(label, [i]);
  });
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    for (const i of shuffleInPlace(byLabel.get(label)!, random)) {
      folds[next]!.push(i);
      next = (next + 1) % k;
    }
  }
  return folds.map((fold) => fold.sort((a, b) => a - b));
}
