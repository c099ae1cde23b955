import type { Kysely, Transaction } from 'kysely';
import { GENESIS_HASH } from '@qisu/core';
import { eventHash } from './hash-chain.js';
import type { Database } from '../db/schema.js';

export interface NewEvent {
  jurisdictionId: string;
  caseId: string | null;
  type: string;
  actorId: string | null;
  unitId: string | null;
  at: Date;
  payload: Record<string, unknown>;
}

/**
 * Appends one event to its jurisdiction's hash chain, inside the caller's transaction. The
 * chain head row is locked for the rest of the transaction, so appends in one jurisdiction
 * are serialised and `seq` has no gaps; take it last to hold the lock briefly.
 */
export async function appendEvent(trx: Transaction<Database>, event: NewEvent): Promise<{ seq: number; hash: string }> {
  await trx
    .insertInto('event_chains')
    .values({ jurisdiction_id: event.jurisdictionId, last_seq: 0, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('jurisdiction_id').doNothing())
    .execute();
  const head = await trx
    .selectFrom('event_chains')
    .select(['last_seq', 'last_hash'])
    .where('jurisdiction_id', '=', event.jurisdictionId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const seq = head.last_seq + 1;
  const hash = eventHash({
    jurisdictionId: event.jurisdictionId,
    seq,
    caseId: event.caseId,
    type: event.type,
    actorId: event.actorId,
    unitId: event.unitId,
    at: event.at.toISOString(),
    payload: event.payload,
    prevHash: head.last_hash,
  });
  await trx
    .insertInto('events')
    .values({
      jurisdiction_id: event.jurisdictionId,
      seq,
      case_id: event.caseId,
      type: event.type,
      actor_id: event.actorId,
      unit_id: event.unitId,
      at: event.at,
      payload: JSON.stringify(event.payload),
      prev_hash: head.last_hash,
      hash,
    })
    .execute();
  await trx
    .updateTable('event_chains')
    .set({ last_seq: seq, last_hash: hash })
    .where('jurisdiction_id', '=', event.jurisdictionId)
    .execute();
  return { seq, hash };
}

/** A case's events in order, with the names of their actors and units. */
export function listCaseEvents(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .leftJoin('units as un', 'un.id', 'e.unit_id')
    .select([
      'e.seq',
      'e.type',
      'e.actor_id',
      'e.unit_id',
      'e.at',
      'e.payload',
      'e.hash',
      'e.prev_hash',
      'u.name as actor_name',
      'un.name as unit_name',
    ])
    .where('e.case_id', '=', caseId)
    .orderBy('e.seq')
    .execute();
}

/** Reads one jurisdiction's chain in seq order, a page at a time. */
export function chainPage(db: Kysely<Database>, jurisdictionId: string, afterSeq: number, limit: number) {
  return db
    .selectFrom('events')
    .select(['id', 'seq', 'case_id', 'type', 'actor_id', 'unit_id', 'at', 'payload', 'prev_hash', 'hash'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** A case's events with every chained field, and the hashes of the events just before each. */
export async function caseChainLinks(db: Kysely<Database>, jurisdictionId: string, caseId: string) {
  const events = await db
    .selectFrom('events')
    .select(['id', 'seq', 'case_id', 'type', 'actor_id', 'unit_id', 'at', 'payload', 'prev_hash', 'hash'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  const before = events.map((e) => e.seq - 1).filter((s) => s > 0);
  const predecessors =
    before.length === 0
      ? []
      : await db
          .selectFrom('events')
          .select(['seq', 'hash'])
          .where('jurisdiction_id', '=', jurisdictionId)
          .where('seq', 'in', before)
          .execute();
  return { events, predecessors: new Map(predecessors.map((p) => [p.seq, p.hash])) };
}
