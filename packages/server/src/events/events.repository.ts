import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
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

/** A chain's head: the last event's `seq` and hash. */
interface ChainHead {
  last_seq: number;
  last_hash: string;
}

/**
 * The head each chain had after this process's last append to it. Only a guess: another process,
 * or a rolled-back transaction, may have moved the real head since, and the guarded append below
 * then writes nothing and the append takes the head's lock instead. Correctness never rests on it.
 */
const knownHeads = new Map<string, ChainHead>();

/** Events appended with a guess of the head at most; larger batches (the sweep's) lock the head. */
const GUESS_LIMIT = 20;

/**
 * Appends events in the order given, each to its jurisdiction's chain. Per jurisdiction it first
 * tries one statement that moves the head only if it is still where this process last left it
 * and inserts the events only if it moved; otherwise it locks the head, reads it and appends
 * after it. Either way the head row stays locked to the end of the transaction, so appends in one
 * jurisdiction are serialised and `seq` has no gaps. Heads are taken in jurisdiction id order, so
 * two transactions appending to the same chains never wait on each other in a circle. Returns
 * each event's `seq` and hash, in the order of `events`.
 */
export async function appendEvents(
  trx: Transaction<Database>,
  events: readonly NewEvent[],
): Promise<{ seq: number; hash: string }[]> {
  const appended = new Array<{ seq: number; hash: string }>(events.length);
  const chains = [...new Set(events.map((e) => e.jurisdictionId))].sort();
  for (const jurisdictionId of chains) {
    const mine = events.flatMap((event, index) => (event.jurisdictionId === jurisdictionId ? [{ event, index }] : []));
    const guess = mine.length <= GUESS_LIMIT ? knownHeads.get(jurisdictionId) : undefined;
    let chained = guess ? chainAfter(guess, jurisdictionId, mine) : undefined;
    if (!chained || !guess || !(await insertIfHeadAt(trx, jurisdictionId, guess, chained.rows))) {
      const head = await lockChainHead(trx, jurisdictionId);
      chained = chainAfter(head, jurisdictionId, mine);
      await insertAndMoveHead(trx, jurisdictionId, chained.rows, chained.head);
    }
    knownHeads.set(jurisdictionId, chained.head);
    for (const [i, { index }] of mine.entries()) {
      const row = chained.rows[i];
      if (row) appended[index] = { seq: row.seq, hash: row.hash };
    }
  }
  return appended;
}

type EventRow = Insertable<EventsTable> & { seq: number; hash: string; prev_hash: string };

/** The rows of one chain's new events after `head`, each hashed over the one before. */
function chainAfter(
  head: ChainHead,
  jurisdictionId: string,
  events: readonly { event: NewEvent }[],
): { rows: EventRow[]; head: ChainHead } {
  let seq = head.last_seq;
  let prevHash = head.last_hash;
  const rows = events.map(({ event }) => {
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
    const row: EventRow = {
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
    };
    prevHash = hash;
    return row;
  });
  return { rows, head: { last_seq: seq, last_hash: prevHash } };
}

/**
 * One statement: moves the chain's head past `rows` when it is still at `head` — locking it, and
 * waiting for a transaction that holds it — and inserts the rows only then. False when the head
 * had moved (nothing written).
 */
async function insertIfHeadAt(
  trx: Transaction<Database>,
  jurisdictionId: string,
  head: ChainHead,
  rows: readonly EventRow[],
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

/** Inserts a chain's rows after its locked head and moves the head, the last chunk in one statement. */
async function insertAndMoveHead(
  trx: Transaction<Database>,
  jurisdictionId: string,
  rows: readonly EventRow[],
  head: ChainHead,
): Promise<void> {
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
async function lockChainHead(trx: Transaction<Database>, jurisdictionId: string): Promise<ChainHead> {
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
