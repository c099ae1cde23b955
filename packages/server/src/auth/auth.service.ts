import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Role } from '@qisu/core';
import { ROLES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import {
  clearLoginFailures,
  findActorUser,
  findLoginUser,
  findSession,
  insertSession,
  jurisdictionSubtree,
  revokeSession,
  revokeUserSessions,
  setLoginFailures,
} from './auth.repository.js';
import type { LoginThrottle } from './login-throttle.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password.js';

/** Wrong passwords in a row that lock an account. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked account stays locked. */
export const LOCK_MINUTES = 15;

/** What signing in needs: the database, the clock, the per-address throttle and the token lifetime. */
export interface AuthDeps {
  db: Kysely<Database>;
  clock: Clock;
  throttle: LoginThrottle;
  tokenTtlHours: number;
}

/** A new session: the bearer token (shown once, stored only hashed), its expiry and its actor. */
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

  const user = await findLoginUser(deps.db, username);

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
    await setLoginFailures(deps.db, user.id, {
      failedLogins: locks ? 0 : failures,
      lockedUntil: locks ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : user.locked_until,
    });
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.tokenTtlHours * 3600_000);
  await deps.db.transaction().execute(async (trx) => {
    await clearLoginFailures(trx, user.id);
    await insertSession(trx, { tokenHash: sha256(token), userId: user.id, createdAt: now, expiresAt });
  });
  const actor = await loadActor(deps.db, user.id);
  if (!actor) throw new AppError('AUTH_INVALID_CREDENTIALS');
  return { token, expiresAt, actor };
}

/** The actor behind a bearer token, or 401 when it is unknown, expired or revoked. */
export async function authenticate(deps: Pick<AuthDeps, 'db' | 'clock'>, token: string): Promise<Actor> {
  const session = await findSession(deps.db, sha256(token));
  if (!session || session.revoked_at || session.expires_at <= deps.clock.now()) {
    throw new AppError('AUTH_TOKEN_INVALID');
  }
  const actor = await loadActor(deps.db, session.user_id);
  if (!actor) throw new AppError('AUTH_TOKEN_INVALID');
  return actor;
}

/** Revokes the session of a token; an unknown or already revoked token is no error. */
export async function logout(deps: Pick<AuthDeps, 'db' | 'clock'>, token: string): Promise<void> {
  await revokeSession(deps.db, sha256(token), deps.clock.now());
}

/** Ends every live session of a user, when an admin disables the user or resets the password. */
export async function endSessionsOf(
  db: Kysely<Database> | Transaction<Database>,
  userId: string,
  at: Date,
): Promise<void> {
  await revokeUserSessions(db, userId, at);
}

/** Builds the actor of a user: roles, unit, enterprise and the jurisdictions they may see. */
export async function loadActor(db: Kysely<Database>, userId: string): Promise<Actor | null> {
  const row = await findActorUser(db, userId);
  if (!row || !row.active) return null;
  const below = await jurisdictionSubtree(db, row.jurisdiction_id);
  return {
    userId: row.id,
    username: row.username,
    name: row.name,
    roles: row.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    jurisdictionId: row.jurisdiction_id,
    jurisdictionCode: row.jurisdiction_code,
    jurisdictionIds: below,
    unitId: row.unit_id,
    unitKind: row.unit_kind ?? null,
    unitRegionCode: row.unit_region_code ?? null,
    enterpriseId: row.enterprise_id,
  };
}
