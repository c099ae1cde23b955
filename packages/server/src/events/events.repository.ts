import type { Insertable, Kysely, Transaction } from 'kysely';
import { GENESIS_HASH } from '@qisu/core';
import type { Database, EventsTable } from '../db/schema.js';
import { eventHash } from './hash-chain.js';

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
  const [appended] = await appendEvents(trx, [event]);
  if (!appended) throw new Error('event not appended');
  return appended;
}

/**
 * Appends events in the order given, each to its jurisdiction's chain, with one head lock, one
 * INSERT and one head update per jurisdiction. Heads are locked in jurisdiction id order, so two
 * transactions appending to the same chains never wait on each other in a circle. Returns each
 * event's `seq` and hash, in the order of `events`.
 */
export async function appendEvents(
  trx: Transaction<Database>,
  events: readonly NewEvent[],
): Promise<{ seq: number; hash: string }[]> {
  const appended = new Array<{ seq: number; hash: string }>(events.length);
  const chains = [...new Set(events.map((e) => e.jurisdictionId))].sort();
  for (const jurisdictionId of chains) {
    const head = await lockChainHead(trx, jurisdictionId);
    let seq = head.last_seq;
    let prevHash = head.last_hash;
    const rows: Insertable<EventsTable>[] = [];
    for (const [i, event] of events.entries()) {
      if (event.jurisdictionId !== jurisdictionId) continue;
      seq++;
      const hash = eventHash({
        jurisdictionId,
        seq,
        caseId: event.caseId,
        type: event.type,
        actorId: event.actorId,
        unitId: event.unitId,
        at: event.at.toISOString(),
        payload: event.payload,
        prevHash,
      });
      rows.push({
        jurisdiction_id: jurisdictionId,
        seq,
        case_id: event.caseId,
        type: event.type,
        actor_id: event.actorId,
        unit_id: event.unitId,
        at: event.at,
        payload: JSON.stringify(event.payload),
        prev_hash: prevHash,
        hash,
      });
      appended[i] = { seq, hash };
      prevHash = hash;
    }
    // Every chunk but the last on its own; the last in the same statement that moves the head.
    let at = 0;
    for (; at + INSERT_CHUNK < rows.length; at += INSERT_CHUNK) {
      await trx
        .insertInto('events')
        .values(rows.slice(at, at + INSERT_CHUNK))
        .execute();
    }
    await trx
      .with('appended', (db) => db.insertInto('events').values(rows.slice(at)))
      .updateTable('event_chains')
      .set({ last_seq: seq, last_hash: prevHash })
      .where('jurisdiction_id', '=', jurisdictionId)
      .execute();
  }
  return appended;
}

/**
 * Locks a jurisdiction's chain head for the rest of the transaction, creating it at the genesis
 * hash for the jurisdiction's first event.
 */
async function lockChainHead(trx: Transaction<Database>, jurisdictionId: string) {
  const lock = () =>
    trx
      .selectFrom('event_chains')
      .select(['last_seq', 'last_hash'])
      .where('jurisdiction_id', '=', jurisdictionId)
      .forUpdate()
      .executeTakeFirst();
  const head = await lock();
  if (head) return head;
  await trx
    .insertInto('event_chains')
    .values({ jurisdiction_id: jurisdictionId, last_seq: 0, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('jurisdiction_id').doNothing())
    .execute();
  const created = await lock();
  if (!created) throw new Error(`chain head of ${jurisdictionId} missing`);
  return created;
}

/** Rows per multi-row INSERT: well below PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 1000;

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
