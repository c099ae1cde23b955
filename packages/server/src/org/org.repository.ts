import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Database, UnitsTable, UserRow, UsersTable } from '../db/schema.js';

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

/**
 * The jurisdiction's users, each with the name of its enterprise (an enterprise contact's; null
 * for staff) joined from the ledger of the same jurisdiction.
 */
function usersWithEnterprise(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('enterprises as e', (join) =>
      join.onRef('e.id', '=', 'u.enterprise_id').on('e.jurisdiction_id', '=', jurisdictionId),
    )
    .selectAll('u')
    .select('e.name as enterprise_name')
    .where('u.jurisdiction_id', '=', jurisdictionId);
}

/** A user row as the admin's lists show it: the user and the name of its enterprise. */
export type UserWithEnterpriseRow = UserRow & { enterprise_name: string | null };

/** A user of the jurisdiction with its enterprise's name, or undefined (another jurisdiction's user does not exist here). */
export function findUser(db: Executor, jurisdictionId: string, id: string): Promise<UserWithEnterpriseRow | undefined> {
  return usersWithEnterprise(db, jurisdictionId).where('u.id', '=', id).executeTakeFirst();
}

/** Optional filters of the admin's user list. */
export interface UserFilter {
  q?: string | undefined;
  role?: string | undefined;
  unitId?: string | undefined;
}

/** The jurisdiction's users matching the filter, by username, each with its enterprise's name. */
export function listJurisdictionUsers(
  db: Executor,
  jurisdictionId: string,
  filter: UserFilter,
): Promise<UserWithEnterpriseRow[]> {
  let query = usersWithEnterprise(db, jurisdictionId);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) => eb.or([eb('u.username', 'ilike', pattern), eb('u.name', 'ilike', pattern)]));
  }
  if (filter.role) {
    const role = filter.role;
    query = query.where((eb) => eb(eb.val(role), '=', eb.fn.any('u.roles')));
  }
  if (filter.unitId) query = query.where('u.unit_id', '=', filter.unitId);
  return query.orderBy('u.username').execute();
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
    | { unitId: string; roles: readonly string[] }
    | { enterpriseId: string }
    | { jurisdictionId: string; userId: string }
    | { jurisdictionId: string; role: string },
) {
  let query = db
    .selectFrom('users')
    .select(['id', 'jurisdiction_id', 'mobile', 'wechat_openid', 'roles', 'unit_id', 'enterprise_id'])
    .where('active', '=', true);
  if ('unitId' in where) {
    const roles = [...where.roles];
    query = query.where('unit_id', '=', where.unitId).where(sql<boolean>`roles && ${sql.val(roles)}::text[]`);
  } else if ('enterpriseId' in where) {
    query = query.where('enterprise_id', '=', where.enterpriseId).where(sql<boolean>`'enterprise' = ANY(roles)`);
  } else if ('userId' in where) {
    query = query.where('jurisdiction_id', '=', where.jurisdictionId).where('id', '=', where.userId);
  } else {
    query = query.where('jurisdiction_id', '=', where.jurisdictionId).where(sql<boolean>`${where.role} = ANY(roles)`);
  }
  return query.orderBy('username').execute();
}

/** The jurisdiction's units, by kind then name. */
export function jurisdictionUnits(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('units')
    .selectAll()
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('kind')
    .orderBy('name')
    .execute();
}

/** Inserts a unit and returns it. */
export function insertUnit(db: Executor, values: Insertable<UnitsTable>) {
  return db.insertInto('units').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a unit of the jurisdiction and returns it; throws when there is no such unit. */
export function updateUnitRow(db: Executor, jurisdictionId: string, id: string, patch: Updateable<UnitsTable>) {
  return db
    .updateTable('units')
    .set(patch)
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A region by code, if known. */
export function findRegion(db: Executor, code: string) {
  return db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
}

/** The regions whose codes start with `prefix`, in code order. */
export function regionsWithPrefix(db: Executor, prefix: string) {
  return db.selectFrom('regions').selectAll().where('code', 'like', `${prefix}%`).orderBy('code').execute();
}

/** A jurisdiction by id; throws when there is none (an actor's own jurisdiction always exists). */
export function getJurisdiction(db: Executor, id: string) {
  return db.selectFrom('jurisdictions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The region code of a jurisdiction's own area; throws when there is no such jurisdiction. */
export function jurisdictionRegion(db: Executor, id: string) {
  return db.selectFrom('jurisdictions').select('region_code').where('id', '=', id).executeTakeFirstOrThrow();
}

/** The jurisdiction's categories, flat, in code order. */
export function categoriesByCode(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('categories')
    .selectAll()
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('code')
    .execute();
}

/** The user with this username in any jurisdiction (usernames are unique across them), if any. */
export function findUsername(db: Executor, username: string) {
  return db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
}

/** Inserts a user and returns it. */
export function insertUser(db: Executor, values: Insertable<UsersTable>) {
  return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes a user and returns it; throws when there is no such user. */
export function updateUserRow(db: Executor, id: string, patch: Updateable<UsersTable>) {
  return db.updateTable('users').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Sets a user's password hash and lifts any lockout. */
export async function setPassword(db: Executor, id: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
}
