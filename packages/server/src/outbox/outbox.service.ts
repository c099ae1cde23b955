import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export interface OutboxMessage {
  jurisdictionId: string;
  /** What happened, e.g. `clock.warned`, `card.issued`, `handoff.discipline`. */
  topic: string;
  /** A unit (by id) or a role of the jurisdiction (`leader`, `discipline`, `hub`). */
  recipient: { kind: 'unit' | 'role' | 'user'; id: string };
  channel?: 'internal' | 'sms' | 'wechat';
  at: Date;
  payload: Record<string, unknown>;
}

/**
 * Writes a notification into the outbox inside the caller's transaction, so that it exists
 * exactly when the change that caused it is committed. Delivery (SMS, WeChat, upward sync)
 * reads the outbox later; the development provider only logs it.
 */
export async function writeOutbox(trx: Transaction<Database>, message: OutboxMessage): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      jurisdiction_id: message.jurisdictionId,
      topic: message.topic,
      recipient_kind: message.recipient.kind,
      recipient: message.recipient.id,
      channel: message.channel ?? 'internal',
      payload: JSON.stringify(message.payload),
      created_at: message.at,
    })
    .execute();
}

/** Writes several messages with one INSERT per chunk, inside the caller's transaction. */
export async function writeOutboxMany(trx: Transaction<Database>, messages: readonly OutboxMessage[]): Promise<void> {
  for (let at = 0; at < messages.length; at += 500) {
    await trx
      .insertInto('outbox')
      .values(
        messages.slice(at, at + 500).map((m) => ({
          jurisdiction_id: m.jurisdictionId,
          topic: m.topic,
          recipient_kind: m.recipient.kind,
          recipient: m.recipient.id,
          channel: m.channel ?? 'internal',
          payload: JSON.stringify(m.payload),
          created_at: m.at,
        })),
      )
      .execute();
  }
}
