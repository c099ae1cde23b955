import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Kysely, Transaction } from 'kysely';
import { BlobStore } from '../attachments/attachments.storage.js';
import type { Db, Engine } from '../db/database.js';
import { knownMigrations, migrateTo, migrateToLatest, MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { ChainReport } from '../events/audit.service.js';
import { verifyChains } from '../events/audit.service.js';
import { VERSION } from '../version.js';
import type { BackupHeader } from './backup.format.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BLOB_LINE_BYTES,
  controlLine,
  dependencyOrder,
  invalidBackup,
  openBackup,
  ROWS_PER_SECTION,
  SECTION_CHARS,
  TableDigest,
} from './backup.format.js';
import {
  addForeignKey,
  appliedMigrations,
  clearTable,
  closeRowCursor,
  countRows,
  dropForeignKey,
  fetchRows,
  fixOutputSettings,
  hasRows,
  insertJsonRows,
  listColumns,
  listForeignKeys,
  listPrimaryKeys,
  listSequences,
  listTables,
  lockTables,
  openRowCursor,
  referencedBlobs,
  setSequence,
} from './backup.repository.js';

/** The database a backup reads or a restore fills. */
export type BackupDb = Pick<Db, 'db' | 'engine'>;

export interface BackupOptions {
  /** The attachment blob folder, `attachmentRoot(QISU_DATA_DIR)`. */
  attachmentsRoot: string;
  /** When the backup is taken, for its header. */
  now: Date;
  /** Told of progress in both languages, for stderr. */
  onProgress?: (message: string) => void;
}

/** What a backup file holds, as its header and end line say and a full read confirmed. */
export interface BackupSummary {
  engine: Engine;
  migration: string;
  createdAt: string;
  qisuVersion: string;
  tables: number;
  rows: number;
  /** Rows per table, in load order. */
  perTable: Record<string, number>;
  attachments: number;
  attachmentBytes: number;
}

/** A finished restore: what was loaded, the migrations applied after it, and each chain's check. */
export interface RestoreSummary extends BackupSummary {
  migrated: string[];
  chains: ChainReport[];
}

/** A table as the backup sees it: name, the columns rows carry, and how its rows are ordered. */
interface TablePlan {
  name: string;
  columns: string[];
  key: { column: string; collatable: boolean }[];
}

/** Row counts are reported every this many rows of a long table. */
const PROGRESS_ROWS = 50_000;

/** Writes text to a stream, waiting when it asks to (and failing if the stream fails). */
async function put(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** The tables a backup carries, in load order: all of the schema but the migrator's mutex. */
async function planTables(db: Kysely<Database> | Transaction<Database>): Promise<TablePlan[]> {
  const tables = (await listTables(db)).filter((t) => t !== MIGRATION_LOCK_TABLE);
  const columns = await listColumns(db);
  const keys = await listPrimaryKeys(db);
  const references = (await listForeignKeys(db)).map((f) => ({ from: f.table, to: f.references }));
  return dependencyOrder(tables, references).map((name) => ({
    name,
    columns: columns.filter((c) => c.table === name).map((c) => c.column),
    key: keys.filter((k) => k.table === name).map(({ column, collatable }) => ({ column, collatable })),
  }));
}

function summaryOf(header: BackupHeader, rows: number): BackupSummary {
  return {
    engine: header.engine,
    migration: header.migration,
    createdAt: header.createdAt,
    qisuVersion: header.qisuVersion,
    tables: header.tables.length,
    rows,
    perTable: Object.fromEntries(header.tables.map((t) => [t.name, t.rows])),
    attachments: header.attachments.count,
    attachmentBytes: header.attachments.bytes,
  };
}

/** Streams one table's rows in sections, hashing them; returns the table-end line's numbers. */
async function writeTable(
  trx: Transaction<Database>,
  out: Writable,
  table: TablePlan,
  onProgress: (message: string) => void,
): Promise<{ rows: number; sha256: string }> {
  const digest = new TableDigest();
  let section: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (section.length === 0) return;
    const sectionDigest = new TableDigest();
    for (const row of section) sectionDigest.add(row);
    await put(
      out,
      controlLine({ type: 'rows', table: table.name, count: section.length, sha256: sectionDigest.hex() }),
    );
    await put(out, `${section.join('\n')}\n`);
    section = [];
    chars = 0;
  };
  await openRowCursor(trx, table.name, table.key);
  for (;;) {
    const rows = await fetchRows(trx, ROWS_PER_SECTION);
    for (const row of rows) {
      // jsonb text never holds a raw newline; one here would split a row in two.
      if (row.includes('\n')) throw new Error(`row of ${table.name} holds a newline`);
      digest.add(row);
      section.push(row);
      chars += row.length;
      if (section.length >= ROWS_PER_SECTION || chars >= SECTION_CHARS) await flush();
      if (digest.rows % PROGRESS_ROWS === 0) onProgress(`  · ${table.name}: ${digest.rows} …`);
    }
    if (rows.length < ROWS_PER_SECTION) break;
  }
  await flush();
  await closeRowCursor(trx);
  return { rows: digest.rows, sha256: digest.hex() };
}

/** Streams one blob from the store as base64 lines, checking that its bytes still have its hash. */
async function writeBlob(store: BlobStore, out: Writable, sha256: string, size: number): Promise<void> {
  let source;
  try {
    source = await store.open(sha256, size);
  } catch (error) {
    throw new Error(
      `附件文件缺失或大小不符 / attachment blob missing or of the wrong size: ${sha256} (${(error as Error).message})`,
    );
  }
  await put(out, controlLine({ type: 'blob', sha256, size }));
  const hash = createHash('sha256');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const emit = async (all: boolean) => {
    let joined = Buffer.concat(pending, pendingBytes);
    while (joined.length >= BLOB_LINE_BYTES || (all && joined.length > 0)) {
      const line = joined.subarray(0, Math.min(BLOB_LINE_BYTES, joined.length));
      await put(out, `${line.toString('base64')}\n`);
      joined = joined.subarray(line.length);
    }
    pending = joined.length > 0 ? [joined] : [];
    pendingBytes = joined.length;
  };
  for await (const chunk of source as AsyncIterable<Buffer>) {
    hash.update(chunk);
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= BLOB_LINE_BYTES) await emit(false);
  }
  await emit(true);
  if (hash.digest('hex') !== sha256) {
    throw new Error(`附件文件内容已损坏 / attachment blob is damaged (its bytes no longer match): ${sha256}`);
  }
}

/**
 * Writes a backup of the whole database and its attachment blobs to `out` (see backup.format.ts).
 *
 * The rows come from one `REPEATABLE READ READ ONLY` transaction, so they are one consistent
 * snapshot while the system keeps running: on PostgreSQL nobody waits for it; on PGlite, which
 * has one connection, requests wait while the tables are read. The blobs are copied after that
 * transaction: they are immutable and never deleted, and every blob a snapshot row names was
 * written before that row committed, so the snapshot's blobs are all there. The migration
 * bookkeeping travels with the rows; the job queue's schema does not (its jobs are recurring and
 * recreated when a server starts). Nothing is held in memory beyond one section of rows and one
 * line of a blob. `out` is ended when the backup is complete; on failure it is destroyed.
 */
export async function writeBackup(handle: BackupDb, out: Writable, options: BackupOptions): Promise<BackupSummary> {
  const say = options.onProgress ?? (() => undefined);
  const gzip = createGzip();
  const written = pipeline(gzip, out);
  try {
    const snapshot = await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        await fixOutputSettings(trx);
        const plan = await planTables(trx);
        if (!plan.some((t) => t.name === MIGRATION_TABLE)) {
          throw new AppError('BACKUP_NO_DATABASE', { where: handle.engine === 'pglite' ? 'PGlite' : 'PostgreSQL' });
        }
        const migrations = await appliedMigrations(trx, MIGRATION_TABLE);
        const tables = [];
        for (const t of plan) tables.push({ name: t.name, rows: await countRows(trx, t.name), columns: t.columns });
        const blobs = await referencedBlobs(trx);
        const header: BackupHeader = {
          type: 'header',
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          qisuVersion: VERSION,
          engine: handle.engine,
          migration: migrations.at(-1) ?? '',
          createdAt: options.now.toISOString(),
          tables,
          // Read inside the snapshot: a sequence is never behind the rows it numbered.
          sequences: await listSequences(trx),
          attachments: { count: blobs.length, bytes: blobs.reduce((sum, b) => sum + b.size, 0) },
        };
        const total = tables.reduce((sum, t) => sum + t.rows, 0);
        say(
          `快照 / snapshot: ${tables.length} 张表 / tables, ${total} 行 / rows, ` +
            `${blobs.length} 个附件 / attachments (${header.attachments.bytes} B)`,
        );
        await put(gzip, controlLine(header));
        for (const table of plan) {
          const { rows, sha256 } = await writeTable(trx, gzip, table, say);
          await put(gzip, controlLine({ type: 'table-end', table: table.name, rows, sha256 }));
        }
        return { header, blobs, total };
      });

    const store = new BlobStore(options.attachmentsRoot);
    let copied = 0;
    for (const blob of snapshot.blobs) {
      await writeBlob(store, gzip, blob.sha256, blob.size);
      copied++;
      if (copied % 100 === 0) say(`  · 附件 / attachments: ${copied}/${snapshot.blobs.length}`);
    }
    await put(
      gzip,
      controlLine({
        type: 'end',
        rows: snapshot.total,
        attachments: snapshot.blobs.length,
        attachmentBytes: snapshot.header.attachments.bytes,
      }),
    );
    gzip.end();
    await written;
    return summaryOf(snapshot.header, snapshot.total);
  } catch (error) {
    gzip.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  }
}

/** Reads a whole backup file and checks every count and hash, touching no database. */
export async function inspectBackup(input: Readable): Promise<BackupSummary> {
  const backup = await openBackup(input);
  try {
    for await (const item of backup.items) {
      if (item.kind === 'end') return summaryOf(backup.header, item.rows);
    }
    throw invalidBackup('缺少结尾', 'the end is missing');
  } finally {
    await backup.close();
  }
}

/** The tables of a database that hold rows, other than the migration bookkeeping. */
async function tablesWithRows(db: Kysely<Database> | Transaction<Database>, tables: readonly string[]) {
  const full: string[] = [];
  for (const t of tables) {
    if (t === MIGRATION_TABLE || t === MIGRATION_LOCK_TABLE) continue;
    if (await hasRows(db, t)) full.push(t);
  }
  return full;
}

function refuseNonEmpty(full: readonly string[]): void {
  if (full.length === 0) return;
  const named = full.slice(0, 5).join(', ') + (full.length > 5 ? ' …' : '');
  throw new AppError('BACKUP_TARGET_NOT_EMPTY', { tables: named });
}

function mismatch(zh: string, en: string): AppError {
  return new AppError('BACKUP_SCHEMA_MISMATCH', { detailZh: zh, detailEn: en });
}

/**
 * Checks that the target can take the backup: no rows in it, and no migration applied that the
 * backup's schema lacks. Then builds the schema exactly at the backup's migration.
 */
async function prepareTarget(db: Kysely<Database>, header: BackupHeader): Promise<void> {
  const known = knownMigrations();
  if (!known.includes(header.migration)) {
    throw mismatch(
      `备份来自更新的企诉版本（迁移 ${header.migration}），请先升级`,
      `the backup comes from a newer qisu (migration ${header.migration}); upgrade first`,
    );
  }
  const tables = await listTables(db);
  refuseNonEmpty(await tablesWithRows(db, tables));
  if (tables.includes(MIGRATION_TABLE)) {
    const ahead = (await appliedMigrations(db, MIGRATION_TABLE)).filter((m) => m > header.migration);
    if (ahead.length > 0) {
      throw mismatch(
        `目标数据库已迁移到 ${ahead.at(-1)}，晚于备份的 ${header.migration}；请恢复到新建的空数据库`,
        `the target is migrated to ${ahead.at(-1)}, past the backup's ${header.migration}; restore into a new, empty database`,
      );
    }
  }
  await migrateTo(db, header.migration);
}

/** Checks that the target's tables, columns and sequences are those the backup describes. */
function checkShape(
  header: BackupHeader,
  plan: readonly TablePlan[],
  sequences: readonly { name: string }[],
): Map<string, TablePlan> {
  const byName = new Map(plan.map((t) => [t.name, t]));
  const names = header.tables.map((t) => t.name);
  const missing = names.filter((n) => !byName.has(n));
  const extra = plan.map((t) => t.name).filter((n) => !names.includes(n));
  if (missing.length > 0 || extra.length > 0) {
    const list = [...missing, ...extra].join(', ');
    throw mismatch(`表不一致：${list}`, `the tables differ: ${list}`);
  }
  for (const t of header.tables) {
    const target = byName.get(t.name)?.columns ?? [];
    if (target.length !== t.columns.length || t.columns.some((c) => !target.includes(c))) {
      throw mismatch(`表 ${t.name} 的列不一致`, `the columns of table ${t.name} differ`);
    }
  }
  const have = new Set(sequences.map((s) => s.name));
  const lacking = header.sequences.filter((s) => !have.has(s.name)).map((s) => s.name);
  if (lacking.length > 0) {
    throw mismatch(`缺少序列 ${lacking.join(', ')}`, `sequences missing: ${lacking.join(', ')}`);
  }
  return byName;
}

/**
 * Restores a backup into an empty database: refuses a target with any rows (or migrated past
 * the backup), builds the schema at the backup's migration, and then in one transaction takes
 * every table, drops the foreign keys, loads every row as the file streams by (the database parses
 * each row's JSON text, so values keep every digit), writes the attachment blobs, adds the foreign
 * keys back (which checks every reference), sets the sequences and compares every table's count
 * with the header — and commits only once the file has been read to its end and every hash
 * matched. A failure rolls the rows back and removes the blobs this restore wrote. After the
 * commit the remaining migrations run, as in an upgrade, and every event chain is verified.
 */
export async function restoreBackup(
  handle: BackupDb,
  input: Readable,
  options: Omit<BackupOptions, 'now'>,
): Promise<RestoreSummary> {
  const say = options.onProgress ?? (() => undefined);
  const backup = await openBackup(input);
  const store = new BlobStore(options.attachmentsRoot);
  const written: string[] = [];
  let rows = 0;
  try {
    const { header } = backup;
    const total = header.tables.reduce((sum, t) => sum + t.rows, 0);
    say(
      `恢复 / restoring: ${header.tables.length} 张表 / tables, ${total} 行 / rows, ` +
        `${header.attachments.count} 个附件 / attachments (${header.engine}, ${header.createdAt})`,
    );
    say(`  · 建立表结构 / building the schema at ${header.migration} …`);
    await prepareTarget(handle.db, header);
    say('  · 载入数据 / loading …');
    await handle.db.transaction().execute(async (trx) => {
      const plan = checkShape(header, await planTables(trx), await listSequences(trx));
      await lockTables(
        trx,
        header.tables.map((t) => t.name),
      );
      refuseNonEmpty(
        await tablesWithRows(
          trx,
          header.tables.map((t) => t.name),
        ),
      );
      await clearTable(trx, MIGRATION_TABLE);
      const foreignKeys = await listForeignKeys(trx);
      for (const fk of foreignKeys) await dropForeignKey(trx, fk.table, fk.name);

      let loaded = 0;
      let done = false;
      for await (const item of backup.items) {
        if (item.kind === 'rows') {
          const columns = plan.get(item.table)?.columns ?? [];
          await insertJsonRows(trx, item.table, columns, `[${item.lines.join(',')}]`);
          loaded += item.lines.length;
          if (Math.floor(loaded / PROGRESS_ROWS) !== Math.floor((loaded - item.lines.length) / PROGRESS_ROWS)) {
            say(`  · ${loaded}/${total} 行 / rows`);
          }
        } else if (item.kind === 'blob') {
          if ((await store.put(item.sha256, item.bytes)).written) written.push(item.sha256);
        } else {
          rows = item.rows;
          done = true;
        }
      }
      if (!done) throw invalidBackup('缺少结尾', 'the end is missing');

      say('  · 校验外键 / checking references …');
      for (const fk of foreignKeys) await addForeignKey(trx, fk.table, fk.name, fk.definition);
      for (const s of header.sequences) if (s.lastValue !== null) await setSequence(trx, s.name, s.lastValue);
      for (const t of header.tables) {
        const n = await countRows(trx, t.name);
        if (n !== t.rows) {
          throw new Error(
            `恢复后表 ${t.name} 有 ${n} 行，应为 ${t.rows} 行 / table ${t.name} holds ${n} rows, not ${t.rows}`,
          );
        }
      }
    });
  } catch (error) {
    for (const sha256 of written) await rm(store.pathOf(sha256), { force: true });
    throw error;
  } finally {
    await backup.close();
  }
  const migrated = await migrateToLatest(handle.db);
  if (migrated.length > 0) say(`已应用数据库迁移 / migrations applied: ${migrated.join(', ')}`);
  const chains = await verifyChains(handle.db);
  return { ...summaryOf(backup.header, rows), migrated, chains };
}
