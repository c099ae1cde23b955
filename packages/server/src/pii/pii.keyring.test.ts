import { describe, expect, it } from 'vitest';
import { AppError, errorMessage } from '../errors.js';
import { generatePiiKey, parsePiiKeys, PiiKeyring, piiKeyIdOf, UNREADABLE_MASK } from './pii.keyring.js';

const key = (id: string, byte: number) => `${id}:${Buffer.alloc(32, byte).toString('base64')}`;

describe('the personal-data keyring', () => {
  const ring = PiiKeyring.fromText(`${key('k2', 2)},${key('k1', 1)}`);

  it('encrypts under the first key with a fresh IV, and decrypts what it wrote', () => {
    const a = ring.encrypt('13812341234');
    const b = ring.encrypt('13812341234');
    expect(a).toMatch(/^enc:v1:k2:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812341234');
    expect(a).not.toContain('2341234');
    expect(ring.decrypt(a)).toBe('13812341234');
    expect(ring.decrypt(b)).toBe('13812341234');
    expect(piiKeyIdOf(a)).toBe('k2');
    expect(ring.isCurrent(a)).toBe(true);
  });

  it('reads values under an older key and re-encrypts them under the active one', () => {
    const old = PiiKeyring.fromText(key('k1', 1)).encrypt('330824199001011234');
    expect(ring.isCurrent(old)).toBe(false);
    expect(ring.decrypt(old)).toBe('330824199001011234');
    const again = ring.reseal(old);
    expect(piiKeyIdOf(again)).toBe('k2');
    expect(ring.decrypt(again)).toBe('330824199001011234');
    expect(ring.reseal(again)).toBe(again);
  });

  it('passes plain text through, and keeps null as null', () => {
    expect(ring.decrypt('13812341234')).toBe('13812341234');
    expect(ring.open(null)).toBeNull();
    expect(ring.seal(null)).toBeNull();
    expect(ring.masked(null)).toBeNull();
    expect(ring.masked('13812341234')).toBe('138****1234');
    expect(ring.ensureSealed('13812341234')).toMatch(/^enc:v1:k2:/);
    const sealed = ring.encrypt('13812341234');
    expect(ring.ensureSealed(sealed)).toBe(sealed);
  });

  it('names the key that is not configured, and masks such a value as **** instead of failing', () => {
    const gone = PiiKeyring.fromText(key('k0', 9)).encrypt('13812341234');
    let thrown: unknown;
    try {
      ring.decrypt(gone);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const e = thrown as AppError;
    expect(e.code).toBe('PII_KEY_MISSING');
    expect(errorMessage(e.code, 'en', e.params)).toContain('"k0"');
    expect(errorMessage(e.code, 'zh', e.params)).toContain('“k0”');
    expect(ring.masked(gone)).toBe(UNREADABLE_MASK);
    expect(() => ring.reseal(gone)).toThrow(AppError);
  });

  it('refuses a value that was altered or written by another key under the same id', () => {
    const value = ring.encrypt('13812341234');
    const body = Buffer.from(value.slice('enc:v1:k2:'.length), 'base64');
    body[body.length - 1] = (body.at(-1) ?? 0) ^ 1;
    expect(() => ring.decrypt(`enc:v1:k2:${body.toString('base64')}`)).toThrow(
      expect.objectContaining({ code: 'PII_UNREADABLE' }),
    );
    const impostor = PiiKeyring.fromText(key('k2', 5)).encrypt('13812341234');
    expect(() => ring.decrypt(impostor)).toThrow(expect.objectContaining({ code: 'PII_UNREADABLE' }));
    expect(() => ring.decrypt('enc:v1:k2:AAAA')).toThrow(expect.objectContaining({ code: 'PII_UNREADABLE' }));
  });

  it('reads the configuration form and says which entry is wrong, never echoing a secret', () => {
    expect(parsePiiKeys(` ${key('a', 1)} , ${key('b_2', 2)} `).map((k) => k.id)).toEqual(['a', 'b_2']);
    expect(() => parsePiiKeys('')).toThrow(/no key/);
    expect(() => parsePiiKeys('nocolon')).toThrow(/entry 1/);
    expect(() => parsePiiKeys(`bad id:${Buffer.alloc(32).toString('base64')}`)).toThrow(/entry 1/);
    const short = `k1:${Buffer.alloc(16, 3).toString('base64')}`;
    expect(() => parsePiiKeys(short)).toThrow(/entry 1 \(k1\).*32 bytes/);
    try {
      parsePiiKeys(short);
    } catch (error) {
      expect(String(error)).not.toContain(Buffer.alloc(16, 3).toString('base64'));
    }
    expect(() => parsePiiKeys(`${key('k1', 1)},${key('k1', 2)}`)).toThrow(/entry 2 \(k1\).*twice/);
  });

  it('makes new keys that the configuration accepts, each with its own id', () => {
    const a = generatePiiKey(new Date('2026-12-03T00:00:00Z'));
    const b = generatePiiKey(new Date('2026-12-04T00:00:00Z'));
    expect(a).toMatch(/^k20261203[0-9a-f]{4}:/);
    expect(parsePiiKeys(`${a},${b}`)).toHaveLength(2);
    expect(PiiKeyring.fromText(a).keyIds).toEqual([a.split(':')[0]]);
  });
});

describe('keyed digests (blind index, login codes)', () => {
  const older = `old:${Buffer.alloc(32, 1).toString('base64')}`;
  const newer = `new:${Buffer.alloc(32, 2).toString('base64')}`;

  it('gives the same digest for the same value, key and purpose, and another for another purpose', () => {
    const ring = PiiKeyring.fromText(older);
    const digest = ring.lookupDigest('mobile-lookup', '13812341234');
    expect(digest).toMatch(/^old:[0-9a-f]{64}$/);
    expect(ring.lookupDigest('mobile-lookup', '13812341234')).toBe(digest);
    expect(ring.lookupDigest('sms-login-code', '13812341234')).not.toBe(digest);
    expect(digest).not.toContain('13812341234');
  });

  it('finds a digest written under an older key, and checks it under the key it names', () => {
    const before = PiiKeyring.fromText(older).lookupDigest('mobile-lookup', '13812341234');
    const rotated = PiiKeyring.fromText(`${newer},${older}`);
    expect(rotated.lookupDigests('mobile-lookup', '13812341234')).toContain(before);
    expect(rotated.lookupDigest('mobile-lookup', '13812341234')).not.toBe(before);
    expect(rotated.matchesDigest(before, 'mobile-lookup', '13812341234')).toBe(true);
    expect(rotated.matchesDigest(before, 'mobile-lookup', '13812341235')).toBe(false);
    expect(PiiKeyring.fromText(newer).matchesDigest(before, 'mobile-lookup', '13812341234')).toBe(false);
  });
});
