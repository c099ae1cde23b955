import type { ExpressionBuilder, Kysely } from 'kysely';
import { sql } from 'kysely';
import { HANDLING_STATUSES, hasAnyRole, JURISDICTION_WIDE_ROLES, TERMINAL_STATUSES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { scopedCases } from '../access/scope.js';
import type { Database } from '../db/schema.js';

/** A half-open interval of instants, `[start, end)`. */
export interface Instants {
  start: Date;
  end: Date;
}

type Db = Kysely<Database>;

const terminal = [...TERMINAL_STATUSES];
const n = (v: string | number | bigint | null | undefined): number => Number(v ?? 0);

/** Cases not yet in a terminal state, and those with an open clock breached or warned, now. */
export async function currentCounts(db: Db, actor: Actor) {
  const withClock = (state: 'breached' | 'warned') =>
    scopedCases(db, actor)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('clocks as k')
            .select(sql.lit(1).as('one'))
            .whereRef('k.case_id', '=', 'c.id')
            .where('k.state', '=', state),
        ),
      )
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
  const [open, overdue, warned] = await Promise.all([
    scopedCases(db, actor)
      .where('c.status', 'not in', terminal)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
    withClock('breached'),
    withClock('warned'),
  ]);
  return { open: n(open.n), overdue: n(overdue.n), warned: n(warned.n) };
}

/** The actor's cases filed in the period. */
function filedIn(db: Db, actor: Actor, period: Instants) {
  return scopedCases(db, actor).where('c.created_at', '>=', period.start).where('c.created_at', '<', period.end);
}

/** Cases filed in the period, grouped by their current status, channel, category and Shanghai day. */
export async function filedBreakdowns(db: Db, actor: Actor, period: Instants) {
  // Days since 1970-01-01 of the Shanghai calendar day (UTC+8, no daylight saving).
  const shanghaiDay = sql<number>`floor((extract(epoch from c.created_at) + 28800) / 86400)::int`;
  const [byStatus, byChannel, byCategory, byDay] = await Promise.all([
    filedIn(db, actor, period)
      .select(['c.status', (eb) => eb.fn.countAll().as('n')])
      .groupBy('c.status')
      .execute(),
    filedIn(db, actor, period)
      .select(['c.channel', (eb) => eb.fn.countAll().as('n')])
      .groupBy('c.channel')
      .execute(),
    filedIn(db, actor, period)
      .leftJoin('categories as g', 'g.id', 'c.category_id')
      .select(['c.category_id', 'g.name', 'g.name_en', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['c.category_id', 'g.name', 'g.name_en'])
      .execute(),
    filedIn(db, actor, period)
      .select([shanghaiDay.as('day'), (eb) => eb.fn.countAll().as('n')])
      .groupBy(shanghaiDay)
      .execute(),
  ]);
  return {
    byStatus: byStatus.map((r) => ({ status: r.status, count: n(r.n) })),
    byChannel: byChannel.map((r) => ({ channel: r.channel, count: n(r.n) })),
    byCategory: byCategory.map((r) => ({
      categoryId: r.category_id,
      name: r.name,
      nameEn: r.name_en,
      count: n(r.n),
    })),
    byDay: byDay.map((r) => ({ day: n(r.day), count: n(r.n) })),
  };
}

/**
 * Cards issued in the period, per unit and colour: those on cases the actor may see, and, for
 * the jurisdiction-wide roles, those not tied to a case.
 */
export async function cardsPerUnit(db: Db, actor: Actor, period: Instants) {
  const wide = hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES);
  const rows = await db
    .selectFrom('cards as k')
    .where('k.jurisdiction_id', 'in', actor.jurisdictionIds)
    .where('k.issued_at', '>=', period.start)
    .where('k.issued_at', '<', period.end)
    .where((eb) =>
      eb.or([
        eb('k.case_id', 'in', scopedCases(db, actor).select('c.id')),
        ...(wide ? [eb('k.case_id', 'is', null)] : []),
      ]),
    )
    .select(['k.unit_id', 'k.colour', (eb) => eb.fn.countAll().as('n')])
    .groupBy(['k.unit_id', 'k.colour'])
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, colour: r.colour, count: n(r.n) }));
}

/**
 * Per unit: assignments of the current round, not yet replied or returned, of cases the units
 * are working on (a case awaiting its rating or review is no unit's open work).
 */
export async function openAssignmentsPerUnit(db: Db, actor: Actor) {
  const rows = await scopedCases(db, actor)
    .innerJoin('assignments as a', (join) => join.onRef('a.case_id', '=', 'c.id').onRef('a.round', '=', 'c.round'))
    .where('c.status', 'in', [...HANDLING_STATUSES])
    .where('a.status', 'not in', ['replied', 'returned'])
    .select(['a.unit_id', (eb) => eb.fn.countAll().as('n')])
    .groupBy('a.unit_id')
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, count: n(r.n) }));
}

/** Per unit: open cases with a breached time limit of that unit (counted once per case). */
export async function overduePerUnit(db: Db, actor: Actor) {
  const rows = await scopedCases(db, actor)
    .innerJoin('clocks as k', 'k.case_id', 'c.id')
    .where('k.state', '=', 'breached')
    .where('k.unit_id', 'is not', null)
    .select(['k.unit_id', (eb) => eb.fn.count('c.id').distinct().as('n')])
    .groupBy('k.unit_id')
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id as string, count: n(r.n) }));
}

/**
 * Per unit: its replies as lead unit in the period, and how many of them were on time. A reply
 * is on time when no resolve or redo clock of that unit, case and round had been breached by
 * the moment of the reply, nor was due before it (a reply the sweep had not yet caught is late
 * all the same). Co-units carry no clock of their own, so only lead replies are counted.
 */
export async function repliesPerUnit(db: Db, actor: Actor, period: Instants) {
  const rows = await scopedCases(db, actor)
    .innerJoin('assignments as a', 'a.case_id', 'c.id')
    .where('a.role', '=', 'lead')
    .where('a.replied_at', '>=', period.start)
    .where('a.replied_at', '<', period.end)
    .select((eb) => [
      'a.unit_id',
      eb.fn.countAll().as('replied'),
      eb.fn
        .countAll()
        .filterWhere(
          eb.not(
            eb.exists(
              eb
                .selectFrom('clocks as k')
                .select(sql.lit(1).as('one'))
                .whereRef('k.case_id', '=', 'a.case_id')
                .whereRef('k.round', '=', 'a.round')
                .whereRef('k.unit_id', '=', 'a.unit_id')
                .where('k.milestone', 'in', ['resolve', 'redo'])
                .where('k.state', '!=', 'cancelled')
                .where((k) =>
                  k.or([k('k.breached_at', '<=', k.ref('a.replied_at')), k('k.due_at', '<', k.ref('a.replied_at'))]),
                ),
            ),
          ),
        )
        .as('on_time'),
    ])
    .groupBy('a.unit_id')
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, replied: n(r.replied), onTime: n(r.on_time) }));
}

/**
 * Ratings given in the period on the actor's cases: in all, and per lead unit of the rated
 * round. `satisfied` is what the profile said at the moment of rating.
 */
export async function ratingsInPeriod(db: Db, actor: Actor, period: Instants) {
  const rated = () =>
    scopedCases(db, actor)
      .innerJoin('ratings as r', 'r.case_id', 'c.id')
      .where('r.at', '>=', period.start)
      .where('r.at', '<', period.end);
  const [all, perUnit] = await Promise.all([
    rated()
      .select((eb) => [eb.fn.countAll().as('total'), eb.fn.countAll().filterWhere('r.satisfied', '=', true).as('ok')])
      .executeTakeFirstOrThrow(),
    rated()
      .innerJoin('assignments as a', (join) =>
        join
          .onRef('a.case_id', '=', 'r.case_id')
          .onRef('a.round', '=', 'r.round')
          .on('a.role', '=', 'lead')
          .on('a.status', '!=', 'returned'),
      )
      .select((eb) => [
        'a.unit_id',
        eb.fn.countAll().as('total'),
        eb.fn.countAll().filterWhere('r.satisfied', '=', true).as('ok'),
      ])
      .groupBy('a.unit_id')
      .execute(),
  ]);
  return {
    satisfied: n(all.ok),
    total: n(all.total),
    perUnit: perUnit.map((r) => ({ unitId: r.unit_id, satisfied: n(r.ok), total: n(r.total) })),
  };
}

/** The units of the actor's jurisdictions, handling units first by name. */
export function unitsOf(db: Db, actor: Actor) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'active'])
    .where('jurisdiction_id', 'in', actor.jurisdictionIds)
    .orderBy('name')
    .execute();
}

/** One page of supervision records on the actor's cases, newest first, and their total. */
export async function listSupervisions(
  db: Db,
  actor: Actor,
  filter: { by?: 'platform' | 'discipline' | 'leader' | undefined; page: number; pageSize: number },
) {
  let base = scopedCases(db, actor).innerJoin('supervisions as s', 's.case_id', 'c.id');
  if (filter.by) base = base.where('s.by_whom', '=', filter.by);
  const [items, total] = await Promise.all([
    base
      .leftJoin('users as u', 'u.id', 's.actor_id')
      .select([
        's.id',
        's.by_whom',
        's.instruction',
        's.response',
        's.at',
        's.actor_id',
        'u.name as actor_name',
        'c.id as case_id',
        'c.number',
        'c.title',
        'c.status',
      ])
      .orderBy('s.at', 'desc')
      .orderBy('s.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: n(total.n) };
}

/** Clock states that still hold a time limit: the lists show the earliest of them. */
const OPEN_CLOCK_STATES = ['running', 'warned', 'breached'] as const;

/** The case's earliest open time limit (lateral join `nk`), as the worklist shows it. */
const nearestOpenClock = (eb: ExpressionBuilder<Database & { c: Database['cases'] }, 'c'>) =>
  eb
    .selectFrom('clocks as nk0')
    .select(['nk0.due_at', 'nk0.state as clock_state', 'nk0.milestone', 'nk0.unit_id as clock_unit_id'])
    .whereRef('nk0.case_id', '=', 'c.id')
    .where('nk0.state', 'in', OPEN_CLOCK_STATES)
    .orderBy('nk0.due_at')
    .limit(1)
    .as('nk');

/** Whether a supervision of the case still awaits its response. */
const openSupervision = (eb: ExpressionBuilder<Database & { c: Database['cases'] }, 'c'>) =>
  eb.exists(
    eb
      .selectFrom('supervisions as os')
      .select(sql.lit(1).as('one'))
      .whereRef('os.case_id', '=', 'c.id')
      .where('os.response', 'is', null),
  );

/**
 * One page of the actor's cases with at least one unsatisfied rating, the most recently rated
 * first, with their latest unsatisfied rating.
 */
export async function listUnsatisfied(db: Db, actor: Actor, paging: { page: number; pageSize: number }) {
  const base = scopedCases(db, actor).where((eb) =>
    eb.exists(
      eb
        .selectFrom('ratings as r')
        .select(sql.lit(1).as('one'))
        .whereRef('r.case_id', '=', 'c.id')
        .where('r.satisfied', '=', false),
    ),
  );
  const [items, total] = await Promise.all([
    base
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('ratings as r')
            .select(['r.score', 'r.comment', 'r.at'])
            .whereRef('r.case_id', '=', 'c.id')
            .where('r.satisfied', '=', false)
            .orderBy('r.at', 'desc')
            .orderBy('r.id', 'desc')
            .limit(1)
            .as('last'),
        (join) => join.onTrue(),
      )
      .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
      .leftJoin('units as lu', 'lu.id', 'c.lead_unit_id')
      .leftJoinLateral(nearestOpenClock, (join) => join.onTrue())
      .select((eb) => [
        'c.id',
        'c.number',
        'c.title',
        'c.status',
        'c.round',
        'c.lead_unit_id',
        'lu.name as lead_unit_name',
        'e.name as enterprise_name',
        'last.score',
        'last.comment',
        'last.at',
        'nk.due_at',
        'nk.clock_state',
        'nk.milestone',
        'nk.clock_unit_id',
        openSupervision(eb).as('supervised'),
        eb
          .selectFrom('ratings as r')
          .select((r) => r.fn.countAll().as('n'))
          .whereRef('r.case_id', '=', 'c.id')
          .where('r.satisfied', '=', false)
          .as('unsatisfied'),
        eb
          .exists(
            eb
              .selectFrom('supervisions as s')
              .select(sql.lit(1).as('one'))
              .whereRef('s.case_id', '=', 'c.id')
              .where('s.by_whom', '=', 'discipline'),
          )
          .as('discipline_supervised'),
      ])
      .orderBy('last.at', 'desc')
      .orderBy('c.id')
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map((r) => ({ ...r, unsatisfied: n(r.unsatisfied) })), total: n(total.n) };
}

/** One page of red cards issued in the period on the actor's cases, newest first, and their total. */
export async function listRedCards(db: Db, actor: Actor, period: Instants, paging: { page: number; pageSize: number }) {
  const base = scopedCases(db, actor)
    .innerJoin('cards as k', 'k.case_id', 'c.id')
    .where('k.colour', '=', 'red')
    .where('k.issued_at', '>=', period.start)
    .where('k.issued_at', '<', period.end);
  const [items, total] = await Promise.all([
    base
      .innerJoin('units as u', 'u.id', 'k.unit_id')
      .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
      .leftJoinLateral(nearestOpenClock, (join) => join.onTrue())
      .select((eb) => [
        'k.id',
        'k.unit_id',
        'u.name as unit_name',
        'k.reason',
        'k.escalation',
        'k.issued_at',
        'c.id as case_id',
        'c.number',
        'c.title',
        'c.status',
        'e.name as enterprise_name',
        'nk.due_at',
        'nk.clock_state',
        'nk.milestone',
        'nk.clock_unit_id',
        openSupervision(eb).as('supervised'),
      ])
      .orderBy('k.issued_at', 'desc')
      .orderBy('k.id')
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: n(total.n) };
}
