import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { maskMobile } from '@qisu/core';
import { AppError } from '../errors.js';

/**
 * Personal data at rest (contact mobiles, ID numbers) is stored as
 * `enc:v1:<keyId>:<base64 of iv (12 bytes) | GCM tag (16 bytes) | ciphertext>`, encrypted with
 * AES-256-GCM under one of several configured keys. The key id in the text lets old and new keys
 * coexist while values are re-encrypted (`qisu pii rotate`).
 */
export const PII_PREFIX = 'enc:v1:';

/** Every stored value that is encrypted at all starts with this, whatever its version. */
export const PII_ANY_PREFIX = 'enc:';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Shown instead of a value that cannot be decrypted where only its masked form is needed. */
export const UNREADABLE_MASK = '****';

/** One key: its id (written into every value it encrypts) and its 32 secret bytes. */
export interface PiiKey {
  id: string;
  secret: Buffer;
}

/**
 * Reads `<id>:<base64 of 32 bytes>` entries separated by commas (the form of QISU_PII_KEYS and of
 * the embedded key file). Throws an Error naming the first bad entry; never echoes a secret.
 */
export function parsePiiKeys(text: string): PiiKey[] {
  const entries = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('no key / 没有密钥');
  const keys: PiiKey[] = [];
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const where = `entry ${i + 1}${KEY_ID.test(id) ? ` (${id})` : ''} / 第 ${i + 1} 项`;
    if (!KEY_ID.test(id)) throw new Error(`${where}: expected <id>:<base64>, id of A-Z a-z 0-9 _ - (1–32)`);
    const encoded = entry.slice(colon + 1);
    const secret = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || secret.length !== KEY_BYTES) {
      throw new Error(`${where}: the key must be ${KEY_BYTES} bytes in base64 / 密钥须为 32 字节的 base64`);
    }
    if (keys.some((k) => k.id === id)) throw new Error(`${where}: key id ${id} appears twice / 密钥编号重复`);
    keys.push({ id, secret });
  });
  return keys;
}

/** A fresh key entry `<id>:<base64>` for QISU_PII_KEYS or the key file; the id says when it was made. */
export function generatePiiKey(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `k${day}${randomBytes(2).toString('hex')}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/** The id of the key a stored value is encrypted under, or null for a value stored in plain text. */
export function piiKeyIdOf(stored: string): string | null {
  if (!stored.startsWith(PII_PREFIX)) return null;
  const end = stored.indexOf(':', PII_PREFIX.length);
  return end < 0 ? null : stored.slice(PII_PREFIX.length, end);
}

/**
 * The configured keys; the first one encrypts every new value, all of them decrypt. Built once at
 * start (from QISU_PII_KEYS or the embedded key file) and passed to services through `Deps`.
 * Stateless apart from the keys, so one instance serves every request.
 */
export class PiiKeyring {
  readonly activeKeyId: string;
  private readonly keys: ReadonlyMap<string, Buffer>;
  /** HMAC keys derived per key and purpose (`lookupDigest`), made once. */
  private readonly derived = new Map<string, Buffer>();

  constructor(keys: readonly PiiKey[]) {
    const first = keys[0];
    if (!first) throw new Error('a keyring needs at least one key / 至少需要一个密钥');
    this.activeKeyId = first.id;
    this.keys = new Map(keys.map((k) => [k.id, k.secret]));
  }

  /** A keyring from `<id>:<base64>[,…]` text (see `parsePiiKeys`). */
  static fromText(text: string): PiiKeyring {
    return new PiiKeyring(parsePiiKeys(text));
  }

  /**
   * A keyring of one fresh key that is kept nowhere: what it encrypts can never be read by another
   * process. For runs that keep nothing (the OpenAPI document, benchmarks).
   */
  static ephemeral(): PiiKeyring {
    return PiiKeyring.fromText(generatePiiKey());
  }

  /** The ids of every configured key, the active one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** Whether a stored value is encrypted under the active key (nothing to rotate). */
  isCurrent(stored: string): boolean {
    return piiKeyIdOf(stored) === this.activeKeyId;
  }

  /** Encrypts a value under the active key, with a fresh random IV. */
  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.secret(this.activeKeyId), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const packed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    return `${PII_PREFIX}${this.activeKeyId}:${packed}`;
  }

  /** `encrypt` for a column that may be empty: null stays null. */
  seal(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : this.encrypt(value);
  }

  /**
   * A value copied from another stored one, made sure to be encrypted: an encrypted value is kept
   * as it is (under whichever key), a plain one is encrypted.
   */
  ensureSealed(stored: string): string {
    return stored.startsWith(PII_ANY_PREFIX) ? stored : this.encrypt(stored);
  }

  /**
   * The plain value of a stored one. A value without the `enc:` prefix is returned as it is: it
   * was written before encryption (or by an older process during an upgrade) and start-up
   * encrypts it. A key that is not configured is PII_KEY_MISSING naming the key; a value that
   * fails authentication (altered, or another key under the same id) is PII_UNREADABLE.
   */
  decrypt(stored: string): string {
    if (!stored.startsWith(PII_ANY_PREFIX)) return stored;
    const keyId = piiKeyIdOf(stored);
    if (keyId === null) throw new AppError('PII_UNREADABLE', { keyId: '?' });
    const secret = this.keys.get(keyId);
    if (!secret) throw new AppError('PII_KEY_MISSING', { keyId }, { keyId });
    const packed = Buffer.from(stored.slice(PII_PREFIX.length + keyId.length + 1), 'base64');
    if (packed.length < IV_BYTES + TAG_BYTES) throw new AppError('PII_UNREADABLE', { keyId }, { keyId });
    try {
      const decipher = createDecipheriv('aes-256-gcm', secret, packed.subarray(0, IV_BYTES));
      decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new AppError('PII_UNREADABLE', { keyId }, { keyId });
    }
  }

  /** `decrypt` for a column that may be empty: null stays null. */
  open(stored: string | null | undefined): string | null {
    return stored === null || stored === undefined ? null : this.decrypt(stored);
  }

  /**
   * The masked form of a stored value (138****1234) for lists and for viewers who may not see it
   * whole. Never throws: a value that cannot be decrypted shows as `****`, so one bad row never
   * breaks a list.
   */
  masked(stored: string | null | undefined, mask: (plain: string) => string | null = maskMobile): string | null {
    if (stored === null || stored === undefined) return null;
    try {
      return mask(this.decrypt(stored));
    } catch (error) {
      if (error instanceof AppError) return UNREADABLE_MASK;
      throw error;
    }
  }

  /** The stored value re-encrypted under the active key, or unchanged when it already is. */
  reseal(stored: string): string {
    return this.isCurrent(stored) ? stored : this.encrypt(this.decrypt(stored));
  }

  /**
   * A keyed digest of a value for finding it by equality without decrypting (a blind index:
   * `users.mobile_lookup`), or for keeping a short secret only hashed (an SMS login code), as
   * `<keyId>:<hex HMAC-SHA256>` under the active key. The HMAC key is derived from the key's secret
   * with HKDF per `purpose`, so it is never the encryption key itself and one purpose's digests say
   * nothing of another's. The same value under the same key always gives the same digest.
   */
  lookupDigest(purpose: string, value: string): string {
    return this.digestUnder(this.activeKeyId, purpose, value);
  }

  /** The digests of a value under every configured key, to find rows written before a rotation. */
  lookupDigests(purpose: string, value: string): string[] {
    return this.keyIds.map((id) => this.digestUnder(id, purpose, value));
  }

  /**
   * Whether `stored` (a `lookupDigest`) is the digest of `value`, under whichever configured key it
   * names, compared in constant time; false for a key that is not configured.
   */
  matchesDigest(stored: string, purpose: string, value: string): boolean {
    const keyId = stored.slice(0, Math.max(0, stored.indexOf(':')));
    if (!this.keys.has(keyId)) return false;
    const expected = Buffer.from(this.digestUnder(keyId, purpose, value));
    const given = Buffer.from(stored);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private digestUnder(keyId: string, purpose: string, value: string): string {
    const cacheKey = `${keyId}\u0000${purpose}`;
    let derived = this.derived.get(cacheKey);
    if (!derived) {
      derived = Buffer.from(hkdfSync('sha256', this.secret(keyId), Buffer.alloc(0), `qisu:${purpose}`, 32));
      this.derived.set(cacheKey, derived);
    }
    return `${keyId}:${createHmac('sha256', derived).update(value, 'utf8').digest('hex')}`;
  }

  private secret(id: string): Buffer {
    const secret = this.keys.get(id);
    if (!secret) throw new AppError('PII_KEY_MISSING', { keyId: id }, { keyId: id });
    return secret;
  }
}
