/**
 * Cross-validated benchmark of the category model against a baseline (character 1–3-gram TF-IDF
 * with multinomial logistic regression, implemented here), on the same stratified folds in the same
 * run. Reads the labelled messages from their path at run time and never prints their text.
 *
 * Usage: node --expose-gc packages/triage/dist/bench/triage-bench.js [--data file.jsonl] [--folds 5] [--seed 7]
 * [--only hotspots] [--hotspot-data hotspot.jsonl]
 * (`--expose-gc` lets it clear training garbage before timing predictions, as a serving process would be.)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DEFAULT_FEATURE_CONFIG,
  evaluate,
  expectedCalibrationError,
  predict,
  seededRandom,
  serialize,
  shuffleInPlace,
  stratifiedKFold,
  train,
  type ClassificationReport,
  type TrainingExample,
} from '../index.js';
import { findHotspots, hotspotReport, parseHotspotLines } from '../index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const WARM_UP = 50;

interface Message extends TrainingExample {
  id: string;
}

interface Classifier {
  predict(doc: { title: string; body: string }): { label: string; confidence: number };
  size: number;
}

interface ModelRun {
  name: string;
  truth: string[];
  predicted: string[];
  confidence: number[];
  latenciesMs: number[];
  trainMs: number[];
  sizes: number[];
  foldMacroF1: number[];
}

// ---------------------------------------------------------------------------------------------
// Baseline: character 1–3-grams over the whole normalised text, sublinear TF-IDF, L2 norm,
// multinomial logistic regression with L2 penalty trained by Adagrad (seeded order).

const BASELINE = { minDf: 2, epochs: 12, learningRate: 0.5, l2: 1e-5 };

function baselineGrams(doc: { title: string; body: string }): Map<string, number> {
  const text = `${doc.title} ${doc.body}`.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
  const chars = Array.from(text);
  const counts = new Map<string, number>();
  for (let i = 0; i < chars.length; i++) {
    let gram = '';
    for (let n = 0; n < 3 && i + n < chars.length; n++) {
      gram += chars[i + n];
      if (gram.trim().length === gram.length) counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
  }
  return counts;
}

function trainBaseline(examples: readonly Message[], seed: number): Classifier {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const docs = examples.map(baselineGrams);
  const df = new Map<string, number>();
  for (const d of docs) for (const g of d.keys()) df.set(g, (df.get(g) ?? 0) + 1);
  const index = new Map<string, number>();
  const idf: number[] = [];
  for (const [g, n] of df) {
    if (n < BASELINE.minDf) continue;
    index.set(g, idf.length);
    idf.push(Math.log((1 + docs.length) / (1 + n)) + 1);
  }
  const vectorize = (counts: Map<string, number>) => {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (const [g, c] of counts) {
      const j = index.get(g);
      if (j === undefined) continue;
      const v = (1 + Math.log(c)) * idf[j]!;
      idx.push(j);
      val.push(v);
      norm += v * v;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return { idx, val: val.map((v) => v * inv) };
  };
  const rows = docs.map(vectorize);
  const L = labels.length;
  const dims = idf.length;
  const w = new Float64Array(dims * L);
  const g2 = new Float64Array(dims * L).fill(1e-8);
  const b = new Float64Array(L);
  const labelIds = examples.map((e) => labels.indexOf(e.label));
  const order = rows.map((_, i) => i);
  const random = seededRandom(seed);
  const scoresOf = (r: { idx: number[]; val: number[] }) => {
    const s = Array.from(b);
    for (let k = 0; k < r.idx.length; k++) {
      const base = r.idx[k]! * L;
      for (let c = 0; c < L; c++) s[c]! += w[base + c]! * r.val[k]!;
    }
    return s;
  };
  const softmax = (s: number[]) => {
    const m = Math.max(...s);
    const e = s.map((x) => Math.exp(x - m));
    const z = e.reduce((a, x) => a + x, 0);
    return e.map((x) => x / z);
  };
  for (let epoch = 0; epoch < BASELINE.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const i of order) {
      const r = rows[i]!;
      const p = softmax(scoresOf(r));
      for (let c = 0; c < L; c++) {
        const err = p[c]! - (labelIds[i] === c ? 1 : 0);
        b[c]! -= 0.05 * err;
        for (let k = 0; k < r.idx.length; k++) {
          const j = r.idx[k]! * L + c;
          const grad = err * r.val[k]! + BASELINE.l2 * w[j]!;
          g2[j]! += grad * grad;
          w[j]! -= (BASELINE.learningRate * grad) / Math.sqrt(g2[j]!);
        }
      }
    }
  }
  const terms = [...index.keys()];
  const size = JSON.stringify({
    labels,
    terms,
    idf: idf.map((v) => Number(v.toFixed(4))),
    weights: Array.from(w, (v) => Number(Math.fround(v).toPrecision(6))),
    bias: Array.from(b),
  }).length;
  return {
    size,
    predict: (doc) => {
      const p = softmax(scoresOf(vectorize(baselineGrams(doc))));
      let best = 0;
      for (let c = 1; c < L; c++) if (p[c]! > p[best]!) best = c;
      return { label: labels[best]!, confidence: p[best]! };
    },
  };
}

// ---------------------------------------------------------------------------------------------

function trainProduct(examples: readonly Message[]): Classifier {
  const model = train(examples, { createdAt: new Date(0).toISOString() });
  return { size: Buffer.byteLength(serialize(model), 'utf8'), predict: (doc) => predict(model, doc) };
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Collects training garbage before timing predictions, when node runs with --expose-gc. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

function runFold(run: ModelRun, classifier: Classifier, test: readonly Message[], trainMs: number): void {
  collectGarbage();
  for (const doc of test.slice(0, WARM_UP)) classifier.predict(doc);
  const truth: string[] = [];
  const predicted: string[] = [];
  for (const doc of test) {
    const start = process.hrtime.bigint();
    const p = classifier.predict({ title: doc.title, body: doc.body });
    run.latenciesMs.push(Number(process.hrtime.bigint() - start) / 1e6);
    truth.push(doc.label);
    predicted.push(p.label);
    run.confidence.push(p.confidence);
  }
  run.truth.push(...truth);
  run.predicted.push(...predicted);
  run.trainMs.push(trainMs);
  run.sizes.push(classifier.size);
  run.foldMacroF1.push(evaluate(truth, predicted).macroF1);
}

function summarise(run: ModelRun, labels: readonly string[]) {
  const report: ClassificationReport = evaluate(run.truth, run.predicted, labels);
  const latencies = [...run.latenciesMs].sort((a, b) => a - b);
  const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const foldMean = mean(run.foldMacroF1);
  const foldSd = Math.sqrt(mean(run.foldMacroF1.map((x) => (x - foldMean) ** 2)));
  return {
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    foldMacroF1: { mean: foldMean, sd: foldSd, folds: run.foldMacroF1 },
    perLabel: report.perLabel,
    confusion: { labels: report.labels, matrix: report.confusion },
    calibrationError: expectedCalibrationError(
      run.confidence,
      run.truth.map((t, i) => t === run.predicted[i]),
    ),
    meanConfidence: mean(run.confidence),
    latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) },
    trainMsPerFold: { mean: mean(run.trainMs), folds: run.trainMs },
    sizeBytes: Math.round(mean(run.sizes)),
  };
}

/** Terminal columns of a string: Chinese characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1;
  return width;
}

function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}

/** Window of the hotspot section: the one `qisu hotspots --data` uses on a file. */
const HOTSPOT_WINDOW_DAYS = 30;

/**
 * Hotspot mining on the unlabelled messages, the same call as `qisu hotspots --data … --top 5`:
 * prints the top groups (size, likes, representative title — never a body) and the time taken.
 */
function hotspotBench(file: string) {
  const started = performance.now();
  const items = parseHotspotLines(readFileSync(file, 'utf8'));
  const { lines, summary } = hotspotReport(findHotspots(items, { windowDays: HOTSPOT_WINDOW_DAYS, top: 5 }));
  const ms = performance.now() - started;
  console.log(`\nhotspots: ${items.length} messages, ${HOTSPOT_WINDOW_DAYS}-day window, top 5 groups`);
  for (const line of lines) console.log(line);
  console.log(`hotspot mining took ${fmt(ms / 1000, 1)} s`);
  return { file, messages: items.length, windowDays: HOTSPOT_WINDOW_DAYS, durationSeconds: ms / 1000, top: summary };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'hotspot-data': { type: 'string', default: resolve(repoRoot, '../shared/data/hotspot.jsonl') },
      data: { type: 'string', default: resolve(repoRoot, '../shared/data/messages.train.jsonl') },
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '7' },
      out: { type: 'string', default: resolve(repoRoot, 'bench/results/triage.json') },
    },
  });
  if (values.only === 'hotspots') {
    // Only this section: merge it into the results of the last full run.
    const hotspots = hotspotBench(values['hotspot-data']);
    let previous: Record<string, unknown> = { benchmark: 'triage' };
    try {
      previous = JSON.parse(readFileSync(values.out, 'utf8')) as Record<string, unknown>;
    } catch {
      // no earlier results
    }
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, `${JSON.stringify({ ...previous, hotspots }, null, 2)}\n`);
    console.log(`results written to ${values.out}`);
    return;
  }
  const k = Number(values.folds);
  const seed = Number(values.seed);
  const messages: Message[] = readFileSync(values.data, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const row = JSON.parse(line) as Partial<Message>;
      return { id: String(row.id), title: row.title ?? '', body: row.body ?? '', label: String(row.label) };
    });
  const labels = [...new Set(messages.map((m) => m.label))].sort();
  const folds = stratifiedKFold(
    messages.map((m) => m.label),
    k,
    seed,
  );
  const empty = (name: string): ModelRun => ({
    name,
    truth: [],
    predicted: [],
    confidence: [],
    latenciesMs: [],
    trainMs: [],
    sizes: [],
    foldMacroF1: [],
  });
  const product = empty('product');
  const baseline = empty('baseline');
  const started = Date.now();
  console.log(`triage benchmark: ${messages.length} messages, ${labels.length} labels, ${k}-fold stratified CV`);

  folds.forEach((testIdx, f) => {
    const isTest = new Set(testIdx);
    const trainSet = messages.filter((_, i) => !isTest.has(i));
    const testSet = testIdx.map((i) => messages[i]!);
    let t = performance.now();
    const productModel = trainProduct(trainSet);
    runFold(product, productModel, testSet, performance.now() - t);
    t = performance.now();
    const baselineModel = trainBaseline(trainSet, seed + f);
    runFold(baseline, baselineModel, testSet, performance.now() - t);
    console.log(
      `fold ${f + 1}/${k}: product macro-F1 ${fmt(product.foldMacroF1[f]!)} (${fmt(product.trainMs[f]! / 1000, 1)} s)` +
        `, baseline ${fmt(baseline.foldMacroF1[f]!)} (${fmt(baseline.trainMs[f]! / 1000, 1)} s)`,
    );
  });

  const p = summarise(product, labels);
  const b = summarise(baseline, labels);
  const ratio = (x: number, y: number) => (y === 0 ? '—' : `${fmt(x / y, 3)}×`);
  const rows: [string, string, string, string][] = [
    ['accuracy', fmt(p.accuracy), fmt(b.accuracy), ratio(p.accuracy, b.accuracy)],
    ['macro-F1 (pooled)', fmt(p.macroF1), fmt(b.macroF1), ratio(p.macroF1, b.macroF1)],
    [
      'macro-F1 per fold (mean ± sd)',
      `${fmt(p.foldMacroF1.mean)} ± ${fmt(p.foldMacroF1.sd)}`,
      `${fmt(b.foldMacroF1.mean)} ± ${fmt(b.foldMacroF1.sd)}`,
      ratio(p.foldMacroF1.mean, b.foldMacroF1.mean),
    ],
    ...labels.map((l): [string, string, string, string] => [
      `F1 ${l} (n=${p.perLabel[l]!.support})`,
      fmt(p.perLabel[l]!.f1),
      fmt(b.perLabel[l]!.f1),
      ratio(p.perLabel[l]!.f1, b.perLabel[l]!.f1),
    ]),
    [
      'calibration error (ECE, 10 bins)',
      fmt(p.calibrationError),
      fmt(b.calibrationError),
      ratio(p.calibrationError, b.calibrationError),
    ],
    ['mean confidence', fmt(p.meanConfidence), fmt(b.meanConfidence), ratio(p.meanConfidence, b.meanConfidence)],
    [
      'latency p50 (ms/message)',
      fmt(p.latencyMs.p50, 3),
      fmt(b.latencyMs.p50, 3),
      ratio(p.latencyMs.p50, b.latencyMs.p50),
    ],
    [
      'latency p99 (ms/message)',
      fmt(p.latencyMs.p99, 3),
      fmt(b.latencyMs.p99, 3),
      ratio(p.latencyMs.p99, b.latencyMs.p99),
    ],
    [
      'training time per fold (s)',
      fmt(p.trainMsPerFold.mean / 1000, 1),
      fmt(b.trainMsPerFold.mean / 1000, 1),
      ratio(p.trainMsPerFold.mean, b.trainMsPerFold.mean),
    ],
    ['serialized model size (bytes)', String(p.sizeBytes), String(b.sizeBytes), ratio(p.sizeBytes, b.sizeBytes)],
  ];
  const header: [string, string, string, string] = ['metric', 'product', 'baseline', 'product/baseline'];
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const line = (r: readonly string[]) =>
    `| ${r.map((c, i) => c + ' '.repeat(widths[i]! - displayWidth(c))).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  const goal = { macroF1: 0.92, p99Ms: 5 };
  console.log(
    `\ngoal macro-F1 ≥ ${goal.macroF1}: ${p.macroF1 >= goal.macroF1 ? 'met' : 'not met'}; ` +
      `p99 ≤ ${goal.p99Ms} ms: ${p.latencyMs.p99 <= goal.p99Ms ? 'met' : 'not met'}; ` +
      `whole run ${fmt((Date.now() - started) / 1000, 0)} s`,
  );

  const result = {
    benchmark: 'triage',
    data: { file: values.data, messages: messages.length, labels },
    method: { folds: k, seed, stratified: true, warmUpPredictionsPerFold: WARM_UP },
    machine: { cpus: os.cpus().length, node: process.version },
    runAt: new Date().toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    goal,
    product: {
      description:
        'jieba words + word pairs + character 1–3-grams, title weighted, sublinear TF-IDF, one-vs-rest ' +
        'L2-loss SVM (dual coordinate descent), temperature-scaled softmax',
      features: DEFAULT_FEATURE_CONFIG,
      ...p,
    },
    baseline: {
      description: 'character 1–3-gram TF-IDF (sublinear, L2), multinomial logistic regression (Adagrad)',
      ...b,
    },
  };
  Object.assign(result, { hotspots: hotspotBench(values['hotspot-data']) });
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`results written to ${values.out}`);
}

main();
