import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, RoutingRulesTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The rule's own row with the names the catalogue shows beside it. */
function rulesWithNames(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('routing_rules as r')
    .innerJoin('units as lu', 'lu.id', 'r.lead_unit_id')
    .leftJoin('categories as c', 'c.id', 'r.category_id')
    .leftJoin('regions as g', 'g.code', 'r.region_code')
    .leftJoin('users as u', 'u.id', 'r.updated_by')
    .selectAll('r')
    .select([
      'lu.name as lead_unit_name',
      'lu.active as lead_unit_active',
      'c.name as category_name',
      'g.name as region_name',
      'u.name as updated_by_name',
    ])
    .where('r.jurisdiction_id', '=', jurisdictionId);
}

/** A rule with the names of its category, region, lead unit and last editor. */
export type RuleRow = Awaited<ReturnType<typeof findRule>> & object;

/** One rule of the jurisdiction, or undefined (another jurisdiction's rule does not exist here). */
export function findRule(db: Executor, jurisdictionId: string, id: string) {
  return rulesWithNames(db, jurisdictionId).where('r.id', '=', id).executeTakeFirst();
}

/** Filters and paging of the catalogue. */
export interface RuleFilter {
  categoryId?: string | undefined;
  unitId?: string | undefined;
  page: number;
  pageSize: number;
}

/** One page of the catalogue: category code order, rules for any category last, then region. */
export async function listRules(db: Executor, jurisdictionId: string, filter: RuleFilter) {
  let base = db.selectFrom('routing_rules as r').where('r.jurisdiction_id', '=', jurisdictionId);
  if (filter.categoryId) base = base.where('r.category_id', '=', filter.categoryId);
  if (filter.unitId) {
    const unitId = filter.unitId;
    base = base.where((eb) =>
      eb.or([eb('r.lead_unit_id', '=', unitId), eb(eb.val(unitId), '=', eb.fn.any('r.co_unit_ids'))]),
    );
  }
  const ids = base.select('r.id');
  const [rows, total] = await Promise.all([
    rulesWithNames(db, jurisdictionId)
      .where('r.id', 'in', ids)
      .orderBy('c.code', (ob) => ob.asc().nullsLast())
      .orderBy('r.region_code', (ob) => ob.asc().nullsLast())
      .orderBy('r.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/**
 * The rules that could match a case of these categories and regions (or "any"), whose lead unit
 * is still active: the candidates the pure matcher chooses from.
 */
export function candidateRules(
  db: Executor,
  jurisdictionId: string,
  categoryIds: readonly string[],
  regionCodes: readonly string[],
) {
  return rulesWithNames(db, jurisdictionId)
    .where('lu.active', '=', true)
    .where((eb) =>
      eb.or([
        eb('r.category_id', 'is', null),
        ...(categoryIds.length > 0 ? [eb('r.category_id', 'in', [...categoryIds])] : []),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb('r.region_code', 'is', null),
        ...(regionCodes.length > 0 ? [eb('r.region_code', 'in', [...regionCodes])] : []),
      ]),
    )
    .execute();
}

/** Units of the jurisdiction by id, with whether they still take cases. */
export function unitsByIds(db: Executor, jurisdictionId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('units')
    .select(['id', 'name', 'active'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', 'in', [...ids])
    .execute();
}

/** The jurisdiction's category tree, flat (a few dozen rows). */
export function jurisdictionCategories(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('categories')
    .select(['id', 'parent_id', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
}

/** Every jurisdiction's categories, flat, for training a model across jurisdictions. */
export function allCategories(db: Executor) {
  return db.selectFrom('categories').select(['id', 'parent_id', 'name']).execute();
}

/** A region by code, if known. */
export function findRegion(db: Executor, code: string) {
  return db.selectFrom('regions').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
}

/** The region code of the jurisdiction itself (its area). */
export function jurisdictionRegionCode(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('jurisdictions')
    .select('region_code')
    .where('id', '=', jurisdictionId)
    .executeTakeFirstOrThrow();
}

/** The rule already holding this category × region in the jurisdiction, if any. */
export function findRuleByKey(
  db: Executor,
  jurisdictionId: string,
  categoryId: string | null,
  regionCode: string | null,
) {
  return db
    .selectFrom('routing_rules')
    .select('id')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('category_id', categoryId === null ? 'is' : '=', categoryId)
    .where('region_code', regionCode === null ? 'is' : '=', regionCode)
    .executeTakeFirst();
}

/** Stores a new rule; the unique index refuses a second rule for the same key. */
export function insertRule(db: Executor, values: Insertable<RoutingRulesTable>) {
  return db.insertInto('routing_rules').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Replaces a rule of the jurisdiction; undefined when it is not the jurisdiction's. */
export function updateRule(
  db: Executor,
  jurisdictionId: string,
  id: string,
  values: Omit<Insertable<RoutingRulesTable>, 'jurisdiction_id' | 'created_by' | 'created_at'>,
) {
  return db
    .updateTable('routing_rules')
    .set(values)
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .returning('id')
    .executeTakeFirst();
}

/** Removes a rule of the jurisdiction; undefined when it is not the jurisdiction's. */
export function deleteRule(db: Executor, jurisdictionId: string, id: string) {
  return db
    .deleteFrom('routing_rules')
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .returning('id')
    .executeTakeFirst();
}

/** One category of the jurisdiction, or undefined. */
export function findCategory(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('categories')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}
