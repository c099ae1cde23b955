import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { scopedCases } from '../access/scope.js';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Locks a case the actor may see for the rest of the transaction; undefined when out of scope. */
export function lockVisibleCase(trx: Transaction<Database>, actor: Actor, caseId: string) {
  return scopedCases(trx, actor).selectAll('c').where('c.id', '=', caseId).forUpdate().executeTakeFirst();
}

export function findVisibleCase(db: Executor, actor: Actor, caseId: string) {
  return scopedCases(db, actor).selectAll('c').where('c.id', '=', caseId).executeTakeFirst();
}

/** Every assignment of a case, oldest round first, with unit names. */
export function caseAssignments(db: Executor, caseId: string) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .selectAll('a')
    .select('u.name as unit_name')
    .where('a.case_id', '=', caseId)
    .orderBy('a.round')
    .orderBy('a.role', 'desc')
    .orderBy('a.assigned_at')
    .execute();
}

export type AssignmentWithUnit = Awaited<ReturnType<typeof caseAssignments>>[number];

/**
 * Allocates the next number of a jurisdiction's year. The counter row is locked by the upsert
 * until the transaction ends, so concurrent creations never share a number.
 */
export async function nextCaseSeq(trx: Transaction<Database>, jurisdictionId: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('case_counters')
    .values({ jurisdiction_id: jurisdictionId, year, last_seq: 1 })
    .onConflict((oc) =>
      oc.columns(['jurisdiction_id', 'year']).doUpdateSet({ last_seq: sql<number>`case_counters.last_seq + 1` }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

export function pendingExtension(db: Executor, caseId: string) {
  return db
    .selectFrom('extensions')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export interface CaseListFilter {
  statuses?: string[] | undefined;
  q?: string | undefined;
  /** Only cases with a breached (overdue) or warned clock still open. */
  clock?: 'overdue' | 'warned' | undefined;
  enterpriseId?: string | undefined;
  /** Cases with a live assignment (lead or co, any round) of this unit. */
  unitId?: string | undefined;
  /** The category ids to match, a category and those below it (resolved by the service). */
  categoryIds?: string[] | undefined;
  channels?: string[] | undefined;
  /** Region code prefix: a county's code without its trailing zeros also finds its towns. */
  regionPrefix?: string | undefined;
  /** Filed at or after `from` and before `until`. */
  from?: Date | undefined;
  until?: Date | undefined;
  /** `due`: the case whose open time limit falls first comes first; cases without one come last. */
  sort?: 'newest' | 'due' | undefined;
  page: number;
  pageSize: number;
}

/** One page of the actor's cases, newest first, and the total matching the filter. */
export async function listVisibleCases(db: Executor, actor: Actor, filter: CaseListFilter) {
  let base = scopedCases(db, actor);
  if (filter.statuses && filter.statuses.length > 0) base = base.where('c.status', 'in', filter.statuses);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where((eb) =>
      eb.or([eb('c.title', 'ilike', pattern), eb('c.content', 'ilike', pattern), eb('c.number', 'ilike', pattern)]),
    );
  }
  if (filter.unitId) {
    const unitId = filter.unitId;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('assignments as a')
          .select(sql.lit(1).as('one'))
          .whereRef('a.case_id', '=', 'c.id')
          .where('a.unit_id', '=', unitId)
          .where('a.status', '!=', 'returned'),
      ),
    );
  }
  if (filter.enterpriseId) base = base.where('c.enterprise_id', '=', filter.enterpriseId);
  if (filter.categoryIds) base = base.where('c.category_id', 'in', filter.categoryIds);
  if (filter.channels && filter.channels.length > 0) base = base.where('c.channel', 'in', filter.channels);
  if (filter.regionPrefix) {
    base = base.where('c.region_code', 'like', `${filter.regionPrefix.replace(/[\\%_]/g, '')}%`);
  }
  if (filter.from) base = base.where('c.created_at', '>=', filter.from);
  if (filter.until) base = base.where('c.created_at', '<', filter.until);
  if (filter.clock) {
    const state = filter.clock === 'overdue' ? 'breached' : 'warned';
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('clocks as k')
          .select(sql.lit(1).as('one'))
          .whereRef('k.case_id', '=', 'c.id')
          .where('k.state', '=', state),
      ),
    );
  }
  const [items, total] = await Promise.all([
    base
      .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
      .leftJoin('units as lu', 'lu.id', 'c.lead_unit_id')
      .select([
        'c.id',
        'c.number',
        'c.title',
        'c.status',
        'c.kind',
        'c.channel',
        'c.complexity',
        'c.round',
        'c.contact_name',
        'c.contact_mobile',
        'c.created_at',
        'c.updated_at',
        'c.lead_unit_id',
        'e.name as enterprise_name',
        'lu.name as lead_unit_name',
      ])
      .$if(filter.sort === 'due', (qb) =>
        qb.orderBy(
          (eb) =>
            eb
              .selectFrom('clocks as k')
              .select((k) => k.fn.min('k.due_at').as('first_due'))
              .whereRef('k.case_id', '=', 'c.id')
              .where('k.state', 'in', ['running', 'warned', 'breached']),
          (ob) => ob.asc().nullsLast(),
        ),
      )
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The case's jurisdiction, current round, lead unit and enterprise, without any scope. */
export function findCaseParties(db: Executor, caseId: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'jurisdiction_id', 'round', 'lead_unit_id', 'enterprise_id'])
    .where('id', '=', caseId)
    .executeTakeFirst();
}
