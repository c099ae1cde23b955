import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database, GridsTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The jurisdiction's grids with the names of their town, department and liaison, by name. */
export function listGridRows(db: Executor, jurisdictionId: string, id?: string) {
  let q = db
    .selectFrom('grids as g')
    .leftJoin('units as t', 't.id', 'g.town_unit_id')
    .leftJoin('units as d', 'd.id', 'g.department_unit_id')
    .leftJoin('users as l', 'l.id', 'g.liaison_user_id')
    .selectAll('g')
    .select(['t.name as town_unit_name', 'd.name as department_unit_name', 'l.name as liaison_name'])
    .where('g.jurisdiction_id', '=', jurisdictionId);
  if (id) q = q.where('g.id', '=', id);
  return q.orderBy('g.name').execute();
}

/** A grid of the jurisdiction, or undefined. */
export function findGrid(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('grids')
    .selectAll()
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

/** A unit of the jurisdiction with its kind, or undefined. */
export function findUnitKind(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('units')
    .select(['id', 'kind'])
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

/** An active liaison of the jurisdiction, or undefined. */
export function findActiveLiaison(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .where((eb) => eb(eb.val('liaison'), '=', eb.fn.any('roles')))
    .executeTakeFirst();
}

/** Inserts a grid; a taken name fails on the unique constraint. */
export function insertGrid(db: Executor, values: Insertable<GridsTable>) {
  return db.insertInto('grids').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Changes a grid. */
export function updateGridRow(db: Executor, id: string, patch: Updateable<GridsTable>) {
  return db.updateTable('grids').set(patch).where('id', '=', id).execute();
}

/** Deletes a grid that holds no enterprise; answers whether it did. */
export async function deleteEmptyGrid(db: Executor, id: string): Promise<boolean> {
  const res = await db
    .deleteFrom('grids')
    .where('id', '=', id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('enterprises').select('id').whereRef('grid_id', '=', 'grids.id'))))
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
