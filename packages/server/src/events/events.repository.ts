import type { Insertable, Kysely, Transaction } from 'kysely';
import { GENESIS_HASH } from '@qisu/core';
import type { Database, EventsTable } from '../db/schema.js';

// Appending lives in the events service; re-exported here until cases and clocks import it from there.
export { appendEvent, appendEvents } from './events.service.js';
export type { NewEvent } from './events.service.js';

/**
 * Inserts a jurisdiction's new chained events and moves its chain head to the last of them, in
 * the caller's transaction, which holds the head lock (see `lockChainHead`). Large batches go in
 * chunks; the last chunk shares the statement that moves the head.
 */
export async function insertChainedEvents(
  trx: Transaction<Database>,
  jurisdictionId: string,
  rows: readonly Insertable<EventsTable>[],
  head: { lastSeq: number; lastHash: string },
): Promise<void> {
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
    .set({ last_seq: head.lastSeq, last_hash: head.lastHash })
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
}

/**
 * Locks a jurisdiction's chain head for the rest of the transaction, creating it at the genesis
 * hash for the jurisdiction's first event.
 */
export async function lockChainHead(trx: Transaction<Database>, jurisdictionId: string) {
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

/** The jurisdictions whose chains to verify (all of them, or those named), by code. */
export function listChainJurisdictions(db: Kysely<Database>, jurisdictionIds?: readonly string[]) {
  let query = db.selectFrom('jurisdictions').select(['id', 'code']).orderBy('code');
  if (jurisdictionIds) query = query.where('id', 'in', jurisdictionIds);
  return query.execute();
}

/** A jurisdiction's chain head, without locking it; undefined before its first event. */
export function findChainHead(db: Kysely<Database>, jurisdictionId: string) {
  return db
    .selectFrom('event_chains')
    .select(['last_seq', 'last_hash'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}
