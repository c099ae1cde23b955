import type { Insertable, Transaction } from 'kysely';
import { isNotifiedCaseEvent } from '@qisu/core';
import type { Database, OutboxTable } from '../db/schema.js';
import { insertOutboxRows } from './outbox.repository.js';

/** A message to write into the outbox; the dispatcher delivers it after commit. */
export interface OutboxMessage {
  jurisdictionId: string;
  /** What happened, e.g. `clock.warned`, `card.issued`, `handoff.discipline`. */
  topic: string;
  /**
   * A unit (by id), a role of the jurisdiction (`leader`, `discipline`, `hub`), a user, or the
   * case (by id) when the notification rule alone decides who is told.
   */
  recipient: { kind: 'unit' | 'role' | 'user' | 'case'; id: string };
  /** `upper`: for the upper platform's sync, not for people (e.g. `audit.anchor`). */
  channel?: 'internal' | 'sms' | 'wechat' | 'upper';
  at: Date;
  payload: Record<string, unknown>;
}

/**
 * Writes a notification into the outbox inside the caller's transaction, so that it exists
 * exactly when the change that caused it is committed. The outbox dispatcher job delivers it
 * afterwards (in-app, SMS, WeChat), at least a few seconds later and at most once per row.
 */
export async function writeOutbox(trx: Transaction<Database>, message: OutboxMessage): Promise<void> {
  await insertOutboxRows(trx, [outboxRow(message)]);
}

/** Writes several messages with one INSERT per chunk, inside the caller's transaction. */
export async function writeOutboxMany(trx: Transaction<Database>, messages: readonly OutboxMessage[]): Promise<void> {
  await insertOutboxRows(trx, messages.map(outboxRow));
}

/** The row of a message; the channel is in-app unless the message names one. */
function outboxRow(m: OutboxMessage): Insertable<OutboxTable> {
  return {
    jurisdiction_id: m.jurisdictionId,
    topic: m.topic,
    recipient_kind: m.recipient.kind,
    recipient: m.recipient.id,
    channel: m.channel ?? 'internal',
    payload: JSON.stringify(m.payload),
    created_at: m.at,
  };
}

/** One case event as a command wrote it. */
export interface CaseEventNotice {
  jurisdictionId: string;
  caseId: string;
  number: string;
  /** The event type, e.g. `dispatched`, `replied`. */
  type: string;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * Queues the notifications of a case command in the command's transaction: one outbox row,
 * topic `case.<type>`, when the notification rule may tell someone of that event; nothing
 * otherwise. Whom to tell is decided at delivery from the case as it then is.
 */
export async function enqueueCaseEvent(trx: Transaction<Database>, event: CaseEventNotice): Promise<void> {
  await writeOutboxMany(trx, caseEventMessages(event));
}

/** The outbox message of a case event, when the notification rule may tell someone of it. */
export function caseEventMessages(event: CaseEventNotice): OutboxMessage[] {
  if (!isNotifiedCaseEvent(event.type)) return [];
  return [
    {
      jurisdictionId: event.jurisdictionId,
      topic: `case.${event.type}`,
      recipient: { kind: 'case', id: event.caseId },
      at: event.at,
      payload: { ...event.payload, caseId: event.caseId, number: event.number },
    },
  ];
}
