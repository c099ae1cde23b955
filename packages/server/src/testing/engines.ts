import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Migrator } from 'kysely';
import pg from 'pg';
import type { Db } from '../db/database.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import type { Database } from '../db/schema.js';
import { testDatabaseUrl } from '../env.js';

/** How a test database is opened: its pool, and the migration to stop at (the latest when absent). */
export interface OpenOptions {
  poolSize?: number;
  /** Stops after this migration, for testing what a later one does to rows already there. */
  upTo?: string;
  /** False for an empty database with no schema (a restore's target). */
  migrate?: boolean;
}

export interface TestEngine {
  name: 'pglite' | 'postgres';
  /** A fresh database of this engine, migrated (to the end, or `upTo`) unless `migrate` is false; `close` drops it. */
  open(options?: OpenOptions): Promise<Db & { url?: string }>;
}

async function migrate(db: Kysely<Database>, upTo?: string): Promise<void> {
  if (!upTo) {
    await migrateToLatest(db);
    return;
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableName: 'qisu_migrations',
    migrationLockTableName: 'qisu_migrations_lock',
  });
  const { error } = await migrator.migrateTo(upTo);
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
}

async function freshPostgres(adminUrl: string, options: OpenOptions = {}): Promise<Db & { url: string }> {
  const name = `qisu_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: options.poolSize ?? 10 });
  if (options.migrate !== false) await migrate(db.db, options.upTo);
  return {
    ...db,
    url: url.toString(),
    close: async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      // Give the closed pool's sockets a moment to go, then force what is left.
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          await cleanup.query(`DROP DATABASE IF EXISTS ${name}`);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const ENGINES: TestEngine[] = [
  {
    name: 'pglite',
    open: async (o?: OpenOptions) => {
      const db = await openDatabase({ dataDir: 'memory://' });
      if (o?.migrate !== false) await migrate(db.db, o?.upTo);
      return db;
    },
  },
  ...(() => {
    const url = testDatabaseUrl();
    return url ? [{ name: 'postgres' as const, open: (o?: OpenOptions) => freshPostgres(url, o) }] : [];
  })(),
];

export const POSTGRES_ENGINE: TestEngine | undefined = ENGINES.find((e) => e.name === 'postgres');
