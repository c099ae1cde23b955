import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Database } from '../db/schema.js';
import { systemClock } from '../clock.js';
import { PiiKeyring } from '../pii/pii.keyring.js';
import { VERSION } from '../version.js';
import { buildApp } from './app.js';

/**
 * The OpenAPI document exactly as `GET /api/openapi.json` serves it, without a database, a data
 * folder or a listening port: the build writes it so that the console's API types are generated
 * from the same zod schemas the server validates with. No route runs, so the database is one
 * that never connects.
 */
export async function openApiDocument(): Promise<object> {
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const app = await buildApp({
    deps: { db, clock: systemClock, pii: PiiKeyring.ephemeral() },
    engine: 'pglite',
    version: VERSION,
    logLevel: 'silent',
    webRoot: null,
  });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await db.destroy();
  }
}
