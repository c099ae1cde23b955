import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, SolicitationReportsTable, SolicitationsTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Whose ledger a query covers: the whole jurisdiction, or one liaison's enterprises. */
export interface LedgerScope {
  jurisdictionId: string;
  liaisonUserId: string | null;
}

/** An enterprise of the jurisdiction with its liaison, or undefined. */
export async function enterpriseToSolicit(db: Executor, jurisdictionId: string, enterpriseId: string) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'name', 'liaison_user_id'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', enterpriseId)
    .executeTakeFirst();
}

export async function insertSolicitation(db: Executor, row: Insertable<SolicitationsTable>): Promise<string> {
  return (await db.insertInto('solicitations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function linkSolicitationCases(db: Executor, solicitationId: string, caseIds: string[]): Promise<void> {
  if (caseIds.length === 0) return;
  await db
    .insertInto('solicitation_cases')
    .values(caseIds.map((caseId) => ({ solicitation_id: solicitationId, case_id: caseId })))
    .execute();
}

/**
 * The ledger enterprises of a scope, each with its liaison's name and its last round before
 * `before` (to say how long it has gone without one), by name.
 */
export async function ledgerEnterprises(db: Executor, scope: LedgerScope, before: Date) {
  let q = db
    .selectFrom('enterprises as e')
    .leftJoin('users as l', 'l.id', 'e.liaison_user_id')
    .select((eb) => [
      'e.id',
      'e.name',
      'e.liaison_user_id',
      'l.name as liaison_name',
      eb
        .selectFrom('solicitations as s')
        .whereRef('s.enterprise_id', '=', 'e.id')
        .where('s.held_at', '<', before)
        .select((x) => x.fn.max('s.held_at').as('last'))
        .as('last_solicited_at'),
    ])
    .where('e.jurisdiction_id', '=', scope.jurisdictionId);
  if (scope.liaisonUserId) q = q.where('e.liaison_user_id', '=', scope.liaisonUserId);
  return q.orderBy('e.name').execute();
}

/** The enterprises solicited in a week, and how many problems the week's rounds found. */
export async function weekRounds(db: Executor, jurisdictionId: string, week: string) {
  return db
    .selectFrom('solicitations')
    .select(['enterprise_id', 'problems'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('week', '=', week)
    .execute();
}

/** Rounds of a scope, newest first, with the enterprise and the recorder (at most `limit`). */
export async function listRounds(
  db: Executor,
  scope: LedgerScope,
  filter: { week?: string | undefined; enterpriseId?: string | undefined },
  limit: number,
) {
  let q = db
    .selectFrom('solicitations as s')
    .innerJoin('enterprises as e', 'e.id', 's.enterprise_id')
    .innerJoin('users as u', 'u.id', 's.recorded_by')
    .select([
      's.id',
      's.enterprise_id',
      'e.name as enterprise_name',
      's.method',
      's.held_at',
      's.week',
      's.recorded_by',
      'u.name as recorded_by_name',
      's.note',
      's.problems',
    ])
    .where('s.jurisdiction_id', '=', scope.jurisdictionId);
  if (scope.liaisonUserId) q = q.where('e.liaison_user_id', '=', scope.liaisonUserId);
  if (filter.week) q = q.where('s.week', '=', filter.week);
  if (filter.enterpriseId) q = q.where('s.enterprise_id', '=', filter.enterpriseId);
  return q.orderBy('s.held_at', 'desc').limit(limit).execute();
}

/** The cases of these rounds, in filing order. */
export async function casesOfRounds(db: Executor, solicitationIds: string[]) {
  if (solicitationIds.length === 0) return [];
  return db
    .selectFrom('solicitation_cases as sc')
    .innerJoin('cases as c', 'c.id', 'sc.case_id')
    .select(['sc.solicitation_id', 'c.id', 'c.number', 'c.title', 'c.status'])
    .where('sc.solicitation_id', 'in', solicitationIds)
    .orderBy('c.number')
    .execute();
}

/** Every active liaison of every jurisdiction, for the weekly reminder. */
export async function activeLiaisons(db: Executor) {
  return db
    .selectFrom('users')
    .select(['id', 'jurisdiction_id'])
    .where('active', '=', true)
    .where(sql<boolean>`'liaison' = ANY(roles)`)
    .execute();
}

/** Records the week's reminder for a liaison; false when one was already sent (another process won). */
export async function claimReminder(db: Executor, userId: string, week: string, missing: number, at: Date) {
  const rows = await db
    .insertInto('solicitation_reminders')
    .values({ user_id: userId, week, missing, sent_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'week']).doNothing())
    .returning('user_id')
    .execute();
  return rows.length > 0;
}

/**
 * The units that solicit: those with an active liaison (征询专员), each with its liaisons' names,
 * by name. `unitId` narrows it to one unit.
 */
export async function solicitingUnits(db: Executor, jurisdictionId: string, unitId: string | null) {
  let q = db
    .selectFrom('units as u')
    .innerJoin('users as l', 'l.unit_id', 'u.id')
    .select((eb) => ['u.id', 'u.name', eb.fn<string[]>('array_agg', [eb.ref('l.name')]).as('liaisons')])
    .where('u.jurisdiction_id', '=', jurisdictionId)
    .where('l.active', '=', true)
    .where(sql<boolean>`'liaison' = ANY(l.roles)`)
    .groupBy(['u.id', 'u.name']);
  if (unitId) q = q.where('u.id', '=', unitId);
  return q.orderBy('u.name').execute();
}

/** A unit of the jurisdiction by id, or undefined. */
export async function unitOfJurisdiction(db: Executor, jurisdictionId: string, unitId: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('id', '=', unitId)
    .executeTakeFirst();
}

/** The rounds a week recorded by users of each unit: how many, of how many enterprises, with how many problems. */
export async function unitWeekFigures(db: Executor, jurisdictionId: string, week: string, unitId: string | null) {
  let q = db
    .selectFrom('solicitations')
    .select((eb) => [
      'unit_id',
      eb.fn.countAll<string>().as('rounds'),
      eb.fn.count<string>('enterprise_id').distinct().as('enterprises'),
      eb.fn.sum<string>('problems').as('problems'),
    ])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('week', '=', week)
    .where('unit_id', 'is not', null)
    .groupBy('unit_id');
  if (unitId) q = q.where('unit_id', '=', unitId);
  const rows = await q.execute();
  return rows.map((r) => ({
    unitId: r.unit_id ?? '',
    rounds: Number(r.rounds),
    enterprises: Number(r.enterprises),
    problems: Number(r.problems ?? 0),
  }));
}

/** The cases the rounds of a unit's week produced, in filing order. */
export async function unitWeekCaseIds(db: Executor, unitId: string, week: string): Promise<string[]> {
  const rows = await db
    .selectFrom('solicitations as s')
    .innerJoin('solicitation_cases as sc', 'sc.solicitation_id', 's.id')
    .innerJoin('cases as c', 'c.id', 'sc.case_id')
    .select('c.id')
    .where('s.unit_id', '=', unitId)
    .where('s.week', '=', week)
    .orderBy('c.created_at')
    .orderBy('c.number')
    .execute();
  return rows.map((r) => r.id);
}

/** The weekly ledgers sent for a week, with who sent them. */
export async function sentReports(db: Executor, jurisdictionId: string, week: string, unitId: string | null) {
  let q = db
    .selectFrom('solicitation_reports as r')
    .innerJoin('users as u', 'u.id', 'r.sent_by')
    .select([
      'r.unit_id',
      'r.rounds',
      'r.enterprises',
      'r.problems',
      'r.first_sent_at',
      'r.sent_at',
      'u.name as sent_by_name',
    ])
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .where('r.week', '=', week);
  if (unitId) q = q.where('r.unit_id', '=', unitId);
  return q.execute();
}

/** Sends (or sends again) a unit's ledger of a week; the first time it was sent is kept. */
export async function upsertReport(db: Executor, row: Insertable<SolicitationReportsTable>) {
  return db
    .insertInto('solicitation_reports')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['unit_id', 'week']).doUpdateSet((eb) => ({
        rounds: eb.ref('excluded.rounds'),
        enterprises: eb.ref('excluded.enterprises'),
        problems: eb.ref('excluded.problems'),
        sent_at: eb.ref('excluded.sent_at'),
        sent_by: eb.ref('excluded.sent_by'),
      })),
    )
    .returning(['id', 'first_sent_at', 'sent_at'])
    .executeTakeFirstOrThrow();
}
