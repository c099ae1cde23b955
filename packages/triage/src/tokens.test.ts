import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FEATURE_CONFIG,
  charNgrams,
  extractFeatures,
  featureTerm,
  normalizeText,
  segmentWords,
} from './tokens.js';

describe('normalizeText', () => {
  it('turns full-width letters, digits and spaces half-width, lower-cases Latin and collapses spaces', () => {
    expect(normalizeText('ＡＢＣ　公司   ２０２４年\n\t产值')).toBe('abc 公司 2024年 产值');
  });

  it('replaces mobile, landline and ID numbers with placeholders', () => {
    const text = normalizeText('联系人电话13912345678，座机0731-84561234，身份证43010219900101123X。');
    expect(text).toContain('<phone>');
    expect(text.match(/<phone>/g)).toHaveLength(2);
    expect(text).toContain('<id>');
    expect(text).not.toMatch(/\d{7,}/);
  });

  it('replaces URLs, e-mail addresses and other long digit runs', () => {
    const text = normalizeText('详见 https://example.cn/a?b=1 或来信 zhang.san@example.com，编号88886666');
    expect(text).toContain('<url>');
    expect(text).toContain('<email>');
    expect(text).toContain('<num>');
    expect(text).not.toContain('example');
  });

  it('keeps short numbers such as years', () => {
    expect(normalizeText('2023年的补贴')).toBe('2023年的补贴');
  });
});

describe('segmentWords', () => {
  it('drops punctuation and stop words and keeps placeholders whole', () => {
    const words = segmentWords(normalizeText('工厂的噪音很大！请拨打13912345678。'));
    expect(words).toContain('噪音');
    expect(words).toContain('<phone>');
    expect(words).not.toContain('的');
    expect(words).not.toContain('很');
    expect(words.some((w) => /[!！。]/.test(w))).toBe(false);
    expect(words.some((w) => /\d{7,}/.test(w))).toBe(false);
  });
});

describe('charNgrams', () => {
  it('takes 1- to 3-grams inside each run of Chinese characters only', () => {
    expect(charNgrams('噪音大 ab 路灯', 1, 3)).toEqual([
      '噪',
      '噪音',
      '噪音大',
      '音',
      '音大',
      '大',
      '路',
      '路灯',
      '灯',
    ]);
  });

  it('respects the shortest length', () => {
    expect(charNgrams('路灯坏', 2, 3)).toEqual(['路灯', '路灯坏', '灯坏']);
  });

  it('makes nothing when turned off', () => {
    expect(charNgrams('路灯坏', 1, 0)).toEqual([]);
  });
});

describe('extractFeatures', () => {
  it('counts title terms titleWeight times and prefixes each feature kind', () => {
    const counts = extractFeatures({ title: '噪音', body: '噪音扰民' }, { ...DEFAULT_FEATURE_CONFIG, titleWeight: 3 });
    expect(counts.get('w:噪音')).toBe(4);
    expect(counts.get('c:噪音')).toBe(4);
    expect(counts.get('c:扰民')).toBe(1);
    expect(counts.get('b:噪音 扰民')).toBe(1);
  });

  it('adds separate title features when asked', () => {
    const config = { ...DEFAULT_FEATURE_CONFIG, titleWeight: 2, titleFeatures: true };
    const counts = extractFeatures({ title: '噪音', body: '噪音扰民' }, config);
    expect(counts.get('tw:噪音')).toBe(1);
    expect(counts.get('w:噪音')).toBe(3);
    expect(counts.has('tw:扰民')).toBe(false);
  });

  it('reads only the first maxBodyChars characters of the body', () => {
    const counts = extractFeatures(
      { title: '', body: '学校食堂' + '。'.repeat(50) + '医院挂号' },
      { ...DEFAULT_FEATURE_CONFIG, maxBodyChars: 20 },
    );
    expect(counts.has('c:食堂')).toBe(true);
    expect(counts.has('c:挂号')).toBe(false);
  });

  it('never makes a feature out of a phone number', () => {
    const counts = extractFeatures({ title: '', body: '电话13912345678' }, DEFAULT_FEATURE_CONFIG);
    expect([...counts.keys()].some((k) => k.includes('1391'))).toBe(false);
    expect(counts.get('w:<phone>')).toBe(1);
  });
});

describe('featureTerm', () => {
  it('shows words and n-grams without their prefix and joins Chinese word pairs', () => {
    expect(featureTerm('w:噪音')).toBe('噪音');
    expect(featureTerm('c:噪音大')).toBe('噪音大');
    expect(featureTerm('b:噪音 扰民')).toBe('噪音扰民');
    expect(featureTerm('b:wifi 信号')).toBe('wifi 信号');
    expect(featureTerm('tb:噪音 扰民')).toBe('噪音扰民');
    expect(featureTerm('tc:噪音')).toBe('噪音');
  });
});
