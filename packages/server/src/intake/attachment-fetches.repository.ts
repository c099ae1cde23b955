import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, IntakeAttachmentFetchesTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Queues links; a link already queued for the case (a platform's retry) is left as it is. */
export async function insertFetches(db: Executor, rows: Insertable<IntakeAttachmentFetchesTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('intake_attachment_fetches')
    .values(rows)
    .onConflict((oc) => oc.columns(['case_id', 'url']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** A claimed link, with what the job needs to act for the platform that sent it. */
export interface ClaimedFetch {
  id: number;
  case_id: string;
  jurisdiction_id: string;
  jurisdiction_code: string;
  source_kind: 'intake' | 'open311';
  source_key: string;
  source_name: string;
  url: string;
  name: string | null;
  /** Counting this one. */
  attempts: number;
}

/**
 * Claims due links by moving their next attempt a lease ahead and counting the attempt, in one
 * `UPDATE … RETURNING` over rows picked `FOR UPDATE SKIP LOCKED`: two processes never take the
 * same link, and no transaction stays open while the other server answers.
 */
export async function claimDueFetches(db: Executor, now: Date, lease: Date, limit: number): Promise<ClaimedFetch[]> {
  const { rows } = await sql<ClaimedFetch>`
    update intake_attachment_fetches f
    set next_attempt_at = ${lease}, attempts = f.attempts + 1
    from jurisdictions j
    where j.id = f.jurisdiction_id
      and f.id in (
        select p.id from intake_attachment_fetches p
        where p.status = 'pending' and p.next_attempt_at <= ${now}
        order by p.next_attempt_at, p.id
        limit ${limit}
        for update of p skip locked
      )
    returning f.id, f.case_id, f.jurisdiction_id, j.code as jurisdiction_code, f.source_kind, f.source_key,
      f.source_name, f.url, f.name, f.attempts`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
}

/**
 * Marks a claimed link fetched, inside the attachment's transaction; only while the claim is
 * still this run's (pending, same attempt), else nothing changes and the caller rolls back.
 */
export async function markFetched(
  trx: Transaction<Database>,
  claim: { id: number; attempts: number },
  attachmentId: string,
  at: Date,
): Promise<boolean> {
  const updated = await trx
    .updateTable('intake_attachment_fetches')
    .set({ status: 'fetched', attachment_id: attachmentId, finished_at: at, last_error: null })
    .where('id', '=', claim.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', claim.attempts)
    .returning('id')
    .execute();
  return updated.length === 1;
}

/** Schedules the next attempt of a claimed link after a failure that may pass. */
export async function markRetry(
  db: Executor,
  claim: { id: number; attempts: number },
  nextAttemptAt: Date,
  error: string,
): Promise<void> {
  await db
    .updateTable('intake_attachment_fetches')
    .set({ next_attempt_at: nextAttemptAt, last_error: error })
    .where('id', '=', claim.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', claim.attempts)
    .execute();
}

/** Gives a claimed link up; whether this run did (a claim taken over meanwhile changes nothing). */
export async function markFailed(
  trx: Transaction<Database>,
  claim: { id: number; attempts: number },
  error: string,
  at: Date,
): Promise<boolean> {
  const updated = await trx
    .updateTable('intake_attachment_fetches')
    .set({ status: 'failed', last_error: error, finished_at: at })
    .where('id', '=', claim.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', claim.attempts)
    .returning('id')
    .execute();
  return updated.length === 1;
}

/** A case's links that are not an attachment yet (waiting or given up), oldest first. */
export async function unfetchedOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('intake_attachment_fetches')
    .select(['id', 'source_name', 'url', 'name', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at'])
    .where('case_id', '=', caseId)
    .where('status', '!=', 'fetched')
    .orderBy('id')
    .execute();
}
