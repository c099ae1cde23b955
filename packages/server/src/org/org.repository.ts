import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A unit of the jurisdiction, or undefined (another jurisdiction's unit does not exist here). */
export function findUnit(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('units')
    .selectAll()
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

/** Another unit of the jurisdiction with this name, if any. */
export function findUnitNamed(db: Executor, jurisdictionId: string, name: string, exceptId: string | null) {
  return db
    .selectFrom('units')
    .select('id')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('name', '=', name)
    .$if(exceptId !== null, (qb) => qb.where('id', '<>', exceptId ?? ''))
    .executeTakeFirst();
}

/** The ids of a unit and of every unit above it, nearest first (the org tree is shallow). */
export async function unitAncestry(db: Executor, unitId: string): Promise<string[]> {
  const rows = await db
    .withRecursive('up(id, parent_id, depth)', (qb) =>
      qb
        .selectFrom('units')
        .select(['id', 'parent_id', sql<number>`0`.as('depth')])
        .where('id', '=', unitId)
        .unionAll((u) =>
          u
            .selectFrom('units as p')
            .innerJoin('up', 'up.parent_id', 'p.id')
            .select(['p.id', 'p.parent_id', sql<number>`up.depth + 1`.as('depth')])
            .where('up.depth', '<', 50),
        ),
    )
    .selectFrom('up')
    .select('id')
    .orderBy('depth')
    .execute();
  return rows.map((r) => r.id);
}

/** A user of the jurisdiction, or undefined (another jurisdiction's user does not exist here). */
export function findUser(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

/** Ends every live session of a user (disabling or a password reset). */
export function revokeSessions(db: Executor, userId: string, at: Date) {
  return db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Optional filters of the admin's user list. */
export interface UserFilter {
  q?: string | undefined;
  role?: string | undefined;
  unitId?: string | undefined;
}

/** The jurisdiction's users matching the filter, by username. */
export function listJurisdictionUsers(db: Executor, jurisdictionId: string, filter: UserFilter) {
  let query = db.selectFrom('users').selectAll().where('jurisdiction_id', '=', jurisdictionId);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) => eb.or([eb('username', 'ilike', pattern), eb('name', 'ilike', pattern)]));
  }
  if (filter.role) {
    const role = filter.role;
    query = query.where((eb) => eb(eb.val(role), '=', eb.fn.any('roles')));
  }
  if (filter.unitId) query = query.where('unit_id', '=', filter.unitId);
  return query.orderBy('username').execute();
}

/** Active units of the jurisdiction among `ids`, with their kinds. */
export function activeUnitsByIds(db: Executor, jurisdictionId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind'])
    .where('id', 'in', [...ids])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .execute();
}

/** Active users to be told something: by unit and roles, by enterprise, or by role in a jurisdiction. */
export function activeUsersWhere(
  db: Executor,
  where:
    { unitId: string; roles: readonly string[] } | { enterpriseId: string } | { jurisdictionId: string; role: string },
) {
  let query = db
    .selectFrom('users')
    .select(['id', 'jurisdiction_id', 'mobile', 'roles', 'unit_id', 'enterprise_id'])
    .where('active', '=', true);
  if ('unitId' in where) {
    const roles = [...where.roles];
    query = query.where('unit_id', '=', where.unitId).where(sql<boolean>`roles && ${sql.val(roles)}::text[]`);
  } else if ('enterpriseId' in where) {
    query = query.where('enterprise_id', '=', where.enterpriseId).where(sql<boolean>`'enterprise' = ANY(roles)`);
  } else {
    query = query.where('jurisdiction_id', '=', where.jurisdictionId).where(sql<boolean>`${where.role} = ANY(roles)`);
  }
  return query.orderBy('username').execute();
}
