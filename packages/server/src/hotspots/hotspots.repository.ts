import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { scopedCases } from '../access/scope.js';
import type { Database, HotspotGroupsTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The cases of a jurisdiction created in [from, to), with what hotspot mining reads: text, the
 * top-level category (walked up the tree), region, the enterprise's industry, and the enterprise
 * as the author. Newest first, at most `limit`; with `scope`, only the cases that actor may see.
 */
export async function casesForHotspots(
  db: Executor,
  jurisdictionId: string,
  from: Date,
  to: Date,
  limit: number,
  scope?: Actor,
) {
  const rows = await (scope ? scopedCases(db, scope) : db.selectFrom('cases as c'))
    .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.content',
      'c.status',
      'c.created_at',
      'c.category_id',
      'c.region_code',
      'c.enterprise_id',
      'e.industry_name',
      'e.region_code as enterprise_region',
    ])
    .where('c.jurisdiction_id', '=', jurisdictionId)
    .where('c.created_at', '>=', from)
    .where('c.created_at', '<', to)
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
  const categories = await db
    .selectFrom('categories')
    .select(['id', 'parent_id', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
  const byId = new Map(categories.map((c) => [c.id, c]));
  const topOf = (id: string | null) => {
    let current = id ? byId.get(id) : undefined;
    for (let guard = 0; current?.parent_id && guard < 10; guard++) current = byId.get(current.parent_id) ?? current;
    return current ? { id: current.id, name: current.name } : null;
  };
  return rows.map((r) => ({ ...r, topCategory: topOf(r.category_id) }));
}

/** Serialises hotspot bookkeeping of one jurisdiction for the rest of the transaction. */
export async function lockJurisdictionHotspots(trx: Transaction<Database>, jurisdictionId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`hotspots:${jurisdictionId}`}))`.execute(trx);
}

/** The unresolved group sharing the most members with the given cases, if any. */
export async function findOverlappingGroup(trx: Transaction<Database>, jurisdictionId: string, caseIds: string[]) {
  if (caseIds.length === 0) return undefined;
  return trx
    .selectFrom('hotspot_members as m')
    .innerJoin('hotspot_groups as g', 'g.id', 'm.group_id')
    .select(['g.id', 'g.warned_at', 'g.status', (eb) => eb.fn.countAll<number>().as('shared')])
    .where('g.jurisdiction_id', '=', jurisdictionId)
    .where('g.status', '<>', 'resolved')
    .where('m.case_id', 'in', caseIds)
    .groupBy(['g.id', 'g.warned_at', 'g.status', 'g.first_seen_at'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('g.first_seen_at')
    .limit(1)
    .executeTakeFirst();
}

/** Adds cases to a group; cases already in it stay as they are. */
export async function addMembers(trx: Transaction<Database>, groupId: string, caseIds: string[], at: Date) {
  if (caseIds.length === 0) return;
  await trx
    .insertInto('hotspot_members')
    .values(caseIds.map((caseId) => ({ group_id: groupId, case_id: caseId, added_at: at })))
    .onConflict((oc) => oc.columns(['group_id', 'case_id']).doNothing())
    .execute();
}

/**
 * The stored groups of a jurisdiction (all statuses), newest first, with the number and status
 * of the linked fix — with `scope`, only when that actor may see the fix.
 */
export function listGroups(db: Executor, jurisdictionId: string, scope?: Actor) {
  return db
    .selectFrom('hotspot_groups as g')
    .leftJoin('cases as f', (join) => {
      const fix = join.onRef('f.id', '=', 'g.fix_case_id');
      return scope ? fix.on('f.id', 'in', scopedCases(db, scope).select('c.id')) : fix;
    })
    .selectAll('g')
    .select(['f.number as fix_number', 'f.status as fix_status'])
    .where('g.jurisdiction_id', '=', jurisdictionId)
    .orderBy('g.first_seen_at', 'desc')
    .limit(200)
    .execute();
}

/** The member cases of the given groups, oldest first; with `scope`, only those that actor may see. */
export function groupMembers(db: Executor, groupIds: string[], scope?: Actor) {
  if (groupIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('hotspot_members as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .select(['m.group_id', 'c.id', 'c.number', 'c.title', 'c.status', 'c.created_at'])
    .where('m.group_id', 'in', groupIds);
  if (scope) q = q.where('m.case_id', 'in', scopedCases(db, scope).select('c.id'));
  return q.orderBy('c.created_at').execute();
}

/** A group in one of the jurisdictions, locked for the rest of the transaction. */
export function lockGroup(trx: Transaction<Database>, groupId: string, jurisdictionIds: string[]) {
  return trx
    .selectFrom('hotspot_groups')
    .selectAll()
    .where('id', '=', groupId)
    .where('jurisdiction_id', 'in', jurisdictionIds)
    .forUpdate()
    .executeTakeFirst();
}

/** A case of a jurisdiction by its id or its number. */
export function findCaseByIdOrNumber(db: Executor, jurisdictionId: string, ref: { id?: string; number?: string }) {
  let query = db
    .selectFrom('cases')
    .select(['id', 'number', 'status', 'title'])
    .where('jurisdiction_id', '=', jurisdictionId);
  if (ref.id) query = query.where('id', '=', ref.id);
  else query = query.where('number', '=', ref.number ?? '');
  return query.executeTakeFirst();
}

/** The ids of the jurisdictions to scan, in code order: all of them, or the one given. */
export function jurisdictionsToScan(db: Executor, jurisdictionId?: string) {
  let query = db.selectFrom('jurisdictions').select('id').orderBy('code');
  if (jurisdictionId) query = query.where('id', '=', jurisdictionId);
  return query.execute();
}

/** Stores a newly found group and returns its id. */
export async function insertGroup(db: Executor, values: Insertable<HotspotGroupsTable>): Promise<string> {
  const row = await db.insertInto('hotspot_groups').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Changes a stored group. */
export async function updateGroup(db: Executor, groupId: string, patch: Updateable<HotspotGroupsTable>): Promise<void> {
  await db.updateTable('hotspot_groups').set(patch).where('id', '=', groupId).execute();
}

/** The names of regions by code, for the labels of the region trend. */
export function regionNamesOf(db: Executor, codes: readonly string[]) {
  return db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute();
}
