import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { scopedCases } from '../access/scope.js';
import type { ActivitiesTable, ActivityAttendeesTable, Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Whose activities a query covers: the whole jurisdiction, or what one liaison may see. */
export interface ActivityScope {
  jurisdictionId: string;
  /** A liaison: those it recorded or attended, or that met an enterprise on its ledger. */
  liaisonUserId: string | null;
}

/** Filters of the list, `[from, to)` as instants. */
export interface ActivityFilter {
  id?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  kind?: string | undefined;
  enterpriseId?: string | undefined;
}

/** The enterprises of the jurisdiction among these ids, with their liaison. */
export async function enterprisesOfJurisdiction(db: Executor, jurisdictionId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('enterprises')
    .select(['id', 'name', 'liaison_user_id'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', 'in', [...ids])
    .execute();
}

/** The active users of the jurisdiction among these ids. */
export async function activeUsersOfJurisdiction(db: Executor, jurisdictionId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .where('id', 'in', [...ids])
    .execute();
}

/** The active staff of the jurisdiction (not enterprise contacts), by name, with their unit. */
export async function staffOfJurisdiction(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.name', 'u.roles', 'n.name as unit_name'])
    .where('u.jurisdiction_id', '=', jurisdictionId)
    .where('u.active', '=', true)
    .where('u.enterprise_id', 'is', null)
    .where(sql<boolean>`NOT ('enterprise' = ANY(u.roles))`)
    .orderBy('u.name')
    .execute();
}

/** The active leaders of the jurisdiction, by name. */
export async function leadersOfJurisdiction(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .where(sql<boolean>`'leader' = ANY(roles)`)
    .orderBy('name')
    .execute();
}

export async function insertActivity(db: Executor, row: Insertable<ActivitiesTable>): Promise<string> {
  return (await db.insertInto('activities').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertAttendees(db: Executor, rows: Insertable<ActivityAttendeesTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('activity_attendees').values(rows).execute();
}

export async function insertActivityEnterprises(db: Executor, activityId: string, enterpriseIds: readonly string[]) {
  if (enterpriseIds.length === 0) return;
  await db
    .insertInto('activity_enterprises')
    .values(enterpriseIds.map((enterprise_id) => ({ activity_id: activityId, enterprise_id })))
    .execute();
}

/** Links cases to an activity; a case already linked stays as it was. */
export async function linkActivityCases(
  db: Executor,
  activityId: string,
  caseIds: readonly string[],
  link: { produced: boolean; by: string; at: Date },
): Promise<void> {
  if (caseIds.length === 0) return;
  await db
    .insertInto('activity_cases')
    .values(
      caseIds.map((case_id) => ({
        activity_id: activityId,
        case_id,
        produced: link.produced,
        linked_by: link.by,
        linked_at: link.at,
      })),
    )
    .onConflict((oc) => oc.columns(['activity_id', 'case_id']).doNothing())
    .execute();
}

/** Activities of a scope, newest first, with the leader and the recorder (at most `limit`). */
export async function listActivityRows(db: Executor, scope: ActivityScope, filter: ActivityFilter, limit: number) {
  let q = db
    .selectFrom('activities as a')
    .innerJoin('users as r', 'r.id', 'a.recorded_by')
    .leftJoin('users as l', 'l.id', 'a.led_by')
    .select([
      'a.id',
      'a.kind',
      'a.title',
      'a.held_at',
      'a.place',
      'a.led_by',
      'l.name as led_by_name',
      'a.recorded_by',
      'r.name as recorded_by_name',
      'a.notes',
    ])
    .where('a.jurisdiction_id', '=', scope.jurisdictionId);
  const liaison = scope.liaisonUserId;
  if (liaison) {
    q = q.where((eb) =>
      eb.or([
        eb('a.recorded_by', '=', liaison),
        eb('a.led_by', '=', liaison),
        eb.exists(
          eb
            .selectFrom('activity_attendees as t')
            .select('t.id')
            .whereRef('t.activity_id', '=', 'a.id')
            .where('t.user_id', '=', liaison),
        ),
        eb.exists(
          eb
            .selectFrom('activity_enterprises as ae')
            .innerJoin('enterprises as e', 'e.id', 'ae.enterprise_id')
            .select('ae.enterprise_id')
            .whereRef('ae.activity_id', '=', 'a.id')
            .where('e.liaison_user_id', '=', liaison),
        ),
      ]),
    );
  }
  if (filter.id) q = q.where('a.id', '=', filter.id);
  if (filter.from) q = q.where('a.held_at', '>=', filter.from);
  if (filter.to) q = q.where('a.held_at', '<', filter.to);
  if (filter.kind) q = q.where('a.kind', '=', filter.kind);
  const enterpriseId = filter.enterpriseId;
  if (enterpriseId) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('activity_enterprises as f')
          .select('f.enterprise_id')
          .whereRef('f.activity_id', '=', 'a.id')
          .where('f.enterprise_id', '=', enterpriseId),
      ),
    );
  }
  return q.orderBy('a.held_at', 'desc').orderBy('a.id').limit(limit).execute();
}

/** The attendees of these activities, users named by their name and unit. */
export async function attendeesOf(db: Executor, activityIds: readonly string[]) {
  if (activityIds.length === 0) return [];
  return db
    .selectFrom('activity_attendees as t')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('units as n', 'n.id', 'u.unit_id')
    .select(['t.activity_id', 't.user_id', 't.name', 't.unit_name', 'u.name as user_name', 'n.name as user_unit'])
    .where('t.activity_id', 'in', [...activityIds])
    .orderBy('t.activity_id')
    .orderBy('t.position')
    .execute();
}

/** The enterprises these activities met, by name. */
export async function enterprisesOf(db: Executor, activityIds: readonly string[]) {
  if (activityIds.length === 0) return [];
  return db
    .selectFrom('activity_enterprises as ae')
    .innerJoin('enterprises as e', 'e.id', 'ae.enterprise_id')
    .select(['ae.activity_id', 'e.id', 'e.name'])
    .where('ae.activity_id', 'in', [...activityIds])
    .orderBy('e.name')
    .execute();
}

/** The cases of these activities, in filing order. */
export async function casesOf(db: Kysely<Database>, actor: Actor, activityIds: readonly string[]) {
  if (activityIds.length === 0) return [];
  return scopedCases(db, actor)
    .innerJoin('activity_cases as ac', 'ac.case_id', 'c.id')
    .select(['ac.activity_id', 'ac.produced', 'c.id', 'c.number', 'c.title', 'c.status'])
    .where('ac.activity_id', 'in', [...activityIds])
    .orderBy('c.number')
    .execute();
}

/**
 * The activities of a month `[from, to)` in the jurisdiction, each with its leader, its user
 * attendees and how many enterprises it met — what the monthly count needs.
 */
export async function monthActivities(db: Executor, jurisdictionId: string, from: Date, to: Date) {
  return db
    .selectFrom('activities as a')
    .select((eb) => [
      'a.id',
      'a.kind',
      'a.held_at',
      'a.led_by',
      eb
        .selectFrom('activity_enterprises as ae')
        .whereRef('ae.activity_id', '=', 'a.id')
        .select((x) => x.fn.countAll<string>().as('n'))
        .as('enterprises'),
    ])
    .where('a.jurisdiction_id', '=', jurisdictionId)
    .where('a.held_at', '>=', from)
    .where('a.held_at', '<', to)
    .orderBy('a.held_at')
    .execute();
}

/** The user attendees of these activities. */
export async function userAttendeesOf(db: Executor, activityIds: readonly string[]) {
  if (activityIds.length === 0) return [];
  return db
    .selectFrom('activity_attendees')
    .select(['activity_id', 'user_id'])
    .where('activity_id', 'in', [...activityIds])
    .where('user_id', 'is not', null)
    .execute();
}
