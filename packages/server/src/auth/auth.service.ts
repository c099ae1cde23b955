import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '@qisu/core';
import { ROLES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { LoginThrottle } from './login-throttle.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export interface AuthDeps {
  db: Kysely<Database>;
  clock: Clock;
  throttle: LoginThrottle;
  tokenTtlHours: number;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Checks a username and password. A wrong name and a wrong password answer the same 401; the
 * fifth wrong password in a row locks the account for 15 minutes; an address with too many
 * failures answers 429 before any check.
 */
export async function login(deps: AuthDeps, username: string, password: string, ip: string): Promise<LoginResult> {
  const now = deps.clock.now();
  if (deps.throttle.blocked(ip, now.getTime())) throw new AppError('RATE_LIMITED');

  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'failed_logins', 'locked_until', 'active'])
    .where('username', '=', username)
    .executeTakeFirst();

  if (!user || !user.active) {
    await verifyPassword(password, await DUMMY_HASH_PROMISE);
    deps.throttle.recordFailure(ip, now.getTime());
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (user.locked_until && user.locked_until > now) {
    const minutes = Math.ceil((user.locked_until.getTime() - now.getTime()) / 60_000);
    throw new AppError('AUTH_ACCOUNT_LOCKED', { minutes }, { retryAfterSeconds: minutes * 60 });
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    deps.throttle.recordFailure(ip, now.getTime());
    const failures = user.failed_logins + 1;
    const locks = failures >= MAX_FAILED_LOGINS;
    await deps.db
      .updateTable('users')
      .set({
        failed_logins: locks ? 0 : failures,
        locked_until: locks ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : user.locked_until,
      })
      .where('id', '=', user.id)
      .execute();
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.tokenTtlHours * 3600_000);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await trx
      .insertInto('sessions')
      .values({ token_hash: sha256(token), user_id: user.id, created_at: now, expires_at: expiresAt })
      .execute();
  });
  const actor = await loadActor(deps.db, user.id);
  if (!actor) throw new AppError('AUTH_INVALID_CREDENTIALS');
  return { token, expiresAt, actor };
}

/** The actor behind a bearer token, or 401 when it is unknown, expired or revoked. */
export async function authenticate(deps: Pick<AuthDeps, 'db' | 'clock'>, token: string): Promise<Actor> {
  const session = await deps.db
    .selectFrom('sessions')
    .select(['user_id', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!session || session.revoked_at || session.expires_at <= deps.clock.now()) {
    throw new AppError('AUTH_TOKEN_INVALID');
  }
  const actor = await loadActor(deps.db, session.user_id);
  if (!actor) throw new AppError('AUTH_TOKEN_INVALID');
  return actor;
}

export async function logout(deps: Pick<AuthDeps, 'db' | 'clock'>, token: string): Promise<void> {
  await deps.db
    .updateTable('sessions')
    .set({ revoked_at: deps.clock.now() })
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .execute();
}

/** Builds the actor of a user: roles, unit, enterprise and the jurisdictions they may see. */
export async function loadActor(db: Kysely<Database>, userId: string): Promise<Actor | null> {
  const row = await db
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
  if (!row || !row.active) return null;
  const below = await db
    .withRecursive('tree(id)', (qb) =>
      qb
        .selectFrom('jurisdictions')
        .select('id')
        .where('id', '=', row.jurisdiction_id)
        .unionAll((u) =>
          u.selectFrom('jurisdictions as child').innerJoin('tree', 'tree.id', 'child.parent_id').select('child.id'),
        ),
    )
    .selectFrom('tree')
    .select('id')
    .execute();
  return {
    userId: row.id,
    username: row.username,
    name: row.name,
    roles: row.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    jurisdictionId: row.jurisdiction_id,
    jurisdictionCode: row.jurisdiction_code,
    jurisdictionIds: below.map((b) => b.id),
    unitId: row.unit_id,
    unitKind: row.unit_kind ?? null,
    unitRegionCode: row.unit_region_code ?? null,
    enterpriseId: row.enterprise_id,
  };
}
