import type { Insertable, Kysely } from 'kysely';
import type { Database, Open311ClientsTable } from '../db/schema.js';

const VIEW = [
  'c.id',
  'c.name',
  'c.key_hint',
  'c.active',
  'c.created_at',
  'c.revoked_at',
  'c.last_used_at',
  'j.code as jurisdiction_code',
  'cu.name as created_by_name',
  'ru.name as revoked_by_name',
] as const;

function clients(db: Kysely<Database>, jurisdictionId: string) {
  return db
    .selectFrom('open311_clients as c')
    .innerJoin('jurisdictions as j', 'j.id', 'c.jurisdiction_id')
    .leftJoin('users as cu', 'cu.id', 'c.created_by')
    .leftJoin('users as ru', 'ru.id', 'c.revoked_by')
    .select([...VIEW])
    .where('c.jurisdiction_id', '=', jurisdictionId);
}

/** The jurisdiction's clients, active first, then newest first. */
export function listClients(db: Kysely<Database>, jurisdictionId: string) {
  return clients(db, jurisdictionId)
    .orderBy('c.active', 'desc')
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .execute();
}

/** One client of the jurisdiction. */
export function findClient(db: Kysely<Database>, jurisdictionId: string, id: string) {
  return clients(db, jurisdictionId).where('c.id', '=', id).executeTakeFirst();
}

/** A client's row as the list shows it. */
export type ClientRow = NonNullable<Awaited<ReturnType<typeof findClient>>>;

/** Inserts a client and returns its id; a key hash already taken inserts nothing (undefined). */
export async function insertClient(
  db: Kysely<Database>,
  row: Insertable<Open311ClientsTable>,
): Promise<string | undefined> {
  const inserted = await db
    .insertInto('open311_clients')
    .values(row)
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** Revokes a client of the jurisdiction once (a second revoke keeps the first one's time and name). */
export async function revokeClient(
  db: Kysely<Database>,
  jurisdictionId: string,
  id: string,
  by: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('open311_clients')
    .set({ active: false, revoked_at: at, revoked_by: by })
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', id)
    .where('active', '=', true)
    .execute();
}
