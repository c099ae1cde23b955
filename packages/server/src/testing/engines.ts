import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../db/database.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { testDatabaseUrl } from '../env.js';

export interface TestEngine {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated database of this engine (`migrate: false`: an empty one); `close` drops it. */
  open(options?: { poolSize?: number; migrate?: boolean }): Promise<Db & { url?: string }>;
}

async function freshPostgres(adminUrl: string, poolSize?: number, migrate = true): Promise<Db & { url: string }> {
  const name = `qisu_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: poolSize ?? 10 });
  if (migrate) await migrateToLatest(db.db);
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
    open: async (o?: { migrate?: boolean }) => {
      const db = await openDatabase({ dataDir: 'memory://' });
      if (o?.migrate !== false) await migrateToLatest(db.db);
      return db;
    },
  },
  ...(() => {
    const url = testDatabaseUrl();
    return url
      ? [
          {
            name: 'postgres' as const,
            open: (o?: { poolSize?: number; migrate?: boolean }) => freshPostgres(url, o?.poolSize, o?.migrate),
          },
        ]
      : [];
  })(),
];

export const POSTGRES_ENGINE: TestEngine | undefined = ENGINES.find((e) => e.name === 'postgres');
