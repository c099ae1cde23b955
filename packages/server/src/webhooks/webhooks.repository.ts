import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from '../db/schema.js';

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

/** The jurisdictions whose events are followed for webhooks. */
export function followedJurisdictions(db: Executor) {
  return db.selectFrom('webhook_cursors').select('jurisdiction_id').execute();
}

/** Locks a jurisdiction's cursor for the move and answers the last event it has offered. */
export async function lockCursor(trx: Transaction<Database>, jurisdictionId: string): Promise<number> {
  const cursor = await trx
    .selectFrom('webhook_cursors')
    .select('last_seq')
    .where('jurisdiction_id', '=', jurisdictionId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return cursor.last_seq;
}

/** The jurisdiction's next events after `seq`, with their case's number and filing key. */
export function eventsAfter(db: Executor, jurisdictionId: string, seq: number, limit: number) {
  return db
    .selectFrom('events as e')
    .leftJoin('cases as c', 'c.id', 'e.case_id')
    .select(['e.id', 'e.seq', 'e.case_id', 'e.type', 'e.at', 'e.payload', 'c.number', 'c.intake_key_id'])
    .where('e.jurisdiction_id', '=', jurisdictionId)
    .where('e.seq', '>', seq)
    .orderBy('e.seq')
    .limit(limit)
    .execute();
}

/** The jurisdiction's active webhooks, as the offering of events reads them. */
export function activeWebhooks(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('webhooks')
    .select(['id', 'events', 'intake_key_id', 'from_seq'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .execute();
}

/** New deliveries; a pair of webhook and event already offered is left as it is. */
export async function insertDeliveries(db: Executor, rows: Insertable<WebhookDeliveriesTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['webhook_id', 'event_id']).doNothing())
    .execute();
}

export async function moveCursor(db: Executor, jurisdictionId: string, seq: number): Promise<void> {
  await db
    .updateTable('webhook_cursors')
    .set({ last_seq: seq })
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
}

/** A claimed delivery with where and how to post it. */
export interface ClaimedDelivery {
  id: number;
  body: string;
  type: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Claims up to `limit` due deliveries by moving their next attempt to `lease` (`FOR UPDATE SKIP
 * LOCKED`): per webhook and case only the oldest undelivered one is due.
 */
export async function claimDue(db: Executor, now: Date, lease: Date, limit: number): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<ClaimedDelivery>`
    update webhook_deliveries d
    set next_attempt_at = ${lease}, attempts = d.attempts + 1
    from webhooks w
    where w.id = d.webhook_id
      and d.id in (
        select p.id from webhook_deliveries p
        join webhooks h on h.id = p.webhook_id and h.active
        where p.status = 'pending' and p.next_attempt_at <= ${now}
          and not exists (
            select 1 from webhook_deliveries e
            where e.webhook_id = p.webhook_id and e.case_id = p.case_id and e.id < p.id and e.status <> 'delivered'
          )
        order by p.id
        limit ${limit}
        for update of p skip locked
      )
    returning d.id, d.body, d.type, d.attempts, w.url, w.secret`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function markDelivered(db: Executor, id: number, at: Date, status: number | null): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'delivered', delivered_at: at, last_status: status, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** A failed attempt: due again at `nextAttemptAt`, or dead. */
export async function markFailed(
  db: Executor,
  id: number,
  failure: { dead: boolean; nextAttemptAt: Date; status: number | null; error: string | null },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: failure.dead ? 'dead' : 'pending',
      next_attempt_at: failure.nextAttemptAt,
      last_status: failure.status,
      last_error: failure.error,
    })
    .where('id', '=', id)
    .execute();
}
