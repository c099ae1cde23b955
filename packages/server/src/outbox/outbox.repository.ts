import type { Insertable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, OutboxTable } from '../db/schema.js';

/**
 * Claims the oldest undelivered row that is due, locking it for the caller's transaction; rows
 * locked by another process are skipped (`FOR UPDATE SKIP LOCKED`), so each row is worked by one
 * process at a time and, once marked, never again.
 */
export function claimNextPending(trx: Transaction<Database>, now: Date) {
  return trx
    .selectFrom('outbox')
    .selectAll()
    .where('dispatched_at', 'is', null)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

/** Marks a claimed row delivered. */
export async function markDispatched(trx: Transaction<Database>, id: number, at: Date): Promise<void> {
  await trx
    .updateTable('outbox')
    .set({ dispatched_at: at, attempts: sql<number>`attempts + 1`, next_attempt_at: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Puts a claimed row back for a later attempt, with the reason it failed. */
export async function markAttemptFailed(
  trx: Transaction<Database>,
  id: number,
  nextAttemptAt: Date,
  error: string,
): Promise<void> {
  await trx
    .updateTable('outbox')
    .set({ attempts: sql<number>`attempts + 1`, next_attempt_at: nextAttemptAt, last_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .execute();
}

/** The (channel, user) pairs of a row already delivered on an earlier attempt. */
export async function deliveredPairs(trx: Transaction<Database>, outboxId: number): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('outbox_deliveries')
    .select(['channel', 'user_id'])
    .where('outbox_id', '=', outboxId)
    .execute();
  return new Set(rows.map((r) => `${r.channel}:${r.user_id}`));
}

/** Records that one message of a row reached one user on one channel. */
export async function recordDelivery(
  trx: Transaction<Database>,
  row: { outboxId: number; channel: string; userId: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('outbox_deliveries')
    .values({ outbox_id: row.outboxId, channel: row.channel, user_id: row.userId, delivered_at: row.at })
    .onConflict((oc) => oc.columns(['outbox_id', 'channel', 'user_id']).doNothing())
    .execute();
}

/**
 * Inserts outbox rows with one INSERT per chunk of 500, inside the caller's transaction, so the
 * rows exist exactly when the change that caused them is committed.
 */
export async function insertOutboxRows(
  trx: Transaction<Database>,
  rows: readonly Insertable<OutboxTable>[],
): Promise<void> {
  for (let at = 0; at < rows.length; at += 500) {
    await trx
      .insertInto('outbox')
      .values(rows.slice(at, at + 500))
      .execute();
  }
}

/** The title of a case, for the texts of SMS and WeChat messages; undefined when it is gone. */
export async function caseTitle(trx: Transaction<Database>, caseId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('cases').select('title').where('id', '=', caseId).executeTakeFirst();
  return row?.title;
}
