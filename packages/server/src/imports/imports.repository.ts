import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * What an import reads before it writes, one query per kind of value in the file (never a query
 * per row): the ledger entries its codes and names name, and the cases its references and
 * numbers name. Writes go through the enterprises' and the cases' services.
 */

/** Ledger entries of the jurisdiction with any of these codes. */
export function enterprisesWithUscc(db: Kysely<Database>, jurisdictionId: string, usccs: readonly string[]) {
  if (usccs.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('enterprises')
    .select(['id', 'uscc', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('uscc', 'in', [...usccs])
    .execute();
}

/** Ledger entries of the jurisdiction with any of these names (a name may be held by several). */
export function enterprisesNamed(db: Kysely<Database>, jurisdictionId: string, names: readonly string[]) {
  if (names.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('enterprises')
    .select(['id', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('name', 'in', [...names])
    .execute();
}

/** Cases of the jurisdiction filed with any of these external references, from whichever channel. */
export function casesWithExternalRefs(db: Kysely<Database>, jurisdictionId: string, refs: readonly string[]) {
  if (refs.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('cases')
    .select(['channel', 'external_ref', 'number'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('external_ref', 'in', [...refs])
    .execute();
}

/** Which of these numbers name a case of the jurisdiction. */
export function casesWithNumbers(db: Kysely<Database>, jurisdictionId: string, numbers: readonly string[]) {
  if (numbers.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('cases')
    .select('number')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('number', 'in', [...numbers])
    .execute();
}

/**
 * The user a command-line import acts as: an active user of the jurisdiction holding `role`, the
 * one named when `username` is given, else the first by username.
 */
export function importerOf(db: Kysely<Database>, jurisdictionCode: string, role: 'hub' | 'admin', username?: string) {
  let query = db
    .selectFrom('users')
    .innerJoin('jurisdictions as j', 'j.id', 'users.jurisdiction_id')
    .select('users.id')
    .where('j.code', '=', jurisdictionCode)
    .where('users.active', '=', true)
    .where((eb) => eb(eb.val<string>(role), '=', eb.fn.any('users.roles')));
  if (username) query = query.where('users.username', '=', username);
  return query.orderBy('users.username').executeTakeFirst();
}
