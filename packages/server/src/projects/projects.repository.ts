import type { Expression, ExpressionBuilder, Insertable, Kysely, SqlBool, Transaction, Updateable } from 'kysely';
import { hasAnyRole, JURISDICTION_WIDE_ROLES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import type { Database, ProjectsTable, ProjectUpdatesTable } from '../db/schema.js';
import type { ListProjectsFilter } from './projects.schemas.js';

type Executor = Kysely<Database> | Transaction<Database>;
type ProjectEb = ExpressionBuilder<Database & { p: Database['projects'] }, 'p'>;

/**
 * The projects the actor may see: the whole jurisdiction for the hub, leaders and the admin;
 * otherwise those whose "三个一" team they are on (the leader, the officer, a user of the
 * responsible unit) and those of the enterprises on a liaison's ledger.
 */
function projectScope(eb: ProjectEb, actor: Actor): Expression<SqlBool> {
  const inJurisdiction = eb('p.jurisdiction_id', 'in', actor.jurisdictionIds);
  if (hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES)) return inJurisdiction;
  const grants: Expression<SqlBool>[] = [
    eb('p.leader_user_id', '=', actor.userId),
    eb('p.officer_user_id', '=', actor.userId),
  ];
  if (actor.unitId) grants.push(eb('p.responsible_unit_id', '=', actor.unitId));
  if (actor.roles.includes('liaison')) {
    grants.push(
      eb(
        'p.enterprise_id',
        'in',
        eb.selectFrom('enterprises').select('id').where('liaison_user_id', '=', actor.userId),
      ),
    );
  }
  return eb.and([inJurisdiction, eb.or(grants)]);
}

function visible(db: Executor, actor: Actor) {
  return db
    .selectFrom('projects as p')
    .where((eb) => projectScope(eb, actor))
    .leftJoin('enterprises as e', 'e.id', 'p.enterprise_id')
    .leftJoin('users as l', 'l.id', 'p.leader_user_id')
    .leftJoin('users as o', 'o.id', 'p.officer_user_id')
    .leftJoin('units as u', 'u.id', 'p.responsible_unit_id');
}

const COLUMNS = [
  'e.name as enterprise_name',
  'l.name as leader_name',
  'o.name as officer_name',
  'u.name as unit_name',
] as const;

/** One page of the actor's projects (key ones first, then by name) and the total. */
export async function listVisibleProjects(db: Executor, actor: Actor, filter: ListProjectsFilter) {
  let base = visible(db, actor);
  if (filter.key !== undefined) base = base.where('p.key_project', '=', filter.key);
  if (filter.stage) base = base.where('p.stage', '=', filter.stage);
  if (filter.regionCode) base = base.where('p.region_code', 'like', `${filter.regionCode}%`);
  if (filter.enterpriseId) base = base.where('p.enterprise_id', '=', filter.enterpriseId);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where((eb) => eb.or([eb('p.name', 'ilike', pattern), eb('e.name', 'ilike', pattern)]));
  }
  const [rows, total] = await Promise.all([
    base
      .selectAll('p')
      .select(COLUMNS)
      .orderBy('p.key_project', 'desc')
      .orderBy('p.name')
      .orderBy('p.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** One project in the actor's scope, or undefined. */
export function findVisibleProject(db: Executor, actor: Actor, id: string) {
  return visible(db, actor).selectAll('p').select(COLUMNS).where('p.id', '=', id).executeTakeFirst();
}

/** An active user of the jurisdiction with their roles, or undefined. */
export function findActiveUser(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'roles'])
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** A unit of the jurisdiction, or undefined. */
export function findUnit(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('units')
    .select('id')
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

/** Inserts a project; a name already used in the jurisdiction fails on the unique constraint. */
export function insertProject(db: Executor, values: Insertable<ProjectsTable>) {
  return db.insertInto('projects').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Changes a project of the jurisdiction. */
export function updateProjectRow(db: Executor, jurisdictionId: string, id: string, patch: Updateable<ProjectsTable>) {
  return db
    .updateTable('projects')
    .set(patch)
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
}

/** Appends a row to a project's stage and progress history. */
export function insertProjectUpdate(db: Executor, values: Insertable<ProjectUpdatesTable>) {
  return db.insertInto('project_updates').values(values).execute();
}

/** A project's stage and progress history, newest first, with the recorder's name. */
export function projectUpdates(db: Executor, projectId: string) {
  return db
    .selectFrom('project_updates as pu')
    .leftJoin('users as u', 'u.id', 'pu.recorded_by')
    .select(['pu.id', 'pu.stage', 'pu.status_note', 'pu.recorded_at', 'u.name as recorded_by_name'])
    .where('pu.project_id', '=', projectId)
    .orderBy('pu.id', 'desc')
    .execute();
}
