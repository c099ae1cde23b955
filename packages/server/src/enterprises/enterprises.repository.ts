import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import { OPEN_STATUSES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { scopedCases, scopedEnterprises } from '../access/scope.js';
import type { Database, EnterprisesTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Enterprises the actor may see, with their liaison's name, as a query to refine. */
function visibleWithLiaison(db: Executor, actor: Actor) {
  return scopedEnterprises(db, actor)
    .leftJoin('users as l', 'l.id', 'e.liaison_user_id')
    .selectAll('e')
    .select('l.name as liaison_name');
}

/** One enterprise in the actor's scope, or undefined (out of scope reads as absent). */
export function findVisibleEnterprise(db: Executor, actor: Actor, id: string) {
  return visibleWithLiaison(db, actor).where('e.id', '=', id).executeTakeFirst();
}

/** One page of the actor's enterprises by name, matching `q` in the name or the USCC, and the total. */
export async function listVisibleEnterprises(
  db: Executor,
  actor: Actor,
  filter: { q?: string | undefined; page: number; pageSize: number },
) {
  let base = scopedEnterprises(db, actor);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where((eb) => eb.or([eb('e.name', 'ilike', pattern), eb('e.uscc', 'ilike', pattern)]));
  }
  const [rows, total] = await Promise.all([
    base
      .leftJoin('users as l', 'l.id', 'e.liaison_user_id')
      .selectAll('e')
      .select('l.name as liaison_name')
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
