import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { GENESIS_HASH } from '@qisu/core';
import type { ChainAnchorsTable, Database, EventsTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A chain's head: the last event's `seq` and hash. */
export interface ChainHead {
  last_seq: number;
  last_hash: string;
}

/** An event row as the chain writes it. */
export type ChainedEventRow = Insertable<EventsTable> & { seq: number; hash: string; prev_hash: string };

/**
 * One statement: moves the chain's head past `rows` when it is still at `head` — locking it, and
 * waiting for a transaction that holds it — and inserts the rows only then. False when the head
 * had moved (nothing written).
 */
export async function insertIfHeadAt(
  trx: Transaction<Database>,
  jurisdictionId: string,
  head: ChainHead,
  rows: readonly ChainedEventRow[],
): Promise<boolean> {
  const last = rows[rows.length - 1];
  if (!last) return true;
  const values = rows.map(
    (r) =>
      sql`(${r.seq}::integer, ${r.case_id}::uuid, ${r.type}::text, ${r.actor_id}::uuid, ${r.unit_id}::uuid,
           ${r.at}::timestamptz, ${r.payload}::jsonb, ${r.prev_hash}::text, ${r.hash}::text)`,
  );
  const inserted = await sql<{ seq: number }>`
    WITH moved AS (
      UPDATE event_chains SET last_seq = ${last.seq}, last_hash = ${last.hash}
      WHERE jurisdiction_id = ${jurisdictionId} AND last_seq = ${head.last_seq} AND last_hash = ${head.last_hash}
      RETURNING jurisdiction_id)
    INSERT INTO events (jurisdiction_id, seq, case_id, type, actor_id, unit_id, at, payload, prev_hash, hash)
    SELECT moved.jurisdiction_id, v.seq, v.case_id, v.type, v.actor_id, v.unit_id, v.at, v.payload, v.prev_hash, v.hash
    FROM moved, (VALUES ${sql.join(values)}) AS v (seq, case_id, type, actor_id, unit_id, at, payload, prev_hash, hash)
    RETURNING seq`.execute(trx);
  return inserted.rows.length === rows.length;
}

/**
 * Inserts a jurisdiction's new chained events and moves its chain head to the last of them, in
 * the caller's transaction, which holds the head lock (see `lockChainHead`). Large batches go in
 * chunks; the last chunk shares the statement that moves the head.
 */
export async function insertChainedEvents(
  trx: Transaction<Database>,
  jurisdictionId: string,
  rows: readonly Insertable<EventsTable>[],
  head: ChainHead,
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
    .set(head)
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
}

/**
 * Locks a jurisdiction's chain head for the rest of the transaction, creating it at the genesis
 * hash for the jurisdiction's first event.
 */
export async function lockChainHead(trx: Transaction<Database>, jurisdictionId: string): Promise<ChainHead> {
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
export function chainPage(db: Executor, jurisdictionId: string, afterSeq: number, limit: number) {
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
export function listChainJurisdictions(db: Executor, jurisdictionIds?: readonly string[]) {
  let query = db.selectFrom('jurisdictions').select(['id', 'code']).orderBy('code');
  if (jurisdictionIds) query = query.where('id', 'in', jurisdictionIds);
  return query.execute();
}

/** A jurisdiction's chain head, without locking it; undefined before its first event. */
export function findChainHead(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('event_chains')
    .select(['last_seq', 'last_hash'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

/**
 * A jurisdiction's cases in number order after `afterNumber`, a page at a time, with what their
 * events decide: status, round, lead unit, unsatisfied rounds, the discipline flag, last score,
 * and every assignment and rating.
 */
export function caseStatePage(db: Executor, jurisdictionId: string, afterNumber: string, limit: number) {
  return db
    .selectFrom('cases as c')
    .select([
      'c.id',
      'c.number',
      'c.status',
      'c.round',
      'c.lead_unit_id',
      'c.last_score',
      'c.unsatisfied_rounds',
      'c.discipline_flag',
    ])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('assignments as a')
          .select(['a.round', 'a.unit_id', 'a.role', 'a.status'])
          .whereRef('a.case_id', '=', 'c.id'),
      ).as('assignments'),
      jsonArrayFrom(
        eb.selectFrom('ratings as r').select(['r.round', 'r.score', 'r.satisfied']).whereRef('r.case_id', '=', 'c.id'),
      ).as('ratings'),
    ])
    .where('c.jurisdiction_id', '=', jurisdictionId)
    .where('c.number', '>', afterNumber)
    .orderBy('c.number')
    .limit(limit)
    .execute();
}

/**
 * Every chain's head with the event it names (null columns when that event is missing): what an
 * anchor records. Jurisdictions without events have no head and no row.
 */
export function chainHeadsWithEvents(db: Executor) {
  return db
    .selectFrom('event_chains as h')
    .innerJoin('jurisdictions as j', 'j.id', 'h.jurisdiction_id')
    .leftJoin('events as e', (join) =>
      join.onRef('e.jurisdiction_id', '=', 'h.jurisdiction_id').onRef('e.seq', '=', 'h.last_seq'),
    )
    .select(['j.id as jurisdiction_id', 'j.code', 'h.last_seq', 'h.last_hash', 'e.hash as event_hash', 'e.at'])
    .where('h.last_seq', '>', 0)
    .orderBy('j.code')
    .execute();
}

/** Records anchors, each head once; answers the ones newly recorded. */
export function insertChainAnchors(trx: Transaction<Database>, rows: readonly Insertable<ChainAnchorsTable>[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return trx
    .insertInto('chain_anchors')
    .values([...rows])
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'seq']).doNothing())
    .returning(['jurisdiction_id', 'seq', 'hash', 'event_at', 'anchored_at'])
    .execute();
}

/** A jurisdiction's recorded anchors, oldest head first. */
export function listChainAnchors(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('chain_anchors')
    .select(['seq', 'hash', 'event_at', 'anchored_at'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('seq')
    .execute();
}
