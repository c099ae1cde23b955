import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** What login checks of a user, by username (unique across jurisdictions). */
export function findLoginUser(db: Executor, username: string) {
  return db
    .selectFrom('users')
    .select(['id', 'password_hash', 'failed_logins', 'locked_until', 'active'])
    .where('username', '=', username)
    .executeTakeFirst();
}

/** Records a user's run of wrong passwords and, when it locks the account, until when. */
export async function setLoginFailures(
  db: Executor,
  userId: string,
  failures: { failedLogins: number; lockedUntil: Date | null },
): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: failures.failedLogins, locked_until: failures.lockedUntil })
    .where('id', '=', userId)
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
