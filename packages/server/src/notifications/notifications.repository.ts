import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** One in-app notification to store; `outboxId` makes a second store of the same row a no-op. */
export interface NewNotification {
  userId: string;
  outboxId: number | null;
  type: string;
  caseId: string | null;
  /** The policy (and application) a notice of the policy supermarket is about. */
  policyId?: string | null;
  policyApplicationId?: string | null;
  titleZh: string;
  titleEn: string;
  at: Date;
}

/** Stores notifications, skipping any the same outbox row already gave the same user. */
export async function insertNotifications(db: Executor, rows: readonly NewNotification[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('notifications')
    .values(
      rows.map((r) => ({
        user_id: r.userId,
        outbox_id: r.outboxId,
        type: r.type,
        case_id: r.caseId,
        policy_id: r.policyId ?? null,
        policy_application_id: r.policyApplicationId ?? null,
        title_zh: r.titleZh,
        title_en: r.titleEn,
        at: r.at,
      })),
    )
    .onConflict((oc) => oc.columns(['outbox_id', 'user_id']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** A user's newest notifications. */
export function listForUser(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'type', 'case_id', 'policy_id', 'policy_application_id', 'title_zh', 'title_en', 'at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** How many of a user's notifications are unread. */
export async function countUnread(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks one of the user's notifications read (the first time only); undefined when it is not theirs. */
export async function markRead(db: Executor, userId: string, id: string, at: Date) {
  const row = await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(at)) }))
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(['id', 'read_at'])
    .executeTakeFirst();
  return row;
}
