import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** How an attempt is counted against a run of failures: the run's length that locks, and until when. */
export interface AttemptRule {
  now: Date;
  maxFailures: number;
  lockUntil: Date;
}

/**
 * Counts a login attempt against an active account before its password is checked, in one
 * statement, unless the account is locked: the count that reaches the limit locks it (and starts
 * the next run at 0). Parallel attempts are counted one by one, so no more than the limit ever
 * reach the password check. Answers nothing when the name has no active account or it is locked.
 */
export function claimUserAttempt(db: Executor, username: string, rule: AttemptRule) {
  const reaches = sql<boolean>`users.failed_logins + 1 >= ${rule.maxFailures}::integer`;
  return db
    .updateTable('users')
    .set({
      failed_logins: sql<number>`CASE WHEN ${reaches} THEN 0 ELSE users.failed_logins + 1 END`,
      locked_until: sql<Date | null>`CASE WHEN ${reaches} THEN ${rule.lockUntil}::timestamptz ELSE users.locked_until END`,
    })
    .where('username', '=', username)
    .where('active', '=', true)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', rule.now)]))
    .returning(['id', 'password_hash'])
    .executeTakeFirst();
}

/**
 * The same count for a name that has no active account, kept in `login_guards` under
 * `name:<username>`, so that guessing an unknown name locks exactly as a known one does.
 * Answers nothing while the name is locked.
 */
export function claimNameAttempt(db: Executor, username: string, rule: AttemptRule) {
  return claimGuardAttempt(db, `name:${username}`, rule);
}

/**
 * Counts an attempt against the run of failures kept in `login_guards` under `key` (a name with
 * no account, `sms-login:<mobile>` …), in one statement: the count that reaches the limit locks
 * the key and starts the next run at 0. Answers nothing, and writes nothing, while it is locked.
 */
export function claimGuardAttempt(db: Executor, key: string, rule: AttemptRule) {
  const reaches = sql<boolean>`login_guards.failures + 1 >= ${rule.maxFailures}::integer`;
  return db
    .insertInto('login_guards')
    .values({
      key,
      failures: 1,
      window_start: rule.now,
      locked_until: null,
    })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          failures: sql<number>`CASE WHEN ${reaches} THEN 0 ELSE login_guards.failures + 1 END`,
          locked_until: sql<Date | null>`CASE WHEN ${reaches} THEN ${rule.lockUntil}::timestamptz ELSE login_guards.locked_until END`,
          window_start: rule.now,
        })
        .where((eb) =>
          eb.or([eb('login_guards.locked_until', 'is', null), eb('login_guards.locked_until', '<=', rule.now)]),
        ),
    )
    .returning('key')
    .executeTakeFirst();
}

/** Until when a guard of `login_guards` is locked, or null. */
export async function lockOfGuard(db: Executor, key: string): Promise<Date | null> {
  const guard = await db.selectFrom('login_guards').select('locked_until').where('key', '=', key).executeTakeFirst();
  return guard?.locked_until ?? null;
}

/** Forgets a guard's run of failures (after a success). */
export async function clearGuard(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_guards').where('key', '=', key).execute();
}

/** Until when a name is locked: its account's lock, else the lock of the unknown name. */
export async function lockOfName(db: Executor, username: string): Promise<Date | null> {
  const user = await db
    .selectFrom('users')
    .select('locked_until')
    .where('username', '=', username)
    .where('active', '=', true)
    .executeTakeFirst();
  if (user) return user.locked_until;
  const guard = await db
    .selectFrom('login_guards')
    .select('locked_until')
    .where('key', '=', `name:${username}`)
    .executeTakeFirst();
  return guard?.locked_until ?? null;
}

/**
 * Counts a login attempt of a client address in its window (a new window starts when the last
 * one is over) and answers the count, attempts in flight included. Shared by every process.
 */
export async function claimAddressAttempt(
  db: Executor,
  address: string,
  at: { now: Date; windowStartsAfter: Date },
): Promise<number> {
  const expired = sql<boolean>`login_guards.window_start <= ${at.windowStartsAfter}::timestamptz`;
  const row = await db
    .insertInto('login_guards')
    .values({ key: `address:${address}`, failures: 1, window_start: at.now, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`CASE WHEN ${expired} THEN 1 ELSE login_guards.failures + 1 END`,
        window_start: sql<Date>`CASE WHEN ${expired} THEN ${at.now}::timestamptz ELSE login_guards.window_start END`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

/** Takes back an address's attempt that succeeded: only failures count against it. */
export async function releaseAddressAttempt(db: Executor, address: string): Promise<void> {
  await db
    .updateTable('login_guards')
    .set({ failures: sql<number>`GREATEST(login_guards.failures - 1, 0)` })
    .where('key', '=', `address:${address}`)
    .execute();
}

/** Forgets guards whose window began before `before` and that hold no lock any more. */
export async function pruneLoginGuards(db: Executor, before: Date): Promise<void> {
  await db
    .deleteFrom('login_guards')
    .where('window_start', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .execute();
}

/** Clears a user's wrong-password count and lockout after a successful login. */
export async function clearLoginFailures(db: Executor, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

/** Stores a new session under the hash of its token (the token itself is never stored). */
export async function insertSession(
  db: Executor,
  row: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ token_hash: row.tokenHash, user_id: row.userId, created_at: row.createdAt, expires_at: row.expiresAt })
    .execute();
}

/** The session stored under a token hash, if any, live or not. */
export function findSession(db: Executor, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .select(['user_id', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Revokes the session stored under a token hash, unless it already is. */
export async function revokeSession(db: Executor, tokenHash: string, at: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** A user with their jurisdiction and unit: what an actor is built from. */
export function findActorUser(db: Executor, userId: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('jurisdictions as j', 'j.id', 'u.jurisdiction_id')
    .leftJoin('units as un', 'un.id', 'u.unit_id')
    .select([
      'u.id',
      'u.username',
      'u.name',
      'u.roles',
      'u.unit_id',
      'u.enterprise_id',
      'u.active',
      'j.id as jurisdiction_id',
      'j.code as jurisdiction_code',
      'un.kind as unit_kind',
      'un.region_code as unit_region_code',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** The ids of a jurisdiction and of every jurisdiction below it. */
export async function jurisdictionSubtree(db: Executor, jurisdictionId: string): Promise<string[]> {
  const rows = await db
    .withRecursive('tree(id)', (qb) =>
      qb
        .selectFrom('jurisdictions')
        .select('id')
        .where('id', '=', jurisdictionId)
        .unionAll((u) =>
          u.selectFrom('jurisdictions as child').innerJoin('tree', 'tree.id', 'child.parent_id').select('child.id'),
        ),
    )
    .selectFrom('tree')
    .select('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Ends every live session of a user (disabling or a password reset). */
export function revokeUserSessions(db: Executor, userId: string, at: Date) {
  return db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
