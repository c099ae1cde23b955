import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/actor.js';
import type { Database } from '../db/schema.js';
import type { Deps } from '../context.js';
import type { Lang } from '../errors.js';
import { AppError } from '../errors.js';
import type { NewNotification } from './notifications.repository.js';
import { countUnread, insertNotifications, listForUser, markRead } from './notifications.repository.js';
import type { NotificationDtoType } from './notifications.schemas.js';

/** How many notifications the bell lists; older ones stay stored but are not shown. */
export const NOTIFICATION_LIST_LIMIT = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toDto(
  row: {
    id: string;
    type: string;
    case_id: string | null;
    policy_id: string | null;
    policy_application_id: string | null;
    title_zh: string;
    title_en: string;
    at: Date;
    read_at: Date | null;
  },
  lang: Lang,
): NotificationDtoType {
  return {
    id: row.id,
    type: row.type,
    ...(row.case_id ? { caseId: row.case_id } : {}),
    ...(row.policy_id ? { policyId: row.policy_id } : {}),
    ...(row.policy_application_id ? { policyApplicationId: row.policy_application_id } : {}),
    title: lang === 'en' ? row.title_en : row.title_zh,
    at: row.at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

/**
 * What the platform told the caller, newest first, with the unread count. Every user has their
 * own notifications, so the only access rule is ownership: no role sees another's.
 */
export async function listNotifications(deps: Deps, actor: Actor, lang: Lang) {
  const [rows, unread] = await Promise.all([
    listForUser(deps.db, actor.userId, NOTIFICATION_LIST_LIMIT),
    countUnread(deps.db, actor.userId),
  ]);
  return { items: rows.map((r) => toDto(r, lang)), unread };
}

/**
 * Marks one of the caller's notifications read; reading it again keeps the first time. Someone
 * else's notification does not exist for the caller (404, never 403).
 */
export async function markNotificationRead(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ id: string; readAt: string }> {
  if (!UUID.test(id)) throw new AppError('NOTIFICATION_NOT_FOUND');
  const row = await markRead(deps.db, actor.userId, id, deps.clock.now());
  if (!row?.read_at) throw new AppError('NOTIFICATION_NOT_FOUND');
  return { id: row.id, readAt: row.read_at.toISOString() };
}

/**
 * Stores in-app notifications inside the caller's transaction (the outbox dispatcher's, which
 * holds the outbox row's lock); one outbox row gives a user at most one notification.
 */
export function storeNotifications(
  db: Kysely<Database> | Transaction<Database>,
  rows: readonly NewNotification[],
): Promise<number> {
  return insertNotifications(db, rows);
}
