import { normalizeText, PLACEHOLDERS, segmentWords } from './tokens.js';

/** Hash functions in a MinHash signature. */
export const SIGNATURE_SIZE = 64;
/** Signature rows per LSH band: 32 bands of 2 rows find most pairs with a word overlap of 0.3 or more. */
export const ROWS_PER_BAND = 2;

const PLACEHOLDER_SET: ReadonlySet<string> = new Set(Object.values(PLACEHOLDERS));

/**
 * The distinct words of a case that similarity compares: jieba words of the title and the
 * start of the body, without stop words, punctuation and personal-data placeholders.
 */
export function similarityTokens(doc: { title: string; body: string }, maxBodyChars = 2000): string[] {
  const words = new Set<string>();
  for (const text of [doc.title, doc.body.slice(0, maxBodyChars)]) {
    for (const w of segmentWords(normalizeText(text))) if (!PLACEHOLDER_SET.has(w)) words.add(w);
  }
  return [...words].sort();
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: a bijection on 32-bit integers that spreads every input bit. */
function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fixed seeds of the hash functions, so signatures made in any process compare. */
const SEEDS = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, i) => fmix32(0x9e3779b9 + i * 0x7f4a7c15));

/**
 * MinHash signature of a token set: for each of `SIGNATURE_SIZE` hash functions the smallest
 * hash over the tokens. The share of equal positions in two signatures estimates the Jaccard
 * similarity of the sets. An empty set has the all-ones signature, which matches nothing real.
 */
export function minhash(tokens: Iterable<string>): Uint32Array {
  const signature = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const token of tokens) {
    const base = fnv1a(token);
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const h = fmix32(base ^ SEEDS[i]!);
      if (h < signature[i]!) signature[i] = h;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity of the sets behind two signatures (share of equal positions). */
export function estimateSimilarity(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i] && a[i] !== 0xffffffff) same++;
  return same / n;
}

/** Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two token lists (duplicates within a list ignored). */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size === 0 && right.size === 0) return 0;
  let shared = 0;
  for (const t of left) if (right.has(t)) shared++;
  return shared / (left.size + right.size - shared);
}

/**
 * Locality-sensitive hashing keys of a signature: one signed 32-bit key per band of
 * `ROWS_PER_BAND` rows, the band's number mixed in. Two cases sharing any key are candidates.
 */
export function lshBands(signature: Uint32Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band * ROWS_PER_BAND < signature.length; band++) {
    let h = fmix32(band + 1);
    for (let r = 0; r < ROWS_PER_BAND; r++) {
      const v = signature[band * ROWS_PER_BAND + r];
      if (v === undefined) break;
      h = fmix32(h ^ v);
    }
    keys.push(h | 0);
  }
  return keys;
}

/** Signature as base64 of its little-endian bytes, for storage. */
export function encodeSignature(signature: Uint32Array): string {
  const bytes = Buffer.alloc(signature.length * 4);
  signature.forEach((v, i) => bytes.writeUInt32LE(v, i * 4));
  return bytes.toString('base64');
}

/** Inverse of `encodeSignature`. */
export function decodeSignature(text: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  const signature = new Uint32Array(bytes.byteLength >>> 2);
  for (let i = 0; i < signature.length; i++) signature[i] = bytes.readUInt32LE(i * 4);
  return signature;
}

/** Everything stored about a text to find its near duplicates later. */
export interface Fingerprint {
  tokens: string[];
  signature: Uint32Array;
  bands: number[];
}

/** Tokens, MinHash signature and LSH keys of a case. */
export function fingerprint(doc: { title: string; body: string }): Fingerprint {
  const tokens = similarityTokens(doc);
  const signature = minhash(tokens);
  return { tokens, signature, bands: tokens.length > 0 ? lshBands(signature) : [] };
}
