import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

export type Engine = 'pglite' | 'postgres';

/** An open database: the Kysely handle, which engine is behind it, and how to close it. */
export interface Db {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

export interface DbOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database, or `memory://` for a throwaway one. */
  dataDir?: string;
  /** Connections in the PostgreSQL pool (PGlite always has one). */
  poolSize?: number;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;

/** The same type parsing on both engines: counts and numerics as JS numbers, dates as `YYYY-MM-DD`. */
const toNumber = (value: string) => Number(value);
const asText = (value: string) => value;
const baseParser = pg.types.getTypeParser as (oid: number, format?: string) => unknown;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber;
    if (oid === DATE_OID) return asText;
    return baseParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** Statements one connection keeps prepared; later new texts run unnamed, so memory stays bounded. */
const PREPARED_PER_CONNECTION = 1000;

/** A stable, short statement name for a query text (FNV-1a, 32 bits, plus the length). */
function statementName(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `q${(hash >>> 0).toString(36)}_${text.length.toString(36)}`;
}

/**
 * A pg client that prepares every parameterised statement once per connection and then only
 * binds it. Kysely's queries repeat the same texts, and planning them is a large share of a
 * short command's time — on PGlite, whose planner runs in WebAssembly, most of it. A name
 * collision (two texts, one name) is avoided by checking the text the name was first used for.
 */
class PreparingClient extends pg.Client {
  readonly #prepared = new Map<string, string>();

  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(text);
      const known = this.#prepared.get(name);
      if (known === text || (known === undefined && this.#prepared.size < PREPARED_PER_CONNECTION)) {
        this.#prepared.set(name, text);
        args = [{ name, text, values }, ...args.slice(2)];
      }
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正由运行中的进程（pid ${pid}）使用；请先停止该服务，或通过 DATABASE_URL 使用 PostgreSQL。\n` +
        `The data folder ${dataDir} is held by a running process (pid ${pid}); stop it first, or use PostgreSQL through DATABASE_URL.`,
    );
    this.name = 'DataDirBusyError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded database belongs to one process. A lock file in the data folder names the
 * holder; a lock left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'qisu.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = 0;
      try {
        holder = Number((JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: number }).pid ?? 0);
      } catch {
        holder = 0;
      }
      if (holder > 0 && holder !== process.pid && processAlive(holder)) throw new DataDirBusyError(dataDir, holder);
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`cannot lock ${dataDir}`);
}

/** Opens PostgreSQL when a URL is given, else PGlite, both behind Kysely's PostgresDialect. */
export async function openDatabase(options: DbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types,
      Client: PreparingClient,
    });
    // An idle connection that the server ends (restart, failover, admin shutdown) must not crash
    // the process; the pool replaces it on the next query.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }

  const dataDir = options.dataDir ?? './data';
  const inMemory = dataDir.startsWith('memory://');
  const unlock = inMemory ? () => undefined : lockDataDir(resolve(dataDir));
  try {
    const lite = await PGlite.create(inMemory ? dataDir : resolve(dataDir, 'pglite'));
    const pool = new pg.Pool({ ...createPgConfig(lite), types, Client: PreparingClient });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'pglite',
      close: async () => {
        await db.destroy();
        await lite.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** The bookkeeping table of applied migrations (one row per migration name). */
export const MIGRATION_TABLE = 'qisu_migrations';
/** The migrator's mutex table: runtime state, not data. */
export const MIGRATION_LOCK_TABLE = 'qisu_migrations_lock';

function migratorOf(db: Kysely<Database>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}

/** Applies every pending migration; safe to run from several processes at once on PostgreSQL. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await migratorOf(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Every migration this build knows, in the order they apply (their names sort by date). */
export function knownMigrations(): string[] {
  return Object.keys(MIGRATIONS).sort();
}

/**
 * Applies the pending migrations up to and including `name`, never beyond: a restore builds the
 * schema a backup was taken at before loading its rows, then migrates the rest like an upgrade.
 */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<string[]> {
  const { error, results } = await migratorOf(db).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
