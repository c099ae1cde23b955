import { describe, expect, it } from 'vitest';
import type { ChainedEventFields } from '@qisu/core';
import { GENESIS_HASH } from '@qisu/core';
import { checkLink, eventHash } from './hash-chain.js';

type StoredEvent = ChainedEventFields & { hash: string };

function fieldsAt(seq: number, prevHash: string): ChainedEventFields {
  return {
    jurisdictionId: 'j-kh',
    seq,
    caseId: seq === 2 ? null : 'case-1',
    type: ['case.submitted', 'case.accepted', 'case.dispatched'][seq - 1] ?? 'case.note',
    actorId: seq === 1 ? null : `user-${seq}`,
    unitId: seq === 3 ? 'unit-hub' : null,
    at: new Date(Date.UTC(2026, 2, 5, 1, 0, seq)).toISOString(),
    payload: { note: `第${seq}步`, units: ['u1', 'u2'], nested: { score: seq, ok: true } },
    prevHash,
  };
}

/** Builds an intact chain the way a writer must: each event's hash covers its fields, not itself. */
function buildChain(length: number): StoredEvent[] {
  const chain: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const fields = fieldsAt(seq, prevHash);
    const hash = eventHash(fields);
    chain.push({ ...fields, hash });
    prevHash = hash;
  }
  return chain;
}

describe('eventHash', () => {
  const base = fieldsAt(1, GENESIS_HASH);

  it('is 64 lowercase hex digits and stable for equal fields', () => {
    expect(eventHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(fieldsAt(1, GENESIS_HASH))).toBe(eventHash(base));
  });

  it('does not depend on the key order of the payload', () => {
    const a = { ...base, payload: { x: 1, y: { p: 'a', q: 'b' } } };
    const b = { ...base, payload: { y: { q: 'b', p: 'a' }, x: 1 } };
    expect(eventHash(b)).toBe(eventHash(a));
  });

  const changes: Record<keyof ChainedEventFields, Partial<ChainedEventFields>> = {
    jurisdictionId: { jurisdictionId: 'j-yc' },
    seq: { seq: 2 },
    caseId: { caseId: 'case-2' },
    type: { type: 'case.rejected' },
    actorId: { actorId: 'user-9' },
    unitId: { unitId: 'unit-9' },
    at: { at: '2026-03-05T01:00:01.001Z' },
    payload: { payload: { note: '第1步', units: ['u1', 'u2'], nested: { score: 2, ok: true } } },
    prevHash: { prevHash: 'f'.repeat(64) },
  };

  it.each(Object.entries(changes))('changes when %s changes', (_field, change) => {
    const changed = { ...base, ...change };
    expect(changed).not.toEqual(base);
    expect(eventHash(changed)).not.toBe(eventHash(base));
  });

  it('changes when a nullable field goes from null to a value', () => {
    expect(eventHash({ ...base, actorId: 'user-1' })).not.toBe(eventHash(base));
    expect(eventHash({ ...base, caseId: null })).not.toBe(eventHash(base));
  });
});

describe('checkLink', () => {
  it('passes every link of an intact three-event chain, extra row members included', () => {
    const chain: (ChainedEventFields & { hash: string; id: number })[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const fields: ChainedEventFields = {
        jurisdictionId: 'j-kh',
        seq,
        caseId: 'case-1',
        type: 'case.note',
        actorId: null,
        unitId: null,
        at: new Date(Date.UTC(2026, 2, 5, 1, 0, seq)).toISOString(),
        payload: { seq },
        prevHash,
      };
      const hash = eventHash(fields);
      chain.push({ ...fields, hash, id: 100 + seq });
      prevHash = hash;
    }
    expect(chain.map((e, i) => checkLink(e, i === 0 ? null : chain[i - 1]!))).toEqual([null, null, null]);
  });

  it('builds the test chain on the genesis hash with linked prevHash values', () => {
    const [e1, e2, e3] = buildChain(3);
    expect(e1!.prevHash).toBe(GENESIS_HASH);
    expect(e2!.prevHash).toBe(e1!.hash);
    expect(e3!.prevHash).toBe(e2!.hash);
  });

  it('reports hash-mismatch at the seq of an event whose payload was changed after writing', () => {
    const [e1, e2] = buildChain(3);
    const tampered = { ...e2!, payload: { note: '已篡改' } };
    expect(checkLink(tampered, e1!)).toEqual({ seq: 2, reason: 'hash-mismatch' });
  });

  it('reports prev-hash-mismatch when an event does not point at its predecessor', () => {
    const [e1, e2] = buildChain(2);
    const fields = { ...fieldsAt(2, 'a'.repeat(64)) };
    const relinked = { ...fields, hash: eventHash(fields) };
    expect(relinked.prevHash).not.toBe(e1!.hash);
    expect(checkLink(relinked, e1!)).toEqual({ seq: 2, reason: 'prev-hash-mismatch' });
    expect(checkLink(e2!, { seq: 1, hash: 'b'.repeat(64) })).toEqual({ seq: 2, reason: 'prev-hash-mismatch' });
  });

  it('reports prev-hash-mismatch on the event after one whose stored hash was rewritten', () => {
    const [, e2, e3] = buildChain(3);
    const { hash: _original, ...fields } = { ...e2!, payload: { note: '已篡改' } };
    const rewritten = { ...fields, hash: eventHash(fields) };
    expect(rewritten.hash).not.toBe(e2!.hash);
    expect(checkLink(e3!, rewritten)).toEqual({ seq: 3, reason: 'prev-hash-mismatch' });
    expect(checkLink(e3!, e2!)?.reason).not.toBe('prev-hash-mismatch');
  });

  it('reports prev-hash-mismatch when the first event does not start from the genesis hash', () => {
    const fields = fieldsAt(1, 'c'.repeat(64));
    expect(checkLink({ ...fields, hash: eventHash(fields) }, null)).toEqual({ seq: 1, reason: 'prev-hash-mismatch' });
  });

  it('reports seq-gap at the seq of an event that skips a number', () => {
    const [e1, , e3] = buildChain(3);
    expect(checkLink(e3!, e1!)).toEqual({ seq: 3, reason: 'seq-gap' });
  });

  it('reports seq-gap for a repeated seq and for a chain that does not start at 1', () => {
    const [e1, e2] = buildChain(2);
    expect(checkLink(e2!, e2!)).toEqual({ seq: 2, reason: 'seq-gap' });
    expect(checkLink(e2!, null)).toEqual({ seq: 2, reason: 'seq-gap' });
    expect(checkLink(e1!, e1!)).toEqual({ seq: 1, reason: 'seq-gap' });
  });
});
