import { randomInt } from 'node:crypto';
import { normalizeMobile } from '@qisu/core';
import type { Transaction } from 'kysely';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError, invalidField } from '../errors.js';
import type { SmsCodeSender } from '../outbox/channels.js';
import { MOBILE_LOOKUP, mobileLookup } from '../pii/pii.service.js';
import type { AuthDeps, LoginResult } from './auth.service.js';
import { ADDRESS_WINDOW_MINUTES, loadActor, openSession } from './auth.service.js';
import { claimAddressAttempt, claimGuardAttempt, clearGuard, lockOfGuard } from './auth.repository.js';
import {
  claimWindowPlace,
  enterpriseUsersByMobileLookup,
  insertSmsCode,
  latestLiveCode,
  useCode,
  windowStartOf,
} from './sms-login.repository.js';

/**
 * The login by SMS code (短信验证码登录) of enterprise contacts, beside the password. A code is
 * six digits, valid five minutes, used once, stored only as a keyed hash; the newest code of a
 * mobile is the only one that signs in. Asking for a code answers the same whether or not an
 * account has that mobile, and the SMS leaves after the answer, so neither the answer nor its
 * time tells them apart. Every limit lives in the database (`login_guards`), shared by every
 * server process.
 */
export const SMS_LOGIN = {
  codeMinutes: 5,
  /** One code a minute and five an hour per mobile. */
  perMobileSeconds: 60,
  perMobilePerHour: 5,
  /** Five wrong codes in a row lock the mobile for fifteen minutes. */
  maxFailures: 5,
  lockMinutes: 15,
} as const;

/** What the login by SMS code needs besides the password login's: who sends codes, and the address limit. */
export interface SmsLoginOptions {
  sender: SmsCodeSender;
  /** Codes one client address may ask for in an hour. */
  codesPerAddressPerHour: number;
  /** Told of a code the gateway did not take; the request has been answered by then. */
  onSendError: (error: unknown) => void;
}

/** The dependencies of the SMS login: the password login's, the keys, and the options (absent: off). */
export type SmsLoginDeps = AuthDeps & Pick<Deps, 'pii'> & { smsLogin?: SmsLoginOptions | null | undefined };

/** The answer to a request for a code, the same for every mobile. */
export interface SmsCodeAnswer {
  resendAfterSeconds: number;
  expiresInSeconds: number;
}

const CODE_DIGEST = 'sms-login-code';

function enabled(deps: SmsLoginDeps): SmsLoginOptions {
  if (!deps.smsLogin) throw new AppError('AUTH_SMS_LOGIN_DISABLED');
  return deps.smsLogin;
}

function normalMobile(text: string): string {
  const mobile = normalizeMobile(text);
  if (!mobile) throw invalidField('mobile', '请输入 11 位手机号', 'enter an 11-digit mainland mobile number');
  return mobile;
}

/** The key a mobile's codes and guards are kept under: its blind index under the active key. */
function mobileKeyOf(deps: SmsLoginDeps, mobile: string): string {
  return mobileLookup(deps.pii, mobile) ?? '';
}

/**
 * The one active enterprise contact with this mobile, or null: none, or several (a number shared
 * by two contacts signs in neither by SMS; they keep their passwords). The blind index finds the
 * rows under every configured key; the decrypted number confirms each.
 */
async function enterpriseUserOf(trx: Transaction<Database>, deps: SmsLoginDeps, mobile: string) {
  const rows = await enterpriseUsersByMobileLookup(trx, deps.pii.lookupDigests(MOBILE_LOOKUP, mobile), 3);
  const same = rows.filter((r) => {
    try {
      return normalizeMobile(deps.pii.open(r.mobile) ?? '') === mobile;
    } catch {
      return false;
    }
  });
  return same.length === 1 ? (same[0] ?? null) : null;
}

/** Rolls back the places taken when a later limit refuses; carries the wait. */
class Refused extends Error {
  seconds = 1;
}

/**
 * Sends a login code to the enterprise contact with this mobile. The limits (per mobile: one a
 * minute, five an hour; per client address: `codesPerAddressPerHour` an hour) are taken together
 * in one transaction, so a refused request takes no place; a refusal says how long to wait. The
 * code's row is written for every mobile; only a known one gets the SMS, sent after the answer
 * (a gateway failure goes to `onSendError`; the user asks again after the minute).
 */
export async function requestSmsCode(deps: SmsLoginDeps, mobileText: string, ip: string): Promise<SmsCodeAnswer> {
  const options = enabled(deps);
  const mobile = normalMobile(mobileText);
  const mobileKey = mobileKeyOf(deps, mobile);
  const now = deps.clock.now();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const places = [
    { key: `sms-code-minute:${mobileKey}`, seconds: SMS_LOGIN.perMobileSeconds, max: 1 },
    { key: `sms-code-hour:${mobileKey}`, seconds: 3600, max: SMS_LOGIN.perMobilePerHour },
    { key: `sms-code-address:${ip}`, seconds: 3600, max: options.codesPerAddressPerHour },
  ];
  const refused = new Refused();
  const user = await deps.db
    .transaction()
    .execute(async (trx) => {
      for (const place of places) {
        const windowStartsAfter = new Date(now.getTime() - place.seconds * 1000);
        if (!(await claimWindowPlace(trx, place.key, { now, windowStartsAfter, max: place.max }))) {
          const opened = (await windowStartOf(trx, place.key)) ?? now;
          refused.seconds = Math.max(1, Math.ceil((opened.getTime() + place.seconds * 1000 - now.getTime()) / 1000));
          throw refused;
        }
      }
      const found = await enterpriseUserOf(trx, deps, mobile);
      await insertSmsCode(trx, {
        mobile_key: mobileKey,
        user_id: found?.id ?? null,
        code_hash: deps.pii.lookupDigest(CODE_DIGEST, `${mobileKey}|${code}`),
        address: ip,
        created_at: now,
        expires_at: new Date(now.getTime() + SMS_LOGIN.codeMinutes * 60_000),
      });
      return found;
    })
    .catch((error: unknown) => {
      if (error === refused) {
        throw new AppError(
          'AUTH_SMS_CODE_TOO_OFTEN',
          { seconds: refused.seconds },
          {
            retryAfterSeconds: refused.seconds,
          },
        );
      }
      throw error;
    });
  if (user) {
    void options.sender.sendLoginCode(mobile, code, now).catch(options.onSendError);
  }
  return { resendAfterSeconds: SMS_LOGIN.perMobileSeconds, expiresInSeconds: SMS_LOGIN.codeMinutes * 60 };
}

function lockedError(until: Date | null, now: Date): AppError {
  const end = until ?? new Date(now.getTime() + SMS_LOGIN.lockMinutes * 60_000);
  const minutes = Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 60_000));
  return new AppError('AUTH_SMS_CODE_LOCKED', { minutes }, { retryAfterSeconds: minutes * 60 });
}

/**
 * Signs in with a mobile and the code sent to it: the same answer as the password login. Every
 * attempt is counted before the code is checked (per client address with the password login's
 * limit, and per mobile): the fifth wrong code in a row locks the mobile for fifteen minutes,
 * whether or not an account has it. A wrong, expired or used code, and a mobile with no account,
 * all answer the same 401. Two requests with the same code sign in once.
 */
export async function loginBySmsCode(
  deps: SmsLoginDeps,
  mobileText: string,
  code: string,
  ip: string,
): Promise<LoginResult> {
  enabled(deps);
  const mobile = normalMobile(mobileText);
  const mobileKey = mobileKeyOf(deps, mobile);
  const now = deps.clock.now();
  const guard = `sms-login:${mobileKey}`;
  // A locked mobile is refused before anything is counted.
  const lock = await lockOfGuard(deps.db, guard);
  if (lock && lock > now) throw lockedError(lock, now);
  const attempts = await claimAddressAttempt(deps.db, ip, {
    now,
    windowStartsAfter: new Date(now.getTime() - ADDRESS_WINDOW_MINUTES * 60_000),
  });
  if (attempts > deps.loginFailuresPerAddress) throw new AppError('RATE_LIMITED');
  const rule = {
    now,
    maxFailures: SMS_LOGIN.maxFailures,
    lockUntil: new Date(now.getTime() + SMS_LOGIN.lockMinutes * 60_000),
  };
  if (!(await claimGuardAttempt(deps.db, guard, rule))) throw lockedError(await lockOfGuard(deps.db, guard), now);

  const row = await latestLiveCode(deps.db, mobileKey, now);
  const matches =
    row !== undefined &&
    row.used_at === null &&
    row.user_id !== null &&
    deps.pii.matchesDigest(row.code_hash, CODE_DIGEST, `${mobileKey}|${code}`);
  if (!matches || !(await useCode(deps.db, row.id, mobileKey, now))) throw new AppError('AUTH_SMS_CODE_INVALID');
  const actor = await loadActor(deps.db, row.user_id ?? '');
  // Disabled, or no longer an enterprise contact, since the code was sent.
  if (!actor?.roles.includes('enterprise')) throw new AppError('AUTH_SMS_CODE_INVALID');
  return openSession(deps, actor.userId, ip, (trx) => clearGuard(trx, guard));
}
