import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import { OPEN_STATUSES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { scopedCases, scopedEnterprises } from '../access/scope.js';
import type { Database, EnterpriseConditionsTable, EnterprisesTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Enterprises the actor may see, with their liaison's name, as a query to refine. */
function visibleWithLiaison(db: Executor, actor: Actor) {
  return scopedEnterprises(db, actor)
    .leftJoin('users as l', 'l.id', 'e.liaison_user_id')
    .leftJoin('grids as g', 'g.id', 'e.grid_id')
    .selectAll('e')
    .select(['l.name as liaison_name', 'g.name as grid_name', 'g.liaison_user_id as grid_liaison_user_id']);
}

/** One enterprise in the actor's scope, or undefined (out of scope reads as absent). */
export function findVisibleEnterprise(db: Executor, actor: Actor, id: string) {
  return visibleWithLiaison(db, actor).where('e.id', '=', id).executeTakeFirst();
}

/** One page of the actor's enterprises by name, matching `q` in the name or the USCC, and the total. */
export async function listVisibleEnterprises(
  db: Executor,
  actor: Actor,
  filter: {
    q?: string | undefined;
    gridId?: string | undefined;
    key?: boolean | undefined;
    page: number;
    pageSize: number;
  },
) {
  let base = scopedEnterprises(db, actor);
  if (filter.gridId) base = base.where('e.grid_id', '=', filter.gridId);
  if (filter.key !== undefined) base = base.where('e.key_enterprise', '=', filter.key);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where((eb) => eb.or([eb('e.name', 'ilike', pattern), eb('e.uscc', 'ilike', pattern)]));
  }
  const [rows, total] = await Promise.all([
    base
      .leftJoin('users as l', 'l.id', 'e.liaison_user_id')
      .leftJoin('grids as g', 'g.id', 'e.grid_id')
      .selectAll('e')
      .select(['l.name as liaison_name', 'g.name as grid_name'])
      .orderBy('e.key_enterprise', 'desc')
      .orderBy('e.name')
      .orderBy('e.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/**
 * Open cases per enterprise, counted within the actor's own case scope, so that the count never
 * tells a role about cases it may not see.
 */
export async function openCaseCounts(db: Executor, actor: Actor, enterpriseIds: string[]) {
  const counts = new Map<string, number>();
  if (enterpriseIds.length === 0) return counts;
  const rows = await scopedCases(db, actor)
    .where('c.enterprise_id', 'in', enterpriseIds)
    .where('c.status', 'in', [...OPEN_STATUSES])
    .select((eb) => ['c.enterprise_id', eb.fn.countAll<number>().as('n')])
    .groupBy('c.enterprise_id')
    .execute();
  for (const r of rows) if (r.enterprise_id) counts.set(r.enterprise_id, Number(r.n));
  return counts;
}

/** The enterprise registered with this code in the jurisdiction, if any. */
export function findByUscc(db: Executor, jurisdictionId: string, uscc: string) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'name', 'liaison_user_id'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('uscc', '=', uscc)
    .executeTakeFirst();
}

/** An active user of the jurisdiction who holds the liaison role. */
export function findLiaison(db: Executor, jurisdictionId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', '=', userId)
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .where((eb) => eb(eb.val('liaison'), '=', eb.fn.any('roles')))
    .executeTakeFirst();
}

/** An enterprise of the jurisdiction by id (its id only), or undefined. */
export function findEnterpriseId(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('enterprises')
    .select('id')
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

/** Inserts an enterprise and returns it; a taken code fails on the unique constraint. */
export function insertEnterprise(db: Executor, values: Insertable<EnterprisesTable>) {
  return db.insertInto('enterprises').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes an enterprise of the jurisdiction and returns it; throws when there is no such enterprise. */
export function updateEnterpriseRow(
  db: Executor,
  jurisdictionId: string,
  id: string,
  patch: Updateable<EnterprisesTable>,
) {
  return db
    .updateTable('enterprises')
    .set(patch)
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An enterprise row by id, whatever the jurisdiction: the hand-up reads the lower ledger's entry. */
export function findEnterpriseRow(db: Executor, id: string) {
  return db.selectFrom('enterprises').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A grid of the jurisdiction with its liaison, or undefined. */
export function findGridOf(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('grids')
    .select(['id', 'name', 'liaison_user_id'])
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

/** Sets the liaison of the enterprises of a grid that follow it (no own liaison). */
export function setGridLiaison(db: Executor, gridId: string, liaisonUserId: string | null) {
  return db
    .updateTable('enterprises')
    .set({ liaison_user_id: liaisonUserId, liaison_from_grid: liaisonUserId !== null })
    .where('grid_id', '=', gridId)
    .where((eb) => eb.or([eb('liaison_from_grid', '=', true), eb('liaison_user_id', 'is', null)]))
    .execute();
}

/** Keeps the text grid of a grid's enterprises equal to the grid's name. */
export function renameGridText(db: Executor, gridId: string, name: string) {
  return db.updateTable('enterprises').set({ grid: name }).where('grid_id', '=', gridId).execute();
}

/** How many enterprises each grid holds. */
export async function gridEnterpriseCounts(db: Executor, gridIds: string[]) {
  const counts = new Map<string, number>();
  if (gridIds.length === 0) return counts;
  const rows = await db
    .selectFrom('enterprises')
    .select((eb) => ['grid_id', eb.fn.countAll<number>().as('n')])
    .where('grid_id', 'in', gridIds)
    .groupBy('grid_id')
    .execute();
  for (const r of rows) if (r.grid_id) counts.set(r.grid_id, Number(r.n));
  return counts;
}

/** Appends a condition record and returns it. */
export function insertCondition(db: Executor, values: Insertable<EnterpriseConditionsTable>) {
  return db.insertInto('enterprise_conditions').values(values).returningAll().executeTakeFirstOrThrow();
}

/** An enterprise's condition records, newest first, with the recorder's name. */
export function conditionHistory(db: Executor, enterpriseId: string) {
  return db
    .selectFrom('enterprise_conditions as c')
    .leftJoin('users as u', 'u.id', 'c.recorded_by')
    .selectAll('c')
    .select('u.name as recorded_by_name')
    .where('c.enterprise_id', '=', enterpriseId)
    .orderBy('c.recorded_at', 'desc')
    .orderBy('c.seq', 'desc')
    .execute();
}

/** The active contact users (role `enterprise`) of these enterprises of the jurisdiction, by id. */
export async function activeContacts(db: Executor, jurisdictionId: string, enterpriseIds: readonly string[]) {
  if (enterpriseIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'enterprise_id'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('enterprise_id', 'in', [...enterpriseIds])
    .where('active', '=', true)
    .where(sql<boolean>`'enterprise' = ANY(roles)`)
    .orderBy('id')
    .execute();
}
