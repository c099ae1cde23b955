import { describe, expect, it } from 'vitest';
import {
  decodeSignature,
  encodeSignature,
  estimateSimilarity,
  fingerprint,
  jaccard,
  lshBands,
  minhash,
  similarityTokens,
} from './similarity.js';

const heating = {
  title: '园区厂房冬季供暖不足影响生产',
  body: '我公司位于经开区标准厂房三号楼，入冬以来供暖温度长期不足十度，工人无法正常生产，请协调供热公司尽快解决。',
};
const heatingAgain = {
  title: '厂房冬季供暖不足影响生产',
  body: '我公司位于经开区标准厂房三号楼，入冬以来供暖温度一直不足十度，工人无法正常生产，请尽快协调供热公司解决。',
};
const loan = {
  title: '申请创业担保贷款贴息进度咨询',
  body: '我们三月提交了创业担保贷款贴息申请，至今没有收到审核结果，想了解办理进度和还需补充哪些材料。',
};

describe('similarity', () => {
  it('drops stop words, punctuation and personal data from the compared words', () => {
    const tokens = similarityTokens({ title: '供暖不足', body: '请联系13812345678，谢谢！' });
    expect(tokens).toContain('供暖');
    expect(tokens.some((t) => /\d|<|，|！/.test(t))).toBe(false);
  });

  it('scores a reworded copy of a case far above an unrelated case', () => {
    const a = fingerprint(heating);
    const b = fingerprint(heatingAgain);
    const c = fingerprint(loan);
    expect(jaccard(a.tokens, b.tokens)).toBeGreaterThan(0.6);
    expect(jaccard(a.tokens, c.tokens)).toBeLessThan(0.15);
    expect(estimateSimilarity(a.signature, b.signature)).toBeGreaterThan(0.5);
    expect(estimateSimilarity(a.signature, c.signature)).toBeLessThan(0.2);
  });

  it('estimates Jaccard similarity within a few hundredths on average', () => {
    const words = Array.from({ length: 200 }, (_, i) => `词${i}`);
    let error = 0;
    for (let shift = 10; shift <= 150; shift += 20) {
      const left = words.slice(0, 100);
      const right = words.slice(shift, shift + 100);
      error += Math.abs(estimateSimilarity(minhash(left), minhash(right)) - jaccard(left, right));
    }
    expect(error / 8).toBeLessThan(0.06);
  });

  it('gives near duplicates a shared LSH key and identical texts all keys', () => {
    const a = fingerprint(heating);
    const b = fingerprint(heatingAgain);
    expect(a.bands).toHaveLength(32);
    expect(a.bands.some((k) => b.bands.includes(k))).toBe(true);
    expect(lshBands(minhash(a.tokens))).toEqual(a.bands);
    expect(fingerprint({ title: '', body: '' }).bands).toEqual([]);
  });

  it('stores a signature and reads the same one back', () => {
    const { signature } = fingerprint(loan);
    expect(decodeSignature(encodeSignature(signature))).toEqual(signature);
  });
});
