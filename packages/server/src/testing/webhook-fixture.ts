import type { Kysely } from 'kysely';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';

/**
 * A webhook of the jurisdiction pointing nowhere, with one dead letter (the first event of
 * `caseId`), for tests that list deliveries and replay them.
 */
export async function seedWebhookWithDeadLetter(
  db: Kysely<Database>,
  deps: Pick<Deps, 'pii' | 'clock'>,
  jurisdictionId: string,
  caseId: string,
): Promise<{ webhookId: string; deliveryId: number }> {
  const now = deps.clock.now();
  const webhook = await db
    .insertInto('webhooks')
    .values({
      jurisdiction_id: jurisdictionId,
      url: 'http://127.0.0.1:9/nowhere',
      secret: deps.pii.encrypt('fixture-webhook-secret'),
      events: null,
      intake_key_id: null,
      from_seq: 0,
      created_by: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const first = await db
    .selectFrom('events')
    .select('id')
    .where('case_id', '=', caseId)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const dead = await db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: webhook.id,
      event_id: first.id,
      case_id: caseId,
      type: 'created',
      body: '{}',
      status: 'dead',
      attempts: 8,
      next_attempt_at: now,
      last_status: 500,
      last_error: 'HTTP 500',
      delivered_at: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { webhookId: webhook.id, deliveryId: Number(dead.id) };
}
