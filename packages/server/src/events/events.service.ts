import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, EventsTable } from '../db/schema.js';
import { insertChainedEvents, listCaseEvents as caseEventRows, lockChainHead } from './events.repository.js';
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
    await insertChainedEvents(trx, jurisdictionId, rows, { lastSeq: seq, lastHash: prevHash });
  }
  return appended;
}

/**
 * A case's events in order, with the names of their actors and units. No access check: the
 * caller has already found the case visible to its actor.
 */
export function listCaseEvents(db: Kysely<Database>, caseId: string) {
  return caseEventRows(db, caseId);
}
