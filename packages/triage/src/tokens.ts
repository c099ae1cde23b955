import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** Placeholder tokens that replace personal data before any feature is made from a text. */
export const PLACEHOLDERS = {
  url: '<url>',
  email: '<email>',
  idNumber: '<id>',
  phone: '<phone>',
  number: '<num>',
} as const;

/** How a case's text becomes features; stored in the model so prediction uses the same recipe. */
export interface FeatureConfig {
  /** Jieba words (after stop words and punctuation are dropped). */
  words: boolean;
  /** Pairs of adjacent words. */
  wordBigrams: boolean;
  /** Shortest character n-gram taken over runs of Chinese characters. */
  charNgramMin: number;
  /** Longest character n-gram; 0 turns character n-grams off. */
  charNgramMax: number;
  /** How many times a title term counts compared with a body term. */
  titleWeight: number;
  /** Also give title terms features of their own (`tw:`, `tb:`, `tc:`), learnt apart from the body's. */
  titleFeatures: boolean;
  /** Body characters read; the tail of very long bodies adds little and costs latency. */
  maxBodyChars: number;
}

/** The recipe the product's model uses unless told otherwise. */
export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  words: true,
  wordBigrams: true,
  charNgramMin: 1,
  charNgramMax: 3,
  titleWeight: 5,
  titleFeatures: false,
  maxBodyChars: 3000,
};

let jieba: Jieba | undefined;

/** One segmenter per process, built on first use: loading the dictionary takes a few hundred ms. */
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const PII_RULES: readonly [RegExp, string][] = [
  [/(?:https?:\/\/|www\.)[\w\-./?%&=#:~+@]+/g, PLACEHOLDERS.url],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, PLACEHOLDERS.email],
  [/(?<![\da-z])\d{17}[\dx](?![\da-z])|(?<![\da-z])\d{15}(?![\da-z])/g, PLACEHOLDERS.idNumber],
  [/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)/g, PLACEHOLDERS.phone],
  [/\d{7,}/g, PLACEHOLDERS.number],
];

/**
 * Canonical form of a text: NFKC (full-width letters, digits and punctuation become half-width),
 * lower-case Latin, one space between runs, and URLs, e-mail addresses, ID numbers, phone numbers
 * and other long digit runs replaced by placeholders so that personal data never becomes a feature.
 */
export function normalizeText(text: string): string {
  let out = text.normalize('NFKC').toLowerCase();
  for (const [pattern, placeholder] of PII_RULES) out = out.replace(pattern, ` ${placeholder} `);
  return out.replace(/\s+/gu, ' ').trim();
}

const STOP_WORDS = new Set(
  (
    '的 了 是 在 和 与 及 或 并 而 也 就 都 又 还 很 再 才 被 把 对 为 以 于 之 其 此 从 给 向 到 让 由 ' +
    '我 我们 你 你们 您 他 她 它 他们 这 那 这个 那个 这些 那些 这样 一个 一些 有 有的 没 ' +
    '吗 呢 啊 吧 呀 着 过 得 地 所 等 个 将 已 已经 但 但是 因为 所以 如果 就是 还是 可以 能 会 要 ' +
    'a an the of to and or in on for is are'
  ).split(' '),
);

const PLACEHOLDER_SPLIT = /(<(?:url|email|id|phone|num)>)/;
const PLACEHOLDER_SET: ReadonlySet<string> = new Set(Object.values(PLACEHOLDERS));
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const HAN_START = /^\p{Script=Han}/u;
const HAN_END = /\p{Script=Han}$/u;

/** Jieba words of an already normalised text, without punctuation, spaces and stop words. */
export function segmentWords(normalized: string): string[] {
  const words: string[] = [];
  for (const part of normalized.split(PLACEHOLDER_SPLIT)) {
    if (part.length === 0) continue;
    if (PLACEHOLDER_SET.has(part)) {
      words.push(part);
      continue;
    }
    for (const word of segmenter().cut(part, false)) {
      const w = word.trim();
      if (w.length > 0 && HAS_WORD_CHAR.test(w) && !STOP_WORDS.has(w)) words.push(w);
    }
  }
  return words;
}

/** Answers of `isDictionaryWord`, kept because the same n-grams come back in case after case. */
const dictionaryWords = new Map<string, boolean>();
const DICTIONARY_MEMO_LIMIT = 100_000;

/** Whether jieba's dictionary holds the text as one word (污水 yes, 暖不 no). */
export function isDictionaryWord(text: string): boolean {
  let known = dictionaryWords.get(text);
  if (known === undefined) {
    known = segmenter().cutAll(text).includes(text);
    if (dictionaryWords.size >= DICTIONARY_MEMO_LIMIT) dictionaryWords.clear();
    dictionaryWords.set(text, known);
  }
  return known;
}

/** Character n-grams of length min..max inside each run of Chinese characters (never across a run). */
export function charNgrams(normalized: string, min: number, max: number): string[] {
  const grams: string[] = [];
  if (max < min || max <= 0) return grams;
  for (const match of normalized.matchAll(HAN_RUN)) {
    const chars = Array.from(match[0]);
    for (let i = 0; i < chars.length; i++) {
      let gram = '';
      for (let n = 1; n <= max && i + n <= chars.length; n++) {
        gram += chars[i + n - 1];
        if (n >= min) grams.push(gram);
      }
    }
  }
  return grams;
}

/** The term a person reads for a feature name (`w:噪音` → `噪音`, `tb:噪音 扰民` → `噪音扰民`). */
export function featureTerm(feature: string): string {
  const colon = feature.indexOf(':');
  const term = feature.slice(colon + 1);
  if (feature[colon - 1] !== 'b') return term;
  const [left = '', right = ''] = term.split(' ');
  return HAN_END.test(left) && HAN_START.test(right) ? left + right : term;
}

function emitTerms(normalized: string, config: FeatureConfig, weight: number, emit: FeatureSink): void {
  if (config.words || config.wordBigrams) {
    const words = segmentWords(normalized);
    if (config.words) for (const w of words) emit(`w:${w}`, weight);
    if (config.wordBigrams) for (let i = 1; i < words.length; i++) emit(`b:${words[i - 1]} ${words[i]}`, weight);
  }
  if (config.charNgramMax > 0) {
    for (const gram of charNgrams(normalized, config.charNgramMin, config.charNgramMax)) emit(`c:${gram}`, weight);
  }
}

/** Receives each feature occurrence of a case with its weight (title occurrences weigh `titleWeight`). */
export type FeatureSink = (feature: string, weight: number) => void;

/**
 * Streams every feature occurrence of a case, title first, to `emit`. The body is cut at
 * `maxBodyChars` before normalisation.
 */
export function forEachFeature(doc: { title: string; body: string }, config: FeatureConfig, emit: FeatureSink): void {
  const title = normalizeText(doc.title);
  emitTerms(title, config, config.titleWeight, emit);
  if (config.titleFeatures) emitTerms(title, config, 1, (name, weight) => emit(`t${name}`, weight));
  emitTerms(normalizeText(doc.body.slice(0, config.maxBodyChars)), config, 1, emit);
}

/** Raw weighted term counts of a case, keyed by prefixed feature name (`w:`, `b:`, `c:`). */
export function extractFeatures(doc: { title: string; body: string }, config: FeatureConfig): Map<string, number> {
  const counts = new Map<string, number>();
  forEachFeature(doc, config, (name, weight) => counts.set(name, (counts.get(name) ?? 0) + weight));
  return counts;
}
