/** The hash that precedes the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit (as RFC 8785), no whitespace, undefined members dropped.
 * The same value always serialises to the same bytes, whatever the order it was built in or
 * the order PostgreSQL's jsonb returns its keys.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = normalise(member);
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return typeof value === 'bigint' ? value.toString() : null;
}

/** The fields of an event that its hash covers. */
export interface ChainedEventFields {
  jurisdictionId: string;
  seq: number;
  caseId: string | null;
  type: string;
  actorId: string | null;
  unitId: string | null;
  /** ISO 8601 instant with milliseconds, as `Date.prototype.toISOString` writes it. */
  at: string;
  payload: unknown;
  prevHash: string;
}

/**
 * Only the chained fields, so that extra members of a stored row never enter the hash. The
 * digest itself is taken by the server (`events/hash-chain.ts`): core stays free of Node's
 * crypto so that the browser can load it.
 */
export function chainedFields(e: ChainedEventFields): ChainedEventFields {
  const { jurisdictionId, seq, caseId, type, actorId, unitId, at, payload, prevHash } = e;
  return { jurisdictionId, seq, caseId, type, actorId, unitId, at, payload, prevHash };
}

/** Why a link of the chain does not hold, at which `seq`. */
export type ChainBreak = { seq: number; reason: 'seq-gap' | 'prev-hash-mismatch' | 'hash-mismatch' };
