import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, IntakeKeysTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** An active key by its id, with its jurisdiction's code. */
export function findActiveKey(db: Executor, id: string) {
  return db
    .selectFrom('intake_keys as k')
    .innerJoin('jurisdictions as j', 'j.id', 'k.jurisdiction_id')
    .select(['k.id', 'k.jurisdiction_id', 'j.code as jurisdiction_code', 'k.source', 'k.channel', 'k.secret'])
    .where('k.id', '=', id)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Notes that a key was used now (for the admin's list). */
export async function touchKey(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('intake_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}

const VIEW = [
  'k.id',
  'k.source',
  'k.channel',
  'k.created_at',
  'k.revoked_at',
  'k.last_used_at',
  'u.name as created_by_name',
] as const;

/** The jurisdiction's keys, newest first. */
export function listKeys(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('intake_keys as k')
    .leftJoin('users as u', 'u.id', 'k.created_by')
    .select([...VIEW])
    .where('k.jurisdiction_id', '=', jurisdictionId)
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id')
    .execute();
}

/** One key of the jurisdiction. */
export function findKey(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('intake_keys as k')
    .leftJoin('users as u', 'u.id', 'k.created_by')
    .select([...VIEW])
    .where('k.jurisdiction_id', '=', jurisdictionId)
    .where('k.id', '=', id)
    .executeTakeFirst();
}

export function insertKey(db: Executor, row: Insertable<IntakeKeysTable>) {
  return db
    .insertInto('intake_keys')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Revokes a key of the jurisdiction (once; a second revoke keeps the first time). */
export function revokeKey(db: Executor, jurisdictionId: string, id: string, at: Date) {
  return db
    .updateTable('intake_keys')
    .set({ revoked_at: at })
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}
