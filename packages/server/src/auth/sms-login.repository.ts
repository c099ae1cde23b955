import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, SmsLoginCodesTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Takes one place in a fixed window kept in `login_guards` under `key` (`failures` counts the
 * places taken, `window_start` opens the window; a window that is over starts again at 1), in one
 * statement, unless the window is full: then nothing is written and false comes back. Parallel
 * requests are counted one by one, so no more than `max` ever get a place.
 */
export async function claimWindowPlace(
  db: Executor,
  key: string,
  at: { now: Date; windowStartsAfter: Date; max: number },
): Promise<boolean> {
  const over = sql<boolean>`login_guards.window_start <= ${at.windowStartsAfter}::timestamptz`;
  const row = await db
    .insertInto('login_guards')
    .values({ key, failures: 1, window_start: at.now, locked_until: null })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          failures: sql<number>`CASE WHEN ${over} THEN 1 ELSE login_guards.failures + 1 END`,
          window_start: sql<Date>`CASE WHEN ${over} THEN ${at.now}::timestamptz ELSE login_guards.window_start END`,
        })
        .where(sql<boolean>`${over} OR login_guards.failures < ${at.max}::integer`),
    )
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/** When the window kept under `key` opened, or null when there is none. */
export async function windowStartOf(db: Executor, key: string): Promise<Date | null> {
  const row = await db.selectFrom('login_guards').select('window_start').where('key', '=', key).executeTakeFirst();
  return row?.window_start ?? null;
}

/**
 * Active enterprise contacts whose mobile's blind index is one of `lookups` (the same number under
 * each configured key), with their encrypted mobile for the caller to confirm. At most `limit`.
 */
export function enterpriseUsersByMobileLookup(db: Executor, lookups: readonly string[], limit: number) {
  return db
    .selectFrom('users')
    .select(['id', 'mobile'])
    .where('mobile_lookup', 'in', [...lookups])
    .where('active', '=', true)
    .where('enterprise_id', 'is not', null)
    .where(sql<boolean>`'enterprise' = ANY(roles)`)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Stores a code that was (or, for a mobile with no account, seemed to be) sent. */
export async function insertSmsCode(db: Executor, row: Insertable<SmsLoginCodesTable>): Promise<void> {
  await db.insertInto('sms_login_codes').values(row).execute();
}

/**
 * The newest unexpired code of a mobile, used or not: only it can sign in, so a code asked for
 * later replaces the earlier ones, and a used one leaves none.
 */
export function latestLiveCode(db: Executor, mobileKey: string, now: Date) {
  return db
    .selectFrom('sms_login_codes')
    .select(['id', 'user_id', 'code_hash', 'used_at'])
    .where('mobile_key', '=', mobileKey)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Uses a code, unless it is already used: true for the one caller that used it, so that two
 * requests with the same code sign in once. Every other live code of the mobile is used up with it.
 */
export async function useCode(db: Executor, id: number, mobileKey: string, now: Date): Promise<boolean> {
  const used = await db
    .updateTable('sms_login_codes')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!used) return false;
  await db
    .updateTable('sms_login_codes')
    .set({ used_at: now })
    .where('mobile_key', '=', mobileKey)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
  return true;
}

/** Forgets codes created before `before` (long expired; the rate limits live in `login_guards`). */
export async function pruneSmsCodes(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('sms_login_codes').where('created_at', '<', before).execute();
}
