import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A jurisdiction's code and active profile version; throws when there is no such jurisdiction. */
export function jurisdictionProfileVersion(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('jurisdictions')
    .select(['code', 'profile_version'])
    .where('id', '=', jurisdictionId)
    .executeTakeFirstOrThrow();
}

/**
 * The same, with the jurisdiction row locked for the rest of the transaction, so that two writers
 * of a profile take turns and never store the same version.
 */
export function lockJurisdictionProfileVersion(trx: Transaction<Database>, jurisdictionId: string) {
  return trx
    .selectFrom('jurisdictions')
    .select(['code', 'profile_version'])
    .where('id', '=', jurisdictionId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** The stored document of one version; throws when there is no such version. */
export function profileDocument(db: Executor, jurisdictionId: string, version: number) {
  return db
    .selectFrom('profiles')
    .select('document')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
}

/** Whether the jurisdiction has this version. */
export async function hasProfileVersion(db: Executor, jurisdictionId: string, version: number): Promise<boolean> {
  const row = await db
    .selectFrom('profiles')
    .select('version')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores a version and makes it the jurisdiction's active one, in the caller's transaction. */
export async function insertActiveVersion(
  trx: Transaction<Database>,
  row: {
    jurisdictionId: string;
    version: number;
    document: string;
    note: string | null;
    createdBy: string | null;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('profiles')
    .values({
      jurisdiction_id: row.jurisdictionId,
      version: row.version,
      document: row.document,
      note: row.note,
      created_by: row.createdBy,
      created_at: row.at,
    })
    .execute();
  await trx
    .updateTable('jurisdictions')
    .set({ profile_version: row.version })
    .where('id', '=', row.jurisdictionId)
    .execute();
}

/** Every version of the jurisdiction's profile, newest first, with the name of who stored it. */
export function listVersions(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('profiles as p')
    .leftJoin('users as u', 'u.id', 'p.created_by')
    .select(['p.version', 'p.note', 'p.created_at', 'u.name as created_by_name', 'p.created_by'])
    .where('p.jurisdiction_id', '=', jurisdictionId)
    .orderBy('p.version', 'desc')
    .execute();
}
