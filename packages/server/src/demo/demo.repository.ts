import type { Insertable, Kysely, Transaction } from 'kysely';
import type {
  IntakeKeysTable,
  CategoriesTable,
  Database,
  EnterprisesTable,
  JurisdictionsTable,
  RegionsTable,
  RoutingRulesTable,
} from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

// The demo loader writes the rows other modules own directly: it runs once, on an empty database,
// before any service has data to keep consistent.

/** Whether the database has no jurisdiction yet (the demo loads only into an empty one). */
export async function hasNoJurisdiction(db: Executor): Promise<boolean> {
  const rows = await db.selectFrom('jurisdictions').select('id').limit(1).execute();
  return rows.length === 0;
}

/** Whether any of these user names exists, in any jurisdiction. */
export async function anyUserNamed(db: Executor, usernames: readonly string[]): Promise<boolean> {
  if (usernames.length === 0) return false;
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('username', 'in', [...usernames])
    .limit(1)
    .execute();
  return rows.length > 0;
}

/** Inserts regions, leaving alone those already there (jurisdictions share their ancestors). */
export async function insertRegions(db: Executor, rows: readonly Insertable<RegionsTable>[]): Promise<void> {
  await db
    .insertInto('regions')
    .values([...rows])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/** Inserts a jurisdiction and returns its id. */
export async function insertJurisdiction(db: Executor, row: Insertable<JurisdictionsTable>): Promise<string> {
  return (await db.insertInto('jurisdictions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Inserts a category and returns its id. */
export async function insertCategory(db: Executor, row: Insertable<CategoriesTable>): Promise<string> {
  return (await db.insertInto('categories').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Inserts an enterprise and returns its id. */
export async function insertDemoEnterprise(db: Executor, row: Insertable<EnterprisesTable>): Promise<string> {
  return (await db.insertInto('enterprises').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Inserts routing rules in one statement. */
export async function insertRoutingRules(db: Executor, rows: readonly Insertable<RoutingRulesTable>[]): Promise<void> {
  await db
    .insertInto('routing_rules')
    .values([...rows])
    .execute();
}

export async function insertDemoIntakeKey(db: Executor, row: Insertable<IntakeKeysTable>): Promise<void> {
  await db.insertInto('intake_keys').values(row).execute();
}
