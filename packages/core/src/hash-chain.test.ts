import { describe, expect, it } from 'vitest';
import { canonicalJson } from './hash-chain.js';

describe('canonicalJson', () => {
  it('writes sorted keys and no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: '中文' } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":"中文","z":1}}',
    );
  });

  it('does not depend on the order keys were inserted, at any depth', () => {
    const one = { id: 7, meta: { region: '370402', tags: [{ k: 'a', v: 1 }], at: 'x' }, title: 't' };
    const two = { title: 't', meta: { at: 'x', tags: [{ v: 1, k: 'a' }], region: '370402' }, id: 7 };
    expect(canonicalJson(two)).toBe(canonicalJson(one));
  });

  it('keeps the order of array elements', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('drops undefined members at any depth', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined, e: 2 } })).toBe('{"a":1,"c":{"e":2}}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('keeps null members, which differ from absent ones', () => {
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('serialises Dates as ISO 8601 instants, also inside objects and arrays', () => {
    const at = new Date('2026-03-05T01:02:03.004Z');
    expect(canonicalJson(at)).toBe('"2026-03-05T01:02:03.004Z"');
    expect(canonicalJson({ when: at, list: [at] })).toBe(
      '{"list":["2026-03-05T01:02:03.004Z"],"when":"2026-03-05T01:02:03.004Z"}',
    );
  });

  it('serialises a Date the same as its ISO string, as a value read back from jsonb would be', () => {
    const at = new Date('2026-12-31T16:00:00.000Z');
    expect(canonicalJson({ at })).toBe(canonicalJson({ at: at.toISOString() }));
  });
});
