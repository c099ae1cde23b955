import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import { dateToDay, normalizeMobile, shanghaiInstant } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import type { Database, EnterpriseContact } from '../db/schema.js';
import { AppError } from '../errors.js';
import { generatePiiKey, PiiKeyring, piiKeyIdOf } from './pii.keyring.js';
import type { SealScope } from './pii.repository.js';
import {
  anyEncryptedPii,
  storedPiiKeys,
  storePiiKeysOnce,
  countPending,
  insertPiiViews,
  listPiiViews,
  lockCaseMobiles,
  lockEnterpriseContacts,
  lockStaleMobileLookups,
  lockUserPii,
  writeCaseMobiles,
  writeMobileLookups,
  writeEnterpriseContacts,
  writeUserPii,
} from './pii.repository.js';
import type { PiiSubjectKind, PiiViewListDto, PiiViewsInput } from './pii.schemas.js';

type Executor = Kysely<Database> | Transaction<Database>;

export { PiiKeyring } from './pii.keyring.js';

// ---------------------------------------------------------------------------------------------
// The view log

/** One whole value an answer is about to show. */
export interface PiiViewRecord {
  /** The jurisdiction of the case, enterprise or user shown. */
  jurisdictionId: string;
  subjectKind: PiiSubjectKind;
  subjectId: string;
  /** `contactMobile` of a case, `contacts.mobile` of an enterprise, `mobile` of a user. */
  field: string;
  /** What answers it: `case.view`, `case.<command>`, `enterprise.view`, `user.view` … */
  action: string;
}

/**
 * Records the whole mobiles and ID numbers one answer shows, in one INSERT, through the executor
 * of the read (inside a command's transaction, so the command and its record commit together).
 * The log is required: when the INSERT fails the answer fails, so nothing is shown unrecorded.
 */
export async function recordPiiViews(
  db: Executor,
  actor: Actor,
  at: Date,
  views: readonly PiiViewRecord[],
): Promise<void> {
  await insertPiiViews(
    db,
    views.map((v) => ({
      jurisdiction_id: v.jurisdictionId,
      viewer_id: actor.userId,
      viewed_at: at,
      subject_kind: v.subjectKind,
      subject_id: v.subjectId,
      case_id: v.subjectKind === 'case' ? v.subjectId : null,
      field: v.field,
      action: v.action,
      address: actor.address ?? null,
    })),
  );
}

/**
 * The view log for the admin: who saw which whole mobile or ID number, newest first, over the
 * admin's jurisdiction (and those below it). Days are Asia/Shanghai, both ends included. Every
 * other role is refused with 403: the log is about them.
 */
export async function listPiiViewLog(deps: Deps, actor: Actor, input: PiiViewsInput): Promise<PiiViewListDto> {
  requireRole(actor, ['admin']);
  const { rows, total } = await listPiiViews(deps.db, {
    jurisdictionIds: actor.jurisdictionIds,
    since: input.from ? shanghaiInstant(dateToDay(input.from), 0) : undefined,
    until: input.to ? shanghaiInstant(dateToDay(input.to) + 1, 0) : undefined,
    viewerId: input.userId,
    caseId: input.caseId,
    page: input.page,
    pageSize: input.pageSize,
  });
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      at: r.viewed_at.toISOString(),
      viewer: { id: r.viewer_id, name: r.viewer_name, username: r.viewer_username },
      subjectKind: r.subject_kind,
      subjectId: r.subject_id,
      subjectLabel:
        r.subject_kind === 'case'
          ? r.case_number
          : r.subject_kind === 'enterprise'
            ? r.enterprise_name
            : r.user_name && `${r.user_name}（${r.user_username ?? ''}）`,
      caseId: r.case_id,
      field: r.field,
      action: r.action,
      address: r.address,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Encrypting what is stored

/** What a pass over the stored personal data did. */
export interface SealReport {
  /** Rows rewritten, per table. */
  cases: number;
  users: number;
  enterprises: number;
  /** Values left as they were because their key is not configured, per key id. */
  missingKeys: Record<string, number>;
  /** Values left as they were because they fail authentication under their key. */
  unreadable: number;
}

/** Progress of a pass: the table, rows done and rows it found to do. */
export type SealProgress = (p: { table: 'cases' | 'users' | 'enterprises'; done: number; of: number }) => void;

/**
 * Brings every stored mobile and ID number under the keyring: `plain` encrypts values still in
 * plain text (at every start, after the migrations; cheap when there are none, through a partial
 * index on cases), `rotate` also re-encrypts values under any other key with the active one
 * (`qisu pii rotate`). Rows go in batches of `batch`, each batch one transaction that locks its
 * rows, in id order; running it twice, or in two processes at once, changes nothing more. A value
 * under a key that is not configured is left alone and counted in `missingKeys`, never a crash.
 */
export async function sealStoredPii(
  db: Kysely<Database>,
  keyring: PiiKeyring,
  options: { mode: 'plain' | 'rotate'; batch?: number; onProgress?: SealProgress },
): Promise<SealReport> {
  const scope: SealScope =
    options.mode === 'plain' ? { kind: 'plain' } : { kind: 'not-under', keyId: keyring.activeKeyId };
  const batch = options.batch ?? 500;
  const report: SealReport = { cases: 0, users: 0, enterprises: 0, missingKeys: {}, unreadable: 0 };
  const pending = await countPending(db, scope);

  /** The value under the active key, or null (counted) when it cannot be read. */
  const reseal = (stored: string): string | null => {
    try {
      return keyring.reseal(stored);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'PII_KEY_MISSING') {
        const id = piiKeyIdOf(stored) ?? '?';
        report.missingKeys[id] = (report.missingKeys[id] ?? 0) + 1;
      } else {
        report.unreadable++;
      }
      return null;
    }
  };
  const resealNullable = (stored: string | null) => (stored === null ? null : (reseal(stored) ?? stored));

  /** Walks one table by id, a locked batch per transaction, until a batch comes back short. */
  const walk = async (
    table: 'cases' | 'users' | 'enterprises',
    step: (
      trx: Transaction<Database>,
      after: string | null,
    ) => Promise<{ last: string | null; changed: number; seen: number }>,
  ) => {
    if (pending[table] === 0) return;
    let after: string | null = null;
    let seen = 0;
    for (;;) {
      const result = await db.transaction().execute((trx) => step(trx, after));
      report[table] += result.changed;
      seen += result.seen;
      options.onProgress?.({ table, done: seen, of: Math.max(pending[table], seen) });
      if (result.last === null || result.seen < batch) break;
      after = result.last;
    }
  };

  await walk('cases', async (trx, after) => {
    const rows = await lockCaseMobiles(trx, scope, after, batch);
    const ids: string[] = [];
    const values: string[] = [];
    for (const r of rows) {
      const next = r.contact_mobile === null ? null : reseal(r.contact_mobile);
      if (next !== null && next !== r.contact_mobile) {
        ids.push(r.id);
        values.push(next);
      }
    }
    await writeCaseMobiles(trx, ids, values);
    return { last: rows.at(-1)?.id ?? null, changed: ids.length, seen: rows.length };
  });

  await walk('users', async (trx, after) => {
    const rows = await lockUserPii(trx, scope, after, batch);
    const changed = rows
      .map((r) => ({ id: r.id, mobile: resealNullable(r.mobile), idNumber: resealNullable(r.id_number), r }))
      .filter((x) => x.mobile !== x.r.mobile || x.idNumber !== x.r.id_number)
      .map(({ id, mobile, idNumber }) => ({ id, mobile, idNumber }));
    await writeUserPii(trx, changed);
    return { last: rows.at(-1)?.id ?? null, changed: changed.length, seen: rows.length };
  });

  await walk('enterprises', async (trx, after) => {
    const rows = await lockEnterpriseContacts(trx, scope, after, batch);
    let changed = 0;
    for (const r of rows) {
      const contacts: EnterpriseContact[] = r.contacts.map((c) =>
        typeof c.mobile === 'string' ? { ...c, mobile: reseal(c.mobile) ?? c.mobile } : c,
      );
      if (contacts.some((c, i) => c.mobile !== r.contacts[i]?.mobile)) {
        await writeEnterpriseContacts(trx, r.id, contacts);
        changed++;
      }
    }
    return { last: rows.at(-1)?.id ?? null, changed, seen: rows.length };
  });

  return report;
}

// ---------------------------------------------------------------------------------------------
// Finding a user by mobile

/** The purpose of the mobiles' blind index (`PiiKeyring.lookupDigest`). */
export const MOBILE_LOOKUP = 'mobile-lookup';

/**
 * The blind index stored beside a user's encrypted mobile (`users.mobile_lookup`): a keyed digest
 * of its normal 11-digit form, so that the SMS login finds the user without decrypting every row.
 * Null for no mobile, or a number that is not a mainland mobile (it cannot receive a code).
 */
export function mobileLookup(keyring: PiiKeyring, mobile: string | null | undefined): string | null {
  const normal = mobile ? normalizeMobile(mobile) : null;
  return normal ? keyring.lookupDigest(MOBILE_LOOKUP, normal) : null;
}

/**
 * Brings every user's mobile blind index up to date with the active key: rows written before the
 * column existed, rows whose index is under another key (after `qisu pii rotate`), and indexes left
 * by a removed mobile. At every start, after the values are sealed; batches of `batch` locked rows,
 * so two processes doing it at once write the same values. A mobile that cannot be decrypted keeps
 * no index (that user cannot log in by SMS until the key is configured). Returns the rows written.
 */
export async function refreshMobileLookups(db: Kysely<Database>, keyring: PiiKeyring, batch = 500): Promise<number> {
  let after: string | null = null;
  let written = 0;
  for (;;) {
    const seen: { last: string | null; count: number } = await db.transaction().execute(async (trx) => {
      const rows = await lockStaleMobileLookups(trx, keyring.activeKeyId, after, batch);
      const changes = rows.map((r) => {
        let lookup: string | null = null;
        try {
          lookup = mobileLookup(keyring, keyring.open(r.mobile));
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
        }
        return { id: r.id, lookup };
      });
      await writeMobileLookups(trx, changes);
      return { last: rows.at(-1)?.id ?? null, count: rows.length };
    });
    written += seen.count;
    if (seen.last === null || seen.count < batch) return written;
    after = seen.last;
  }
}

// ---------------------------------------------------------------------------------------------
// Where the keys come from

/** The key file of the embedded database, inside its data folder. */
export const PII_KEY_FILE = 'pii.key';

/** Where this process's keys come from, to tell the operator at start. */
export interface PiiKeySource {
  keyring: PiiKeyring;
  from: 'env' | 'file' | 'new-file' | 'database' | 'new-database';
  /** The key file, when the keys come from one. */
  path?: string;
}

/** Why a process cannot have keys: said in both languages, the process stops. */
export class PiiKeysRequiredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiiKeysRequiredError';
  }
}

/**
 * The keyring of this process. QISU_PII_KEYS when set. Otherwise, with PostgreSQL, none: several
 * processes share that database and each must hold the same keys, so a key made up by one of
 * them would lock the others out — the process refuses to start. With the embedded database
 * (one process, its own data folder), the key file `pii.key` in the data folder, made on first
 * start with mode 0600; but never a new key over a database that already holds encrypted values
 * (the key file was lost: making a new one would hide that until every value is unreadable).
 * Call with the data folder locked (after `openDatabase`).
 */
export async function openPiiKeyring(
  db: Kysely<Database>,
  config: { keys?: string | undefined; databaseUrl?: string | undefined; dataDir: string },
  now: Date = new Date(),
): Promise<PiiKeySource> {
  if (config.keys) {
    const configured = PiiKeyring.fromText(config.keys);
    // A key the database kept before QISU_PII_KEYS was set still reads, so `qisu pii rotate` can move off it.
    const stored = config.databaseUrl ? await storedPiiKeys(db) : null;
    const older = stored ? stored.split(',').filter((k) => !configured.keyIds.includes(k.split(':')[0] ?? '')) : [];
    return {
      keyring: older.length > 0 ? PiiKeyring.fromText([config.keys, ...older].join(',')) : configured,
      from: 'env',
    };
  }
  if (config.databaseUrl) {
    // Every process sharing PostgreSQL must hold the same keys: without QISU_PII_KEYS they live
    // in the database itself, which keeps the numbers out of plain sight but not from whoever
    // reads the database or its backups; every start says so.
    const stored = await storedPiiKeys(db);
    if (stored) return { keyring: PiiKeyring.fromText(stored), from: 'database' };
    if (await anyEncryptedPii(db)) {
      throw new PiiKeysRequiredError(
        '数据库中的个人信息已加密，但未设置 QISU_PII_KEYS，数据库中也没有密钥：请设置加密时所用的 QISU_PII_KEYS。\n' +
          'Personal data in this database is encrypted but QISU_PII_KEYS is not set and the database holds no key: ' +
          'set the QISU_PII_KEYS it was encrypted with.',
      );
    }
    await storePiiKeysOnce(db, generatePiiKey(now), now);
    const kept = await storedPiiKeys(db);
    if (!kept) throw new Error('pii_key_store holds no key after storing one');
    return { keyring: PiiKeyring.fromText(kept), from: 'new-database' };
  }
  const path = join(resolve(config.dataDir), PII_KEY_FILE);
  if (existsSync(path)) {
    return { keyring: PiiKeyring.fromText(readFileSync(path, 'utf8')), from: 'file', path };
  }
  if (await anyEncryptedPii(db)) {
    throw new PiiKeysRequiredError(
      `数据库中的个人信息已加密，但密钥文件 ${path} 不存在：请从备份恢复该文件，或设置 QISU_PII_KEYS。\n` +
        `Personal data in this database is encrypted but the key file ${path} is missing: restore it from your ` +
        'backup of the keys, or set QISU_PII_KEYS.',
    );
  }
  writeFileSync(path, `${generatePiiKey(now)}\n`, { mode: 0o600, flag: 'wx' });
  return { keyring: PiiKeyring.fromText(readFileSync(path, 'utf8')), from: 'new-file', path };
}

/** Whether a key file can be read by others than its owner (it should be mode 0600). */
export function keyFileIsOpen(path: string): boolean {
  return process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0;
}

/**
 * What every process that opens the database does before serving or changing it: take its keys
 * (`openPiiKeyring`), say where they come from (and warn that production sets QISU_PII_KEYS when
 * they come from a key file), then encrypt any value still stored in plain text. Returns the
 * keyring for `Deps`.
 */
export async function preparePii(
  db: Kysely<Database>,
  config: { keys?: string | undefined; databaseUrl?: string | undefined; dataDir: string },
  say: (message: string) => void,
): Promise<PiiKeyring> {
  const source = await openPiiKeyring(db, config);
  const active = source.keyring.activeKeyId;
  if (source.from === 'env') {
    say(`个人信息加密密钥：QISU_PII_KEYS（当前 ${active}）/ personal-data keys from QISU_PII_KEYS (active ${active})`);
  } else if (source.from === 'database' || source.from === 'new-database') {
    say(
      `警告：未设置 QISU_PII_KEYS，个人信息加密密钥${source.from === 'new-database' ? '已生成并' : ''}保存在数据库中（当前 ${active}），` +
        '能读取数据库或其备份者即可解密；生产环境请用 `npx qisu pii keygen` 生成密钥、设置 QISU_PII_KEYS 后执行 `npx qisu pii rotate` / ' +
        `warning: QISU_PII_KEYS is not set; the personal-data key is ${source.from === 'new-database' ? 'generated and ' : ''}kept in the ` +
        `database (active ${active}), so whoever reads the database or its backups can decrypt; in production make a key ` +
        'with `npx qisu pii keygen`, set QISU_PII_KEYS and run `npx qisu pii rotate`',
    );
  } else {
    say(
      `${source.from === 'new-file' ? '已生成' : '使用'}个人信息加密密钥文件 ${source.path ?? ''}（当前 ${active}）；` +
        '请将其与数据库分开备份，生产环境请设置 QISU_PII_KEYS / ' +
        `${source.from === 'new-file' ? 'generated' : 'using'} the personal-data key file ${source.path ?? ''} ` +
        `(active ${active}); back it up apart from the database; production must set QISU_PII_KEYS`,
    );
    if (source.path && keyFileIsOpen(source.path)) {
      say(
        `警告：${source.path} 可被其他用户读取，请执行 chmod 600 / warning: ${source.path} is readable by others; chmod 600 it`,
      );
    }
  }
  const sealed = await sealStoredPii(db, source.keyring, { mode: 'plain' });
  await refreshMobileLookups(db, source.keyring);
  const rows = sealed.cases + sealed.users + sealed.enterprises;
  if (rows > 0) {
    say(
      `已加密存量个人信息：诉求 ${sealed.cases}、用户 ${sealed.users}、企业 ${sealed.enterprises} 行 / ` +
        `encrypted stored personal data: ${sealed.cases} cases, ${sealed.users} users, ${sealed.enterprises} enterprises`,
    );
  }
  return source.keyring;
}
