import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidUscc, usccCheckChar, usccProblem } from './uscc.js';

/*
 * An independent rendering of GB 32100-2015 §5 and Annex B, written without looking at the
 * table in uscc.ts: the code alphabet is 0-9 and A-Z without I, O, Z, S, V; character i
 * (0-based) carries weight 3^i mod 31; the check character is the one whose value brings the
 * weighted sum of all 18 characters to a multiple of 31.
 */
const ALPHABET = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((c) => !'IOZSV'.includes(c));
const VALUE = new Map(ALPHABET.map((c, i) => [c, i]));
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

function referenceCheckChar(first17: string): string {
  const sum = [...first17].reduce((acc, c, i) => acc + (VALUE.get(c) ?? NaN) * (WEIGHTS[i] ?? NaN), 0);
  const found = ALPHABET.find((c) => (sum + (VALUE.get(c) ?? NaN)) % 31 === 0);
  if (found === undefined) throw new Error(`no check character for ${first17}`);
  return found;
}

/** Published codes whose check character the reference above confirms. */
const PUBLISHED = [
  '91350100M000100Y43', // the example of GB 32100-2015
  '914403001922038216', // 华为技术有限公司
  '9144030071526726XG', // 深圳市腾讯计算机系统有限公司
  '91110108551385082Q', // 北京小米科技有限责任公司
];

/** First 17 characters chosen by hand to cover digits, letters and every organisation type. */
const HAND_FIRST17 = [
  '11100000000013127',
  '52330824MJ9A4B2C7',
  'Y1370402MA3C5QWP8',
  '93510703TUWXY1234',
  '00000000000000000',
];
const HAND_VALID = HAND_FIRST17.map((f) => f + referenceCheckChar(f));

const alpha = fc.constantFrom(...ALPHABET);
const digit = fc.constantFrom(...'0123456789');
const first17 = fc
  .tuple(
    fc.array(alpha, { minLength: 2, maxLength: 2 }),
    fc.array(digit, { minLength: 6, maxLength: 6 }),
    fc.array(alpha, { minLength: 9, maxLength: 9 }),
  )
  .map(([a, b, c]) => [...a, ...b, ...c].join(''));

describe('the reference implementation in this test', () => {
  it('derives the weights of the standard', () => {
    expect(WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
    expect(ALPHABET).toHaveLength(31);
  });

  it.each(PUBLISHED)('confirms the published code %s', (code) => {
    expect(referenceCheckChar(code.slice(0, 17))).toBe(code[17]);
  });
});

describe('usccProblem', () => {
  it.each([...PUBLISHED, ...HAND_VALID])('accepts the valid code %s', (code) => {
    expect(usccProblem(code)).toBeNull();
    expect(isValidUscc(code)).toBe(true);
  });

  it.each(HAND_FIRST17)('computes the same check character as the standard for %s', (f) => {
    expect(usccCheckChar(f)).toBe(referenceCheckChar(f));
  });

  it('computes check character 0 when the weighted sum is already a multiple of 31', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0');
    expect(isValidUscc('000000000000000000')).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['17 characters', '91350100M000100Y4'],
    ['19 characters', '91350100M000100Y430'],
    ['a 15-digit old registration number', '350100400012345'],
  ])('reports length for %s', (_name, code) => {
    expect(usccProblem(code)).toBe('length');
    expect(isValidUscc(code)).toBe(false);
  });

  it('rejects lower case, even with a correct check character', () => {
    expect(usccProblem('91350100m000100y43')).toBe('characters');
    expect(usccProblem('9144030071526726xg')).toBe('characters');
    expect(usccProblem('91110108551385082q')).toBe('characters');
  });

  it.each([...'IOZSV'])('rejects the forbidden letter %s in any letter position', (letter) => {
    for (const pos of [0, 1, 8, 12, 16, 17]) {
      const code = PUBLISHED[0]!.slice(0, pos) + letter + PUBLISHED[0]!.slice(pos + 1);
      expect(usccProblem(code), code).toBe('characters');
    }
  });

  it('rejects a letter or symbol among the region digits (positions 3–8)', () => {
    for (let pos = 2; pos <= 7; pos++) {
      for (const ch of ['A', 'M', 'Y', '-', ' ']) {
        const code = '91350100M000100Y43'.slice(0, pos) + ch + '91350100M000100Y43'.slice(pos + 1);
        expect(usccProblem(code), code).toBe('characters');
      }
    }
  });

  it('rejects full-width digits, spaces and punctuation', () => {
    expect(usccProblem('９1350100M000100Y43')).toBe('characters');
    expect(usccProblem('91350100M000100Y4 ')).toBe('characters');
    expect(usccProblem('91350100M0001-0Y43')).toBe('characters');
  });

  it.each([...PUBLISHED, ...HAND_VALID])(
    'reports check for every one of the 30 wrong check characters of %s',
    (code) => {
      const wrong = ALPHABET.filter((c) => c !== code[17]);
      expect(wrong).toHaveLength(30);
      for (const c of wrong) {
        expect(usccProblem(code.slice(0, 17) + c), c).toBe('check');
      }
    },
  );

  it('gives a valid code when the computed check character is appended (property)', () => {
    fc.assert(
      fc.property(first17, (f) => {
        const check = usccCheckChar(f);
        expect(check).toBe(referenceCheckChar(f));
        expect(usccProblem(f + check)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('detects every single-character substitution in a valid code (property)', () => {
    const anyChar = fc.oneof(alpha, fc.constantFrom(...'IOZSVabcxyz -/*０Ａ中'));
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 17 }), anyChar, (f, pos, ch) => {
        const code = f + referenceCheckChar(f);
        fc.pre(code[pos] !== ch);
        const changed = code.slice(0, pos) + ch + code.slice(pos + 1);
        expect(isValidUscc(changed)).toBe(false);
        const fitsShape = ALPHABET.includes(ch) && (pos < 2 || pos > 7 || /\d/.test(ch));
        expect(usccProblem(changed)).toBe(fitsShape ? 'check' : 'characters');
      }),
      { numRuns: 3000 },
    );
  });
});
