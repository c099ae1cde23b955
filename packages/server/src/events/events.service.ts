import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ChainedEventRow, ChainHead } from './events.repository.js';
import {
  insertChainedEvents,
  insertIfHeadAt,
  listCaseEvents as caseEventRows,
  lockChainHead,
} from './events.repository.js';
import { eventHash } from './hash-chain.js';

/** One event to append: what happened to which case, by whom, on behalf of which unit. */
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
 * The head each chain had after this process's last append to it. Only a guess: another process,
 * or a rolled-back transaction, may have moved the real head since, and the guarded append then
 * writes nothing and the append takes the head's lock instead. Correctness never rests on it.
 */
const knownHeads = new Map<string, ChainHead>();

/** Events appended on a guess of the head at most; larger batches (the sweep's) lock the head first. */
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
    if (!guess || !chained || !(await insertIfHeadAt(trx, jurisdictionId, guess, chained.rows))) {
      const head = await lockChainHead(trx, jurisdictionId);
      chained = chainAfter(head, jurisdictionId, mine);
      await insertChainedEvents(trx, jurisdictionId, chained.rows, chained.head);
    }
    knownHeads.set(jurisdictionId, chained.head);
    for (const [i, { index }] of mine.entries()) {
      const row = chained.rows[i];
      if (row) appended[index] = { seq: row.seq, hash: row.hash };
    }
  }
  return appended;
}

/** The rows of one chain's new events after `head`, each hashed over the one before. */
function chainAfter(
  head: ChainHead,
  jurisdictionId: string,
  events: readonly { event: NewEvent }[],
): { rows: ChainedEventRow[]; head: ChainHead } {
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
    const row: ChainedEventRow = {
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
 * A case's events in order, with the names of their actors and units. No access check: the
 * caller has already found the case visible to its actor.
 */
export function listCaseEvents(db: Kysely<Database>, caseId: string) {
  return caseEventRows(db, caseId);
}
