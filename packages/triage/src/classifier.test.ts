import { describe, expect, it } from 'vitest';
import {
  deserialize,
  fitTemperature,
  predict,
  serialize,
  smoothProbabilities,
  train,
  type TrainingExample,
} from './classifier.js';
import { isDictionaryWord, normalizeText, segmentWords } from './tokens.js';

/** Invented complaints, three clearly separated topics. */
const TOY: TrainingExample[] = [
  { label: '环境', title: '废气扰民', body: '工厂夜间排放刺鼻废气，附近居民呼吸困难' },
  { label: '环境', title: '河道污染', body: '河道里漂满垃圾，污水发黑发臭' },
  { label: '环境', title: '工地噪音', body: '施工工地噪音扰民，夜里无法入睡' },
  { label: '环境', title: '偷排污水', body: '化工厂偷排污水，污染了农田和鱼塘' },
  { label: '环境', title: '油烟污染', body: '烧烤店油烟太大，熏得居民无法开窗' },
  { label: '环境', title: '焚烧黑烟', body: '垃圾焚烧厂冒黑烟，空气污染严重' },
  { label: '交通', title: '公交班次少', body: '公交车班次太少，早高峰等车要一个小时' },
  { label: '交通', title: '红绿灯故障', body: '路口红绿灯坏了，车辆乱行很危险' },
  { label: '交通', title: '地铁接驳', body: '地铁站出口没有公交接驳，换乘不方便' },
  { label: '交通', title: '道路坑洼', body: '道路坑洼不平，电动车经常摔倒' },
  { label: '交通', title: '出租车拒载', body: '出租车司机拒载乘客还故意绕路' },
  { label: '交通', title: '收费站拥堵', body: '高速收费站车辆排队太长，通行缓慢' },
  { label: '教育', title: '食堂饭菜差', body: '学校食堂饭菜质量差，学生吃不饱' },
  { label: '教育', title: '入园难', body: '幼儿园收费太高，孩子入园难' },
  { label: '教育', title: '有偿补课', body: '老师课后有偿补课，家长负担重' },
  { label: '教育', title: '作业太多', body: '中学作业太多，学生睡眠不足' },
  { label: '教育', title: '学位紧张', body: '小学学位紧张，孩子上学难' },
  { label: '教育', title: '教师待遇', body: '乡村教师工资偏低，学校留不住老师' },
];

const UNSEEN = [
  { title: '', body: '小区旁边的工厂排放废气和污水' },
  { title: '公交', body: '希望增加公交车班次' },
  { title: '', body: '学校老师布置的作业太多' },
];

const model = train(TOY, { createdAt: '2024-05-01T08:00:00+08:00' });

describe('train and predict', () => {
  it('misclassifies nothing on a separable training set', () => {
    const wrong = TOY.filter((e) => predict(model, e).label !== e.label);
    expect(wrong).toEqual([]);
  });

  it('classifies new sentences by the words that separate the topics', () => {
    expect(UNSEEN.map((d) => predict(model, d).label)).toEqual(['环境', '交通', '教育']);
  });

  it('returns probabilities that sum to 1, ranked, with the top one as confidence', () => {
    for (const doc of [...TOY, ...UNSEEN]) {
      const p = predict(model, doc);
      const sum = p.ranking.reduce((a, r) => a + r.probability, 0);
      expect(sum).toBeCloseTo(1, 12);
      expect(p.ranking.map((r) => r.label).sort()).toEqual(['交通', '教育', '环境']);
      for (let i = 1; i < p.ranking.length; i++) {
        expect(p.ranking[i - 1]!.probability).toBeGreaterThanOrEqual(p.ranking[i]!.probability);
      }
      expect(p.label).toBe(p.ranking[0]!.label);
      expect(p.confidence).toBe(p.ranking[0]!.probability);
    }
  });

  it('never claims certainty: even a training case it separates perfectly stays below (n + 1) / (n + L)', () => {
    const bound = (TOY.length + 1) / (TOY.length + 3);
    for (const doc of [...TOY, ...UNSEEN]) {
      const p = predict(model, doc);
      expect(p.confidence).toBeLessThan(1);
      expect(p.confidence).toBeLessThanOrEqual(bound + 1e-12);
      expect(Math.min(...p.ranking.map((r) => r.probability))).toBeGreaterThan(0);
    }
    // The temperature-scaled softmax alone says more than the smoothed confidence.
    const clearest = predict(model, TOY[0]!);
    expect(clearest.confidence).toBeGreaterThan(0.5);
  });

  it('names the discriminating words as evidence, strongest first', () => {
    const p = predict(model, { title: '', body: '河边有人偷排污水' });
    expect(p.label).toBe('环境');
    const terms = p.evidence.map((e) => e.term);
    expect(terms).toContain('污水');
    expect(terms.every((t) => [...t].length > 1)).toBe(true);
    expect(p.evidence.every((e) => e.weight > 0)).toBe(true);
    for (let i = 1; i < p.evidence.length; i++) {
      expect(p.evidence[i - 1]!.weight).toBeGreaterThanOrEqual(p.evidence[i]!.weight);
    }
  });

  it('reads evidence as whole words, never an n-gram across two words', () => {
    for (const doc of [...TOY, ...UNSEEN, { title: '', body: '河边有人偷排污水' }]) {
      const words = segmentWords(normalizeText(`${doc.title} ${doc.body}`));
      const pairs = words.slice(1).map((w, i) => `${words[i]}${w}`);
      for (const { term } of predict(model, doc).evidence) {
        // A word or word pair of this text, or a dictionary word jieba cut differently here.
        const known = [...words, ...pairs].includes(term) || isDictionaryWord(term);
        expect(known, `${term} in ${doc.body}`).toBe(true);
      }
    }
    expect(isDictionaryWord('污水')).toBe(true);
    expect(isDictionaryWord('暖不')).toBe(false);
  });

  it('gives no evidence and no confident guess for a text of unknown words', () => {
    const p = predict(model, { title: '', body: 'xyz' });
    expect(p.evidence).toEqual([]);
    expect(p.confidence).toBeLessThan(0.9);
  });

  it('is deterministic: the same data and options give the same model', () => {
    const again = train(TOY, { createdAt: '2024-05-01T08:00:00+08:00' });
    expect(serialize(again)).toBe(serialize(model));
  });

  it('still separates the toy set when trained with another seed', () => {
    const other = train(TOY, { seed: 99 });
    expect(TOY.every((e) => predict(other, e).label === e.label)).toBe(true);
  });

  it('records its version metadata', () => {
    const withQuality = train(TOY, {
      createdAt: '2024-05-01T08:00:00+08:00',
      quality: { accuracy: 1, macroF1: 1, method: 'toy' },
    });
    expect(withQuality.info).toMatchObject({
      format: 1,
      labels: ['交通', '教育', '环境'],
      trainingSize: 18,
      labelCounts: { 交通: 6, 教育: 6, 环境: 6 },
      createdAt: '2024-05-01T08:00:00+08:00',
      quality: { accuracy: 1, macroF1: 1, method: 'toy' },
    });
    expect(withQuality.info.temperature).toBeGreaterThan(0);
  });

  it('refuses to train on a single label', () => {
    expect(() => train(TOY.filter((e) => e.label === '交通'))).toThrow(RangeError);
  });
});

describe('serialize and deserialize', () => {
  it('predicts exactly the same labels, probabilities and evidence after a round trip', () => {
    const text = serialize(model);
    const restored = deserialize(text);
    for (const doc of [...TOY, ...UNSEEN]) expect(predict(restored, doc)).toEqual(predict(model, doc));
    expect(restored.info).toEqual(model.info);
    expect(serialize(restored)).toBe(text);
  });

  it('rejects text that is not a model of a known format', () => {
    expect(() => deserialize(JSON.stringify({ info: { format: 2 } }))).toThrow(/format/);
  });
});

describe('smoothProbabilities', () => {
  it('adds one case to every label: sums to 1, keeps the order, and bounds the top below 1', () => {
    const smoothed = smoothProbabilities([1, 0, 0, 0], 96);
    expect(smoothed).toEqual([0.97, 0.01, 0.01, 0.01]);
    expect(smoothed.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(smoothProbabilities([0.6, 0.4], 0)).toEqual([0.5, 0.5]);
  });
});

describe('fitTemperature', () => {
  it('sharpens scores that are always right and softens scores that are right half the time', () => {
    const scores = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? [1, -1] : [-1, 1]));
    const alwaysRight = scores.map((_, i) => i % 2);
    const halfRight = scores.map((_, i) => (i % 4 < 2 ? i % 2 : 1 - (i % 2)));
    // Right half the time means the best probability is 0.5: a very high temperature.
    expect(fitTemperature(scores, alwaysRight)).toBeLessThan(0.1);
    expect(fitTemperature(scores, halfRight)).toBeGreaterThan(5);
  });
});
