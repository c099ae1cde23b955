import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database, ServiceBundlesTable, ServiceItemsTable, ServiceRequestsTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Most items or bundles a list reads; a county's catalogues hold a few hundred. */
const LIST_LIMIT = 1000;

function items(db: Executor) {
  return db
    .selectFrom('service_items as i')
    .innerJoin('units as u', 'u.id', 'i.provider_unit_id')
    .selectAll('i')
    .select(['u.name as provider_unit_name']);
}

/** One catalogue item row with its provider's name. */
export type ServiceItemRow = Awaited<ReturnType<typeof findItem>> & object;

/** What a list of items is narrowed to. */
export interface ItemFilter {
  catalogue?: string | undefined;
  field?: string | undefined;
  q?: string | undefined;
  activeOnly: boolean;
}

/** The jurisdiction's items, by catalogue, field and name. */
export function listItems(db: Executor, jurisdictionId: string, filter: ItemFilter) {
  let query = items(db).where('i.jurisdiction_id', '=', jurisdictionId);
  if (filter.catalogue) query = query.where('i.catalogue', '=', filter.catalogue);
  if (filter.field) query = query.where('i.field', '=', filter.field);
  if (filter.activeOnly) query = query.where('i.active', '=', true);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('i.name', 'like', like), eb('i.description', 'like', like), eb('u.name', 'like', like)]),
    );
  }
  return query.orderBy('i.catalogue').orderBy('i.field').orderBy('i.name').limit(LIST_LIMIT).execute();
}

/** An item of the jurisdiction, or undefined (another jurisdiction's item is never named). */
export function findItem(db: Executor, jurisdictionId: string, id: string) {
  return items(db).where('i.id', '=', id).where('i.jurisdiction_id', '=', jurisdictionId).executeTakeFirst();
}

/** Items of the jurisdiction by id, in no order. */
export function itemsByIds(db: Executor, jurisdictionId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return items(db).where('i.jurisdiction_id', '=', jurisdictionId).where('i.id', 'in', ids).execute();
}

export function insertItem(db: Executor, row: Insertable<ServiceItemsTable>) {
  return db.insertInto('service_items').values(row).returning('id').executeTakeFirstOrThrow();
}

export function updateItem(db: Executor, jurisdictionId: string, id: string, set: Updateable<ServiceItemsTable>) {
  return db
    .updateTable('service_items')
    .set(set)
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .returning('id')
    .executeTakeFirst();
}

/** Whether another item of the catalogue has the name. */
export async function itemNameTaken(
  db: Executor,
  jurisdictionId: string,
  catalogue: string,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('service_items')
    .select('id')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('catalogue', '=', catalogue)
    .where('name', '=', name);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The jurisdiction's bundles, by name. */
export function listBundles(db: Executor, jurisdictionId: string, activeOnly: boolean) {
  let query = db.selectFrom('service_bundles').selectAll().where('jurisdiction_id', '=', jurisdictionId);
  if (activeOnly) query = query.where('active', '=', true);
  return query.orderBy('name').limit(LIST_LIMIT).execute();
}

/** A bundle of the jurisdiction, or undefined. */
export function findBundle(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('service_bundles')
    .selectAll()
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

export function insertBundle(db: Executor, row: Insertable<ServiceBundlesTable>) {
  return db.insertInto('service_bundles').values(row).returning('id').executeTakeFirstOrThrow();
}

export function updateBundle(db: Executor, jurisdictionId: string, id: string, set: Updateable<ServiceBundlesTable>) {
  return db
    .updateTable('service_bundles')
    .set(set)
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .returning('id')
    .executeTakeFirst();
}

/** Whether another bundle of the jurisdiction has the name. */
export async function bundleNameTaken(
  db: Executor,
  jurisdictionId: string,
  name: string,
  exceptId: string | null,
): Promise<boolean> {
  let query = db
    .selectFrom('service_bundles')
    .select('id')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('name', '=', name);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export function insertRequest(db: Executor, row: Insertable<ServiceRequestsTable>) {
  return db.insertInto('service_requests').values(row).returning('id').executeTakeFirstOrThrow();
}

/** The jurisdiction's active 兜底办 unit, if it has one. */
export function fallbackUnit(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('fallback', '=', true)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** Active units of the jurisdiction by id (a provider must be one). */
export function activeUnits(db: Executor, jurisdictionId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .where('id', 'in', ids)
    .execute();
}
