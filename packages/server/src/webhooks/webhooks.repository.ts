import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, WebhooksTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The jurisdiction's last event number (0 before any). */
export async function lastSeq(db: Executor, jurisdictionId: string): Promise<number> {
  const row = await db
    .selectFrom('event_chains')
    .select('last_seq')
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
  return Number(row?.last_seq ?? 0);
}

export function insertWebhook(db: Executor, row: Insertable<WebhooksTable>) {
  return db.insertInto('webhooks').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Starts following a jurisdiction's events at `seq`, unless it is followed already. */
export async function ensureCursor(db: Executor, jurisdictionId: string, seq: number): Promise<void> {
  await db
    .insertInto('webhook_cursors')
    .values({ jurisdiction_id: jurisdictionId, last_seq: seq })
    .onConflict((oc) => oc.column('jurisdiction_id').doNothing())
    .execute();
}

/** The jurisdiction's webhooks with their undelivered counts, newest first. */
export function listWebhooks(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('webhooks as w')
    .select([
      'w.id',
      'w.url',
      'w.events',
      'w.intake_key_id',
      'w.active',
      'w.created_at',
      sql<number>`(select count(*) from webhook_deliveries d where d.webhook_id = w.id and d.status = 'pending')`.as(
        'pending',
      ),
      sql<number>`(select count(*) from webhook_deliveries d where d.webhook_id = w.id and d.status = 'dead')`.as(
        'dead',
      ),
    ])
    .where('w.jurisdiction_id', '=', jurisdictionId)
    .orderBy('w.created_at', 'desc')
    .execute();
}

export function findWebhook(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('webhooks')
    .select(['id', 'active'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function deactivateWebhook(db: Executor, id: string) {
  return db.updateTable('webhooks').set({ active: false }).where('id', '=', id).execute();
}

/** A webhook's latest deliveries (at most 200), of one status when given. */
export function listDeliveries(db: Executor, webhookId: string, status?: 'pending' | 'delivered' | 'dead') {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .select([
      'd.id',
      'd.event_id',
      'd.type',
      'd.case_id',
      'c.number as case_number',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_status',
      'd.last_error',
      'd.delivered_at',
      'd.created_at',
    ])
    .where('d.webhook_id', '=', webhookId)
    .$if(status !== undefined, (q) => q.where('d.status', '=', status!))
    .orderBy('d.id', 'desc')
    .limit(200)
    .execute();
}

/** Puts a dead delivery back in the queue, due now, its attempts counted afresh. */
export function revive(db: Executor, webhookId: string, deliveryId: number, at: Date) {
  return db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: at, last_error: null })
    .where('webhook_id', '=', webhookId)
    .where('id', '=', deliveryId)
    .where('status', '=', 'dead')
    .returning('id')
    .executeTakeFirst();
}
