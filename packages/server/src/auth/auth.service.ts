import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Role } from '@qisu/core';
import { ROLES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import {
  claimAddressAttempt,
  claimNameAttempt,
  claimUserAttempt,
  clearLoginFailures,
  findActorUser,
  findSession,
  insertSession,
  jurisdictionSubtree,
  lockOfName,
  pruneLoginGuards,
  releaseAddressAttempt,
  revokeSession,
  revokeUserSessions,
} from './auth.repository.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password.js';
import { pruneSmsCodes } from './sms-login.repository.js';

/** Wrong passwords in a row that lock an account. */
export const MAX_FAILED_LOGINS = 5;
/** How long a locked account stays locked. */
export const LOCK_MINUTES = 15;
/** The window in which failed logins of one client address are counted. */
export const ADDRESS_WINDOW_MINUTES = 15;

/** What signing in needs: the database, the clock, the per-address limit and the token lifetime. */
export interface AuthDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** Failed logins one client address may make in the window before it answers 429. */
  loginFailuresPerAddress: number;
  tokenTtlHours: number;
}

/** A new session: the bearer token (shown once, stored only hashed), its expiry and its actor. */
export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The answer to a name that is locked, the same whether an account has that name or not. */
function lockedError(until: Date | null, now: Date): AppError {
  const end = until ?? new Date(now.getTime() + LOCK_MINUTES * 60_000);
  const minutes = Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 60_000));
  return new AppError('AUTH_ACCOUNT_LOCKED', { minutes }, { retryAfterSeconds: minutes * 60 });
}

/**
 * Checks a username and password. A wrong name and a wrong password answer the same 401; the
 * fifth wrong attempt in a row on a name locks it for 15 minutes, whether an account has that
 * name or not; an address with too many failures answers 429 before any check.
 *
 * Every count lives in the database and is taken in one statement before the password is
 * checked, so parallel attempts and several server processes share it: at most five attempts on
 * a name, and the address limit, ever reach the password check.
 */
export async function login(deps: AuthDeps, username: string, password: string, ip: string): Promise<LoginResult> {
  const now = deps.clock.now();
  const attempts = await claimAddressAttempt(deps.db, ip, {
    now,
    windowStartsAfter: new Date(now.getTime() - ADDRESS_WINDOW_MINUTES * 60_000),
  });
  if (attempts > deps.loginFailuresPerAddress) throw new AppError('RATE_LIMITED');

  const rule = { now, maxFailures: MAX_FAILED_LOGINS, lockUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) };
  const user = await claimUserAttempt(deps.db, username, rule);
  if (!user) {
    // A locked account, or a name with no active account: that name's own count and lock.
    const lock = await lockOfName(deps.db, username);
    if (lock && lock > now) throw lockedError(lock, now);
    if (!(await claimNameAttempt(deps.db, username, rule))) {
      throw lockedError(await lockOfName(deps.db, username), now);
    }
    // Checked like a password would be, so that timing does not tell the two apart.
    await verifyPassword(password, await DUMMY_HASH_PROMISE);
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(password, user.password_hash))) throw new AppError('AUTH_INVALID_CREDENTIALS');
  return openSession(deps, user.id, ip, (trx) => clearLoginFailures(trx, user.id));
}

/**
 * Opens a session for a user who has just proved who they are (password, SMS code): in one
 * transaction, `clear` forgets their run of failures, the client address gets its attempt back and
 * the session is stored under the hash of its token. The same answer whatever the way in.
 */
export async function openSession(
  deps: AuthDeps,
  userId: string,
  ip: string,
  clear: (trx: Transaction<Database>) => Promise<void>,
): Promise<LoginResult> {
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.tokenTtlHours * 3600_000);
  await deps.db.transaction().execute(async (trx) => {
    await clear(trx);
    await releaseAddressAttempt(trx, ip);
    await insertSession(trx, { tokenHash: sha256(token), userId, createdAt: now, expiresAt });
  });
  const actor = await loadActor(deps.db, userId);
  if (!actor) throw new AppError('AUTH_INVALID_CREDENTIALS');
  return { token, expiresAt, actor };
}

/** Forgets login guards a day past their window and their lock, and SMS login codes a day old; they no longer count. */
export async function forgetSpentLoginGuards(db: Kysely<Database>, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  await pruneLoginGuards(db, dayAgo);
  await pruneSmsCodes(db, dayAgo);
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
