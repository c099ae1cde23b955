import { createHash } from 'node:crypto';
import type { ChainBreak, ChainedEventFields } from '@qisu/core';
import { canonicalJson, chainedFields, GENESIS_HASH } from '@qisu/core';

/**
 * SHA-256 (hex) of the canonical serialisation of an event's own fields and its predecessor's
 * hash. Taken here rather than in core, whose canonical form the browser shares without Node's
 * crypto.
 */
export function eventHash(fields: ChainedEventFields): string {
  return createHash('sha256')
    .update(canonicalJson(chainedFields(fields)))
    .digest('hex');
}

/**
 * Checks one link: that the stored event follows its predecessor and that its stored hash is
 * the hash of its fields. Returns the break, or null for an intact link.
 */
export function checkLink(
  event: ChainedEventFields & { hash: string },
  previous: { seq: number; hash: string } | null,
): ChainBreak | null {
  const expectedSeq = previous ? previous.seq + 1 : 1;
  if (event.seq !== expectedSeq) return { seq: event.seq, reason: 'seq-gap' };
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  if (event.prevHash !== expectedPrev) return { seq: event.seq, reason: 'prev-hash-mismatch' };
  const { hash, ...fields } = event;
  if (eventHash(chainedFields(fields)) !== hash) return { seq: event.seq, reason: 'hash-mismatch' };
  return null;
}
