import type { Insertable, Kysely } from 'kysely';
import type { Database, Open311RequestsTable } from '../db/schema.js';

/** Every jurisdiction, by code (a deployment hosts a handful). */
export function listJurisdictions(db: Kysely<Database>) {
  return db.selectFrom('jurisdictions').select(['id', 'code', 'name', 'brand']).orderBy('code').execute();
}

/** The client whose key has this SHA-256 hash, with its jurisdiction's code. */
export function findClientByKeyHash(db: Kysely<Database>, keyHash: string) {
  return db
    .selectFrom('open311_clients as c')
    .innerJoin('jurisdictions as j', 'j.id', 'c.jurisdiction_id')
    .select(['c.id', 'c.name', 'c.active', 'c.jurisdiction_id', 'j.code as jurisdiction_code'])
    .where('c.key_hash', '=', keyHash)
    .executeTakeFirst();
}

/**
 * Notes that a client was used now, at most once a minute (reads come often; the admin's list
 * needs the day, not every request).
 */
export async function touchClient(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db
    .updateTable('open311_clients')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(at.getTime() - 60_000))]))
    .execute();
}

/** The jurisdiction's category tree, flat. */
export function categoriesOf(db: Kysely<Database>, jurisdictionId: string) {
  return db
    .selectFrom('categories')
    .select(['id', 'parent_id', 'code', 'name', 'name_en'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('code')
    .execute();
}

/** Records what a request carried beside its case. */
export async function insertRequest(db: Kysely<Database>, row: Insertable<Open311RequestsTable>): Promise<void> {
  await db.insertInto('open311_requests').values(row).execute();
}

/** The filters of a listing, resolved: ids override every other one. */
export interface RequestFilter {
  jurisdictionId: string;
  numbers?: string[];
  serviceCodes?: string[];
  statuses?: string[];
  from?: Date;
  until?: Date;
  limit: number;
}

/**
 * Requests filed through Open311 with what their answer shows: the case's state and words meant
 * for the enterprise, the lead unit, the category, the resolve deadline of the current round, and
 * what the request carried. Only the columns an answer shows: never the contact.
 */
function requestRows(db: Kysely<Database>, jurisdictionId: string) {
  return db
    .selectFrom('open311_requests as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .leftJoin('units as u', 'u.id', 'c.lead_unit_id')
    .leftJoin('categories as cat', 'cat.id', 'c.category_id')
    .select([
      'c.number',
      'c.status',
      'c.reject_reason',
      'c.answer_text',
      'c.result_text',
      'c.created_at',
      'c.updated_at',
      'u.name as lead_unit_name',
      'cat.code as category_code',
      'cat.name as category_name',
      'cat.name_en as category_name_en',
      'r.token',
      'r.lat',
      'r.long',
      'r.address_string',
      'r.address_id',
      'r.media_url',
    ])
    .select((eb) => [
      eb
        .selectFrom('assignments as a')
        .select('a.feedback_text')
        .whereRef('a.case_id', '=', 'c.id')
        .whereRef('a.round', '=', 'c.round')
        .where('a.role', '=', 'lead')
        .where('a.status', '<>', 'returned')
        .orderBy('a.assigned_at', 'desc')
        .limit(1)
        .as('feedback_text'),
      eb
        .selectFrom('clocks as k')
        .select('k.due_at')
        .whereRef('k.case_id', '=', 'c.id')
        .whereRef('k.round', '=', 'c.round')
        .where('k.milestone', 'in', ['resolve', 'redo'])
        .where('k.cancelled_at', 'is', null)
        .orderBy('k.due_at', 'desc')
        .limit(1)
        .as('expected_at'),
    ])
    .where('r.jurisdiction_id', '=', jurisdictionId);
}

/** One page of requests, newest first. */
export function listRequests(db: Kysely<Database>, f: RequestFilter) {
  let q = requestRows(db, f.jurisdictionId);
  if (f.numbers) q = q.where('c.number', 'in', f.numbers.length > 0 ? f.numbers : ['']);
  else {
    if (f.serviceCodes) q = q.where('cat.code', 'in', f.serviceCodes.length > 0 ? f.serviceCodes : ['']);
    if (f.statuses) q = q.where('c.status', 'in', f.statuses.length > 0 ? f.statuses : ['']);
    if (f.from) q = q.where('r.requested_at', '>=', f.from);
    if (f.until) q = q.where('r.requested_at', '<=', f.until);
  }
  return q.orderBy('r.requested_at', 'desc').orderBy('c.number', 'desc').limit(f.limit).execute();
}

/** One request of the jurisdiction by its case number. */
export function findRequestByNumber(db: Kysely<Database>, jurisdictionId: string, number: string) {
  return requestRows(db, jurisdictionId).where('c.number', '=', number).executeTakeFirst();
}

/** One request of the jurisdiction by its token. */
export function findRequestByToken(db: Kysely<Database>, jurisdictionId: string, token: string) {
  return db
    .selectFrom('open311_requests as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .select(['c.number', 'r.token'])
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .where('r.token', '=', token)
    .executeTakeFirst();
}

/** Rows of a listing, as the service maps them. */
export type RequestRow = Awaited<ReturnType<typeof listRequests>>[number];
