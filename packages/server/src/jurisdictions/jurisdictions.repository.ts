import type { Insertable, Kysely, Transaction } from 'kysely';
import type {
  CategoriesTable,
  Database,
  JurisdictionsTable,
  RegionsTable,
  UnitsTable,
  UsersTable,
} from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

// Setting up a jurisdiction writes the first rows other modules own (its hub unit, its category
// tree, its administrator): nothing else holds them yet, so nothing else has to stay consistent.

/** Every jurisdiction with its parent's code and how many users and cases it holds, by code. */
export async function listJurisdictionRows(db: Executor) {
  return db
    .selectFrom('jurisdictions as j')
    .leftJoin('jurisdictions as p', 'p.id', 'j.parent_id')
    .select((eb) => [
      'j.code',
      'j.name',
      'j.level',
      'j.region_code',
      'j.profile_version',
      'p.code as parent_code',
      eb
        .selectFrom('users')
        .whereRef('users.jurisdiction_id', '=', 'j.id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('users'),
      eb
        .selectFrom('cases')
        .whereRef('cases.jurisdiction_id', '=', 'j.id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('cases'),
    ])
    .orderBy('j.code')
    .execute();
}

/** A jurisdiction's id and parent by its code, or undefined. */
export async function findJurisdictionByCode(db: Executor, code: string) {
  return db.selectFrom('jurisdictions').select(['id', 'code', 'parent_id']).where('code', '=', code).executeTakeFirst();
}

/** A jurisdiction's parent by its id (to walk up the chain), or undefined. */
export async function parentOf(db: Executor, id: string) {
  return db.selectFrom('jurisdictions').select(['id', 'code', 'parent_id']).where('id', '=', id).executeTakeFirst();
}

/** Sets (or clears) the jurisdiction above this one. */
export async function setParentId(db: Executor, id: string, parentId: string | null): Promise<void> {
  await db.updateTable('jurisdictions').set({ parent_id: parentId }).where('id', '=', id).execute();
}

/** Whether a user of this name exists, in any jurisdiction (user names are unique on the platform). */
export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) !== undefined;
}

/** Inserts the jurisdiction's region unless it is there (jurisdictions may share one). */
export async function insertRegionIfMissing(db: Executor, row: Insertable<RegionsTable>): Promise<void> {
  await db
    .insertInto('regions')
    .values(row)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/** Inserts a jurisdiction and returns its id. */
export async function insertJurisdictionRow(db: Executor, row: Insertable<JurisdictionsTable>): Promise<string> {
  return (await db.insertInto('jurisdictions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Inserts a unit and returns its id. */
export async function insertFirstUnit(db: Executor, row: Insertable<UnitsTable>): Promise<string> {
  return (await db.insertInto('units').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Inserts a category and returns its id. */
export async function insertFirstCategory(db: Executor, row: Insertable<CategoriesTable>): Promise<string> {
  return (await db.insertInto('categories').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Inserts a user and returns its id. */
export async function insertFirstUser(db: Executor, row: Insertable<UsersTable>): Promise<string> {
  return (await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
