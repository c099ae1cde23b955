import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { KpiCounts } from '@qisu/core';
import { HANDLING_UNIT_KINDS, KPI_COUNTS, TERMINAL_STATUSES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { scopedCases } from '../access/scope.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

/** A half-open interval of instants, `[start, end)`. */
/** An id no case has, so that an empty list of ids still makes valid SQL. */
const NO_CASE = '00000000-0000-0000-0000-000000000000';

export interface Instants {
  start: Date;
  end: Date;
}

/** What a KPI row is keyed by (SPEC §10 `by`, and the two of issue-level reports). */
export const KPI_DIMENSIONS = ['unit', 'category', 'region', 'channel', 'industry', 'liaison'] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

/** One group's counts, keyed; `key` null for the cases that have no value of the dimension. */
export interface KpiGroup extends KpiCounts {
  key: string | null;
  name: string | null;
}

/** Milestones whose limit is the first response to the enterprise (联系, 初步反馈). */
const RESPONSE_MILESTONES = ['contact', 'feedback'];
/** Milestones whose limit is the handling itself (解决/答复, 重办, 阶段性方案). */
const HANDLING_MILESTONES = ['resolve', 'redo', 'plan'];
const terminal = [...TERMINAL_STATUSES];

/** A clock of the case in one of the milestones was breached at some time (late, even if met later). */
const breached = (milestones: readonly string[]) =>
  sql<boolean>`exists (select 1 from clocks k where k.case_id = c.id and k.breached_at is not null and k.milestone in (${sql.join(
    milestones,
  )}))`;

const answered = sql<boolean>`c.status = 'answered'`;
const closed = sql<boolean>`c.status in ('closed', 'answered')`;
const leadSigned = sql<boolean>`exists (select 1 from assignments a where a.case_id = c.id and a.role = 'lead' and a.signed_at is not null)`;
const responded = sql<boolean>`(${answered} or ${leadSigned})`;
const lastRatingSatisfied = sql<
  boolean | null
>`(select r.satisfied from ratings r where r.case_id = c.id order by r.round desc, r.at desc, r.id desc limit 1)`;

const cards = (colour: 'yellow' | 'red') =>
  sql<number>`(select count(*) from cards k where k.case_id = c.id and k.colour = ${colour})`;

/**
 * Every count of docs/kpi.md as a SQL condition on one case `c` (a row of `cases`). This is the
 * definition of record: the rollups are checked against it.
 */
const FACTS: Record<keyof KpiCounts, RawBuilder<boolean | number | null>> = {
  received: sql`true`,
  dispatched: sql`exists (select 1 from assignments a where a.case_id = c.id and a.role = 'lead')`,
  responded,
  respondedInTime: sql`(${responded} and not ${breached(RESPONSE_MILESTONES)} and not (${answered} and ${breached(['screening'])}))`,
  closed,
  closedInTime: sql`(${closed} and not ${breached(HANDLING_MILESTONES)} and not (${answered} and ${breached(['screening'])}))`,
  solved: sql`(${answered} or (c.status = 'closed' and c.result = 'solved' and coalesce(${lastRatingSatisfied}, true)))`,
  rated: sql`exists (select 1 from ratings r where r.case_id = c.id)`,
  satisfied: sql`coalesce(${lastRatingSatisfied}, false)`,
  redone: sql`c.unsatisfied_rounds > 0`,
  late: sql`exists (select 1 from clocks k where k.case_id = c.id and k.unit_id is not null and k.breached_at is not null)`,
  overdue: sql`(c.status not in (${sql.join(terminal)}) and exists (select 1 from clocks k where k.case_id = c.id and k.unit_id is not null and k.state = 'breached'))`,
  returned: sql`exists (select 1 from assignments a where a.case_id = c.id and a.status = 'returned')`,
  supervised: sql`exists (select 1 from supervisions s where s.case_id = c.id)`,
  yellowCards: cards('yellow'),
  redCards: cards('red'),
  responseTimed: sql`(${responded} and c.response_minutes is not null)`,
  responseMinutes: sql`(case when ${responded} then coalesce(c.response_minutes, 0) else 0 end)`,
  resolveTimed: sql`(${closed} and c.resolve_minutes is not null)`,
  resolveMinutes: sql`(case when ${closed} then coalesce(c.resolve_minutes, 0) else 0 end)`,
};

/** One count of docs/kpi.md for the case `c`, as an integer column. */
export const caseFact = (k: keyof KpiCounts) => sql<number>`(${FACTS[k]})::int`;

/** The key and the display name of a case's group in one dimension. */
function dimension(by: KpiDimension): { key: RawBuilder<string | null>; name: RawBuilder<string | null> } {
  switch (by) {
    case 'unit':
      return {
        key: sql`c.lead_unit_id::text`,
        name: sql`(select u.name from units u where u.id = c.lead_unit_id)`,
      };
    case 'category':
      return {
        key: sql`c.category_id::text`,
        name: sql`(select g.name from categories g where g.id = c.category_id)`,
      };
    case 'region':
      return {
        key: sql`c.region_code`,
        name: sql`(select r.name from regions r where r.code = c.region_code)`,
      };
    case 'channel':
      return { key: sql`c.channel`, name: sql`null::text` };
    case 'industry':
      return {
        key: sql`(select e.industry_code from enterprises e where e.id = c.enterprise_id)`,
        name: sql`(select e.industry_name from enterprises e where e.id = c.enterprise_id)`,
      };
    case 'liaison':
      return {
        key: sql`(select e.liaison_user_id::text from enterprises e where e.id = c.enterprise_id)`,
        name: sql`(select u.name from enterprises e join users u on u.id = e.liaison_user_id where e.id = c.enterprise_id)`,
      };
  }
}

const n = (v: unknown): number => Number(v ?? 0);

/**
 * The counts of docs/kpi.md for the actor's cases received in `[start, end)`, grouped by one
 * dimension, aggregated directly over the cases and their assignments, clocks and ratings. Merged
 * and rejected cases are not counted (docs/kpi.md, "Which cases count").
 */
export async function kpiGroups(db: Db, actor: Actor, period: Instants, by: KpiDimension): Promise<KpiGroup[]> {
  const { key, name } = dimension(by);
  const facts = scopedCases(db, actor)
    .where('c.created_at', '>=', period.start)
    .where('c.created_at', '<', period.end)
    .where('c.status', 'not in', ['merged', 'rejected'])
    .select([key.as('key'), name.as('name'), ...KPI_COUNTS.map((k) => caseFact(k).as(k))]);
  const rows = await db
    .selectFrom(facts.as('f'))
    .select([
      sql<string | null>`f.key`.as('key'),
      sql<string | null>`min(f.name)`.as('name'),
      ...KPI_COUNTS.map((k) => sql<number>`sum(${sql.ref(`f.${k}`)})`.as(k)),
    ])
    .groupBy(sql`f.key`)
    .execute();
  return rows.map((r) => {
    const row = r as unknown as Record<string, unknown>;
    const counts = Object.fromEntries(KPI_COUNTS.map((k) => [k, n(row[k])])) as KpiCounts;
    return { key: (row.key as string | null) ?? null, name: (row.name as string | null) ?? null, ...counts };
  });
}

/** The units (or liaisons) of the actor's jurisdictions, to rank those without cases too. */
export async function rankingSubjects(db: Db, actor: Actor, subject: 'unit' | 'liaison') {
  if (subject === 'unit') {
    return db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('jurisdiction_id', 'in', actor.jurisdictionIds)
      .where('active', '=', true)
      .where('kind', 'in', [...HANDLING_UNIT_KINDS])
      .execute();
  }
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('jurisdiction_id', 'in', actor.jurisdictionIds)
    .where('active', '=', true)
    .where(sql<boolean>`'liaison' = any(roles)`)
    .execute();
}

/** A case as the ledger forms of seed 003 print it; `contactMobile` still sealed. */
export interface FormCase {
  id: string;
  number: string;
  status: string;
  title: string;
  content: string;
  enterpriseName: string | null;
  contactName: string | null;
  contactMobile: string | null;
  leadUnitName: string | null;
  leadUnitPhone: string | null;
  coUnitNames: string[];
  hubName: string;
  answerText: string | null;
  replyResult: string | null;
  replyText: string | null;
  replierName: string | null;
  ratingScore: number | null;
  ratingSatisfied: boolean | null;
  ratingComment: string | null;
}

/**
 * The actor's cases received in `[start, end)` — or the named ones — with what the forms print:
 * the enterprise, the units, the lead unit's last reply and who gave it, the last rating. Merged
 * and rejected cases are left out, as in the KPIs. At most `limit` rows, oldest first; `total`
 * counts them all.
 */
export async function formCases(db: Db, actor: Actor, which: Instants | { caseIds: string[] }, limit: number) {
  const scoped = scopedCases(db, actor).where('c.status', 'not in', ['merged', 'rejected']);
  const base =
    'caseIds' in which
      ? scoped.where('c.id', 'in', which.caseIds.length > 0 ? which.caseIds : [NO_CASE])
      : scoped.where('c.created_at', '>=', which.start).where('c.created_at', '<', which.end);
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    base
      .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
      .leftJoin('units as lu', 'lu.id', 'c.lead_unit_id')
      .innerJoin('jurisdictions as j', 'j.id', 'c.jurisdiction_id')
      .select([
        'c.id',
        'c.number',
        'c.status',
        'c.title',
        'c.content',
        'e.name as enterpriseName',
        'c.contact_name as contactName',
        'c.contact_mobile as contactMobile',
        'lu.name as leadUnitName',
        'lu.contact_phone as leadUnitPhone',
        'j.name as hubName',
        'c.answer_text as answerText',
        sql<
          string[] | null
        >`(select array_agg(u.name order by u.name) from assignments a join units u on u.id = a.unit_id where a.case_id = c.id and a.role = 'co' and a.round = c.round)`.as(
          'coUnitNames',
        ),
        sql<
          string | null
        >`(select a.reply_result from assignments a where a.case_id = c.id and a.role = 'lead' and a.replied_at is not null order by a.round desc, a.replied_at desc limit 1)`.as(
          'replyResult',
        ),
        sql<
          string | null
        >`(select a.reply_text from assignments a where a.case_id = c.id and a.role = 'lead' and a.replied_at is not null order by a.round desc, a.replied_at desc limit 1)`.as(
          'replyText',
        ),
        sql<
          string | null
        >`(select u.name from events ev join users u on u.id = ev.actor_id where ev.case_id = c.id and ev.type = 'replied' order by ev.seq desc limit 1)`.as(
          'replierName',
        ),
        sql<
          number | null
        >`(select r.score from ratings r where r.case_id = c.id order by r.round desc, r.at desc, r.id desc limit 1)`.as(
          'ratingScore',
        ),
        sql<boolean | null>`${lastRatingSatisfied}`.as('ratingSatisfied'),
        sql<
          string | null
        >`(select r.comment from ratings r where r.case_id = c.id order by r.round desc, r.at desc, r.id desc limit 1)`.as(
          'ratingComment',
        ),
      ])
      .orderBy('c.created_at')
      .orderBy('c.number')
      .limit(limit)
      .execute(),
  ]);
  const cases: FormCase[] = rows.map((r) => ({ ...r, coUnitNames: r.coUnitNames ?? [] }));
  return { total: Number(total), cases };
}

/** The actor's jurisdiction by its names, and the name of the actor's own unit (the hub's office). */
export function jurisdictionNames(db: Db, actor: Actor) {
  return db
    .selectFrom('jurisdictions as j')
    .leftJoin('units as u', (join) => join.on('u.id', '=', actor.unitId ?? '00000000-0000-0000-0000-000000000000'))
    .select(['j.name', 'j.full_name as fullName', 'u.name as unitName'])
    .where('j.id', '=', actor.jurisdictionId)
    .execute();
}

/** A case a notice names, with what it says of it. */
export interface NoticeCaseRow {
  number: string;
  title: string;
  unitName: string | null;
  note: string | null;
}

/**
 * The cases a period's notice names, each list oldest first and at most `limit` long: the
 * supervisions issued in the period (with their instruction), the cases received in it whose last
 * rating is unsatisfied (with the enterprise's comment), and typical ones — solved, closed and
 * rated satisfied (with the unit's reply).
 */
export async function noticeCases(db: Db, actor: Actor, period: Instants, limit: number) {
  const received = () =>
    scopedCases(db, actor)
      .leftJoin('units as u', 'u.id', 'c.lead_unit_id')
      .where('c.created_at', '>=', period.start)
      .where('c.created_at', '<', period.end);
  const lastComment = sql<
    string | null
  >`(select r.comment from ratings r where r.case_id = c.id order by r.round desc, r.at desc, r.id desc limit 1)`;
  const [supervisions, unsatisfied, typical] = await Promise.all([
    scopedCases(db, actor)
      .innerJoin('supervisions as s', 's.case_id', 'c.id')
      .leftJoin('units as u', 'u.id', 'c.lead_unit_id')
      .where('s.at', '>=', period.start)
      .where('s.at', '<', period.end)
      .select(['c.number', 'c.title', 'u.name as unitName', 's.instruction as note'])
      .orderBy('s.at')
      .orderBy('c.number')
      .limit(limit)
      .execute(),
    received()
      .where(sql<boolean>`${lastRatingSatisfied} = false`)
      .select(['c.number', 'c.title', 'u.name as unitName', lastComment.as('note')])
      .orderBy('c.created_at')
      .orderBy('c.number')
      .limit(limit)
      .execute(),
    received()
      .where('c.status', '=', 'closed')
      .where('c.result', '=', 'solved')
      .where(sql<boolean>`${lastRatingSatisfied} = true`)
      .select(['c.number', 'c.title', 'u.name as unitName', 'c.result_text as note'])
      .orderBy('c.created_at')
      .orderBy('c.number')
      .limit(Math.min(limit, 3))
      .execute(),
  ]);
  return { supervisions, unsatisfied, typical } satisfies Record<string, NoticeCaseRow[]>;
}

/**
 * The enterprises' last rating of each counted case received in the period, counted per score
 * (the API's 1–5): how the service report reads 企业评价.
 */
export async function ratingScores(
  db: Db,
  actor: Actor,
  period: Instants,
): Promise<{ score: number; count: number }[]> {
  const lastScore = sql<
    number | null
  >`(select r.score from ratings r where r.case_id = c.id order by r.round desc, r.at desc, r.id desc limit 1)`;
  const scores = scopedCases(db, actor)
    .where('c.created_at', '>=', period.start)
    .where('c.created_at', '<', period.end)
    .where('c.status', 'not in', ['merged', 'rejected'])
    .select(lastScore.as('score'));
  const rows = await db
    .selectFrom(scores.as('s'))
    .select([sql<number>`s.score`.as('score'), sql<number>`count(*)`.as('count')])
    .where(sql<boolean>`s.score is not null`)
    .groupBy(sql`s.score`)
    .orderBy(sql`s.score`, 'desc')
    .execute();
  return rows.map((r) => ({ score: n(r.score), count: n(r.count) }));
}

/** The hub's revisits (回访) recorded in the period on the caller's cases, counted per method. */
export async function revisitMethods(
  db: Db,
  actor: Actor,
  period: Instants,
): Promise<{ method: string; count: number }[]> {
  const rows = await scopedCases(db, actor)
    .innerJoin('revisits as v', 'v.case_id', 'c.id')
    .where('v.at', '>=', period.start)
    .where('v.at', '<', period.end)
    .select(['v.method', sql<number>`count(*)`.as('count')])
    .groupBy('v.method')
    .orderBy('v.method')
    .execute();
  return rows.map((r) => ({ method: r.method, count: n(r.count) }));
}
