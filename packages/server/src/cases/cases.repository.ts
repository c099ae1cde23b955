import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Insertable, Kysely, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { CardColour } from '@qisu/core';
import { hasAnyRole, JURISDICTION_WIDE_ROLES, UNIT_ROLES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { scopedCases } from '../access/scope.js';
import type {
  AssignmentRow,
  AssignmentsTable,
  CardRow,
  ClockRow,
  ExtensionRow,
  CasesTable,
  Database,
  EscalationsTable,
  ExtensionsTable,
  RatingsTable,
  ReviewFormsTable,
  ReviewsTable,
  RevisitsTable,
  SupervisionsTable,
} from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Locks a case the actor may see for the rest of the transaction; undefined when out of scope. */
export function lockVisibleCase(trx: Transaction<Database>, actor: Actor, caseId: string) {
  return scopedCases(trx, actor).selectAll('c').where('c.id', '=', caseId).forUpdate().executeTakeFirst();
}

export function findVisibleCase(db: Executor, actor: Actor, caseId: string) {
  return scopedCases(db, actor).selectAll('c').where('c.id', '=', caseId).executeTakeFirst();
}

/**
 * What filing a case needs, in one statement: the next number of the jurisdiction's year (the
 * counter row stays locked by the upsert until the transaction ends, so concurrent filings never
 * share a number), the jurisdiction's code and active profile version, and the named enterprise
 * of that jurisdiction (null columns when there is none).
 */
export function openFiling(
  trx: Transaction<Database>,
  jurisdictionId: string,
  enterpriseId: string | null,
  year: number,
) {
  return trx
    .with('counter', (db) =>
      db
        .insertInto('case_counters')
        .values({ jurisdiction_id: jurisdictionId, year, last_seq: 1 })
        .onConflict((oc) =>
          oc.columns(['jurisdiction_id', 'year']).doUpdateSet({ last_seq: sql<number>`case_counters.last_seq + 1` }),
        )
        .returning('last_seq'),
    )
    .selectFrom(['jurisdictions as j', 'counter'])
    .leftJoin('enterprises as e', (join) =>
      join.on('e.jurisdiction_id', '=', jurisdictionId).on('e.id', '=', enterpriseId ?? ZERO_UUID),
    )
    .select([
      'counter.last_seq as seq',
      'j.code',
      'j.profile_version',
      'e.id as enterprise_id',
      'e.region_code as enterprise_region_code',
      'e.contacts as enterprise_contacts',
      'e.liaison_user_id as enterprise_liaison_user_id',
    ])
    .where('j.id', '=', jurisdictionId)
    .executeTakeFirstOrThrow();
}

/** The case an earlier intake of the same external reference filed, if any. */
export function findByExternalRef(db: Executor, jurisdictionId: string, channel: string, externalRef: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'status'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('channel', '=', channel)
    .where('external_ref', '=', externalRef)
    .executeTakeFirst();
}

/** A new case, answered as written. */
export function insertCase(trx: Transaction<Database>, row: Insertable<CasesTable>) {
  return trx.insertInto('cases').values(row).returningAll().executeTakeFirstOrThrow();
}

/** An id no row has, for joins that must match nothing. */
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

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
  /**
   * Only cases with a breached (overdue) or warned clock still open — of the caller's own unit for
   * a unit's staff, of `unitId` when the filter names a unit, else of anyone.
   */
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
  /** Only cases rated unsatisfied at least once, in any round (the discipline commission's list). */
  unsatisfied?: boolean | undefined;
  /** Only cases given a card: of this colour when set, issued at or after `from` and before `until` when set. */
  card?: { colour?: CardColour | undefined; from?: Date | undefined; until?: Date | undefined } | undefined;
  /** `due`: the case whose open time limit falls first comes first; cases without one come last. */
  sort?: 'newest' | 'due' | undefined;
  /** The time against which "overdue" is judged (the caller's clock). */
  now?: Date | undefined;
  page: number;
  pageSize: number;
}

/** Clock states that still hold a time limit (SPEC §10 `dueAt`: the earliest open limit). */
const OPEN_CLOCK_STATES = ['running', 'warned', 'breached'] as const;

/**
 * Whose lateness an actor's overdue and warned filters count: a unit's staff count only the limits
 * their own unit owns (a late revisit is the hub's, not the lead unit's); everyone else all of them.
 */
function ownedClockUnit(actor: Actor): string | null {
  const unitOnly = hasAnyRole(actor.roles, UNIT_ROLES) && !hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES);
  return unitOnly ? (actor.unitId ?? '00000000-0000-0000-0000-000000000000') : null;
}

/** The actor's cases matching every part of the filter except paging and order. */
function filteredCases(db: Executor, actor: Actor, filter: Omit<CaseListFilter, 'page' | 'pageSize' | 'sort'>) {
  let base = scopedCases(db, actor);
  if (filter.statuses && filter.statuses.length > 0) base = base.where('c.status', 'in', filter.statuses);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where((eb) =>
      eb.or([
        eb('c.number', 'ilike', pattern),
        eb('c.title', 'ilike', pattern),
        eb('c.content', 'ilike', pattern),
        eb('c.contact_name', 'ilike', pattern),
        eb.exists(
          eb
            .selectFrom('enterprises as qe')
            .select(sql.lit(1).as('one'))
            .whereRef('qe.id', '=', 'c.enterprise_id')
            .where((q) => q.or([q('qe.name', 'ilike', pattern), q('qe.uscc', 'ilike', pattern)])),
        ),
      ]),
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
  // The same conditions as the oversight lists (`listUnsatisfied`, `listRedCards`), so an export
  // of either holds the cases the list shows.
  if (filter.unsatisfied) {
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('ratings as r')
          .select(sql.lit(1).as('one'))
          .whereRef('r.case_id', '=', 'c.id')
          .where('r.satisfied', '=', false),
      ),
    );
  }
  if (filter.card) {
    const { colour, from, until } = filter.card;
    base = base.where((eb) => {
      let cards = eb.selectFrom('cards as kc').select(sql.lit(1).as('one')).whereRef('kc.case_id', '=', 'c.id');
      if (colour) cards = cards.where('kc.colour', '=', colour);
      if (from) cards = cards.where('kc.issued_at', '>=', from);
      if (until) cards = cards.where('kc.issued_at', '<', until);
      return eb.exists(cards);
    });
  }
  if (filter.clock) {
    const clock = filter.clock;
    // A unit named in the filter counts only its own lateness too, as the dashboard's bars do.
    const owner = ownedClockUnit(actor) ?? filter.unitId ?? null;
    const now = filter.now ?? new Date();
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('clocks as k')
          .select(sql.lit(1).as('one'))
          .whereRef('k.case_id', '=', 'c.id')
          .$if(owner !== null, (q) => q.where('k.unit_id', '=', owner ?? ''))
          .where((k) =>
            clock === 'overdue'
              ? k.or([
                  k('k.state', '=', 'breached'),
                  k.and([k('k.state', 'in', OPEN_CLOCK_STATES), k('k.due_at', '<=', now)]),
                ])
              : k('k.state', '=', 'warned'),
          ),
      ),
    );
  }
  return base;
}

/**
 * One page of the actor's cases and the total matching the filter. Each row carries the case's
 * earliest open time limit (its due time, state and owner unit) for the countdown in lists.
 */
export async function listVisibleCases(db: Executor, actor: Actor, filter: CaseListFilter) {
  const base = filteredCases(db, actor, filter);
  const [items, total] = await Promise.all([
    base
      .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
      .leftJoin('units as lu', 'lu.id', 'c.lead_unit_id')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('clocks as k')
            .leftJoin('units as ku', 'ku.id', 'k.unit_id')
            .select([
              'k.due_at',
              'k.state as clock_state',
              'k.milestone',
              'k.unit_id as clock_unit_id',
              'ku.name as clock_unit_name',
            ])
            .whereRef('k.case_id', '=', 'c.id')
            .where('k.state', 'in', OPEN_CLOCK_STATES)
            .orderBy('k.due_at')
            .limit(1)
            .as('nk'),
        (join) => join.onTrue(),
      )
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
        'e.uscc as enterprise_uscc',
        'lu.name as lead_unit_name',
        'nk.due_at',
        'nk.clock_state',
        'nk.milestone',
        'nk.clock_unit_id',
        'nk.clock_unit_name',
      ])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('supervisions as s')
              .select(sql.lit(1).as('one'))
              .whereRef('s.case_id', '=', 'c.id')
              .where('s.response', 'is', null),
          )
          .as('supervised'),
      )
      .$if(filter.sort === 'due', (qb) => qb.orderBy('nk.due_at', (ob) => ob.asc().nullsLast()))
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/**
 * How many of the actor's cases matching the filter (its status part ignored) are in each
 * state, and how many have an overdue or a warned time limit: the counts of the worklist's tabs.
 */
export async function countVisibleCases(
  db: Executor,
  actor: Actor,
  filter: Omit<CaseListFilter, 'page' | 'pageSize' | 'sort' | 'statuses' | 'clock'>,
) {
  const now = filter.now ?? new Date();
  const owner = ownedClockUnit(actor);
  const base = filteredCases(db, actor, filter);
  const [byStatus, clocks] = await Promise.all([
    base
      .select(['c.status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('c.status')
      .execute(),
    base
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('clocks as k')
            .select((k) => [
              k.fn
                .max(
                  k
                    .case()
                    .when(k.or([k('k.state', '=', 'breached'), k('k.due_at', '<=', now)]))
                    .then(1)
                    .else(0)
                    .end(),
                )
                .as('late'),
              k.fn.max(k.case().when('k.state', '=', 'warned').then(1).else(0).end()).as('warned'),
            ])
            .whereRef('k.case_id', '=', 'c.id')
            .where('k.state', 'in', OPEN_CLOCK_STATES)
            .$if(owner !== null, (q) => q.where('k.unit_id', '=', owner ?? ''))
            .as('kk'),
        (join) => join.onTrue(),
      )
      .select((eb) => [eb.fn.sum<number>('kk.late').as('overdue'), eb.fn.sum<number>('kk.warned').as('warned')])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    byStatus: byStatus.map((r) => ({ status: r.status, n: Number(r.n) })),
    overdue: Number(clocks.overdue ?? 0),
    warned: Number(clocks.warned ?? 0),
  };
}

/**
 * Locks cases by id, in id order (the order every multi-case writer must take), without a
 * scope: for the platform's own work such as the clock sweep.
 */
export function lockCasesById(trx: Transaction<Database>, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('cases')
    .select(['id', 'number', 'jurisdiction_id', 'lead_unit_id'])
    .where('id', 'in', unique)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Opens these cases to the discipline commission (纪委监委): a hand-off, or a red card its profile lets it read. */
export async function flagForDiscipline(trx: Transaction<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('cases')
    .set({ discipline_flag: true })
    .where('id', 'in', [...ids])
    .execute();
}

// ─── What the named commands write (each inside the command's transaction) ───────────────────

/** Writes the case's new columns and answers the whole row as it now is. */
/**
 * Writes a command's change of the case row, and the assignments it opened, in one statement;
 * answers the row as written.
 */
export function updateCase(
  trx: Transaction<Database>,
  id: string,
  patch: Updateable<CasesTable>,
  assignments: readonly AssignmentRow[] = [],
) {
  if (assignments.length === 0) {
    return trx.updateTable('cases').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  }
  return trx
    .with('opened', (db) => db.insertInto('assignments').values([...assignments]))
    .updateTable('cases')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A new assignment as its row will read, its id chosen here so it can be written with the case. */
export function newAssignment(
  values: Pick<AssignmentRow, 'case_id' | 'unit_id' | 'role' | 'round' | 'status' | 'assigned_at'> &
    Partial<AssignmentRow>,
): AssignmentRow {
  return {
    id: randomUUID(),
    signed_at: null,
    contacted_at: null,
    contact_note: null,
    feedback_at: null,
    feedback_text: null,
    replied_at: null,
    reply_result: null,
    reply_text: null,
    ...values,
  };
}

export async function updateAssignment(trx: Transaction<Database>, id: string, patch: Updateable<AssignmentsTable>) {
  await trx.updateTable('assignments').set(patch).where('id', '=', id).execute();
}

/** Every assignment of the round still held is given back (a misrouted case). */
export async function returnRoundAssignments(trx: Transaction<Database>, caseId: string, round: number) {
  await trx
    .updateTable('assignments')
    .set({ status: 'returned' })
    .where('case_id', '=', caseId)
    .where('round', '=', round)
    .where('status', '!=', 'returned')
    .execute();
}

export async function insertRating(trx: Transaction<Database>, row: Insertable<RatingsTable>) {
  await trx.insertInto('ratings').values(row).execute();
}

export async function insertRevisit(trx: Transaction<Database>, row: Insertable<RevisitsTable>) {
  await trx.insertInto('revisits').values(row).execute();
}

/** Whether the case's round has a revisit (回访) on record. */
export async function hasRevisit(db: Executor, caseId: string, round: number): Promise<boolean> {
  const row = await db
    .selectFrom('revisits')
    .select('id')
    .where('case_id', '=', caseId)
    .where('round', '=', round)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertReview(trx: Transaction<Database>, row: Insertable<ReviewsTable>) {
  await trx.insertInto('reviews').values(row).execute();
}

/** The review form of the case's round, if its unit has submitted one. */
export function reviewFormOf(db: Executor, caseId: string, round: number) {
  return db
    .selectFrom('review_forms')
    .select('id')
    .where('case_id', '=', caseId)
    .where('round', '=', round)
    .executeTakeFirst();
}

export async function insertReviewForm(trx: Transaction<Database>, row: Insertable<ReviewFormsTable>) {
  await trx.insertInto('review_forms').values(row).execute();
}

export async function insertEscalation(trx: Transaction<Database>, row: Insertable<EscalationsTable>) {
  await trx.insertInto('escalations').values(row).execute();
}

/** A new extension request, answered as written. */
export function insertExtension(trx: Transaction<Database>, row: Insertable<ExtensionsTable>) {
  return trx.insertInto('extensions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function decideExtension(trx: Transaction<Database>, id: string, patch: Updateable<ExtensionsTable>) {
  await trx.updateTable('extensions').set(patch).where('id', '=', id).execute();
}

/** One supervision of a case, written with its deadline's clock; answered as written. */
export function insertSupervision(trx: Transaction<Database>, row: Insertable<SupervisionsTable>) {
  return trx.insertInto('supervisions').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The case's supervision by id, or its oldest one still awaiting a response. */
export function openSupervision(db: Executor, caseId: string, supervisionId: string | undefined) {
  return db
    .selectFrom('supervisions')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('response', 'is', null)
    .$if(supervisionId !== undefined, (q) => q.where('id', '=', supervisionId ?? ''))
    .orderBy('at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Records the unit's response to a supervision, once: a second answer finds it answered. */
export async function answerSupervision(
  trx: Transaction<Database>,
  id: string,
  answer: { response: string; responderId: string; at: Date },
): Promise<boolean> {
  const done = await trx
    .updateTable('supervisions')
    .set({ response: answer.response, responder_id: answer.responderId, responded_at: answer.at })
    .where('id', '=', id)
    .where('response', 'is', null)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Supervision records (督办): the platform's, a leader's or the discipline commission's. */
export async function insertSupervisions(trx: Transaction<Database>, rows: readonly Insertable<SupervisionsTable>[]) {
  for (let at = 0; at < rows.length; at += 500) {
    await trx
      .insertInto('supervisions')
      .values(rows.slice(at, at + 500))
      .execute();
  }
}

type CaseEb = ExpressionBuilder<Database & { c: Database['cases'] }, 'c'>;

/**
 * What a case view shows besides the case row, as JSON columns of a query over `cases as c`:
 * assignments with unit names, the pending extension, enterprise, category, the jurisdiction's
 * code and active profile version, every clock, cards. Instants inside the JSON
 * arrive as text; {@link parseCaseParts} turns them back into Dates.
 */
function casePartColumns(eb: CaseEb) {
  return [
    jsonArrayFrom(
      eb
        .selectFrom('assignments as a')
        .innerJoin('units as u', 'u.id', 'a.unit_id')
        .selectAll('a')
        .select('u.name as unit_name')
        .whereRef('a.case_id', '=', 'c.id')
        .orderBy('a.round')
        .orderBy('a.role', 'desc')
        .orderBy('a.assigned_at'),
    ).as('assignments'),
    jsonObjectFrom(
      eb
        .selectFrom('extensions as x')
        .selectAll('x')
        .whereRef('x.case_id', '=', 'c.id')
        .where('x.status', '=', 'pending'),
    ).as('extension'),
    jsonObjectFrom(
      eb
        .selectFrom('enterprises as e')
        .select(['e.id', 'e.name', 'e.uscc', 'e.liaison_user_id'])
        .whereRef('e.id', '=', 'c.enterprise_id'),
    ).as('enterprise'),
    jsonObjectFrom(
      eb.selectFrom('categories as g').select(['g.id', 'g.name']).whereRef('g.id', '=', 'c.category_id'),
    ).as('category'),
    eb
      .selectFrom('jurisdictions as j')
      .select('j.code')
      .whereRef('j.id', '=', 'c.jurisdiction_id')
      .as('jurisdiction_code'),
    eb
      .selectFrom('jurisdictions as j')
      .select('j.profile_version')
      .whereRef('j.id', '=', 'c.jurisdiction_id')
      .as('profile_version'),
    eb
      .selectFrom('jurisdictions as j')
      .select('j.parent_id')
      .whereRef('j.id', '=', 'c.jurisdiction_id')
      .as('jurisdiction_parent_id'),
    jsonArrayFrom(
      eb
        .selectFrom('clocks as k')
        .selectAll('k')
        .whereRef('k.case_id', '=', 'c.id')
        .orderBy('k.started_at')
        .orderBy('k.milestone'),
    ).as('clocks'),
    jsonArrayFrom(
      eb.selectFrom('cards as d').selectAll('d').whereRef('d.case_id', '=', 'c.id').orderBy('d.issued_at'),
    ).as('cards'),
    jsonArrayFrom(
      eb
        .selectFrom('supervisions as s')
        .leftJoin('users as su', 'su.id', 's.actor_id')
        .leftJoin('users as sr', 'sr.id', 's.responder_id')
        .select([
          's.id',
          's.by_whom',
          's.instruction',
          's.at',
          's.due_at',
          's.clock_id',
          's.response',
          's.responded_at',
          'su.name as actor_name',
          'sr.name as responder_name',
        ])
        .whereRef('s.case_id', '=', 'c.id')
        .orderBy('s.at')
        .orderBy('s.id'),
    ).as('supervisions'),
  ] as const;
}

/** A supervision as the case view shows it, with who supervised and who answered. */
export interface SupervisionPart {
  id: string;
  by_whom: 'platform' | 'discipline' | 'leader';
  instruction: string;
  at: Date;
  due_at: Date | null;
  clock_id: string | null;
  response: string | null;
  responded_at: Date | null;
  actor_name: string | null;
  responder_name: string | null;
}

/** A timestamp of a JSON part, back as a Date. */
const at = (value: Date | string) => new Date(value);
const atOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));

/** The parts of a case view with Dates where the tables have timestamps. */
function parseCaseParts(parts: {
  assignments: Jsonish<AssignmentWithUnit>[];
  extension: Jsonish<ExtensionRow> | null;
  clocks: Jsonish<ClockRow>[];
  cards: Jsonish<CardRow>[];
  supervisions: Jsonish<SupervisionPart>[];
}) {
  return {
    supervisions: parts.supervisions.map((v): SupervisionPart => ({
      ...v,
      at: at(v.at),
      due_at: atOrNull(v.due_at),
      responded_at: atOrNull(v.responded_at),
    })),
    assignments: parts.assignments.map((a): AssignmentWithUnit => ({
      ...a,
      assigned_at: at(a.assigned_at),
      signed_at: atOrNull(a.signed_at),
      contacted_at: atOrNull(a.contacted_at),
      feedback_at: atOrNull(a.feedback_at),
      replied_at: atOrNull(a.replied_at),
    })),
    extension: parts.extension
      ? ({
          ...parts.extension,
          requested_until: at(parts.extension.requested_until),
          requested_at: at(parts.extension.requested_at),
          decided_at: atOrNull(parts.extension.decided_at),
        } satisfies ExtensionRow)
      : null,
    clocks: parts.clocks.map((c): ClockRow => ({
      ...c,
      started_at: at(c.started_at),
      due_at: at(c.due_at),
      warn_at: atOrNull(c.warn_at),
      warned_at: atOrNull(c.warned_at),
      breached_at: atOrNull(c.breached_at),
      met_at: atOrNull(c.met_at),
      paused_at: atOrNull(c.paused_at),
      cancelled_at: atOrNull(c.cancelled_at),
      next_fire_at: atOrNull(c.next_fire_at),
      claimed_until: atOrNull(c.claimed_until),
    })),
    cards: parts.cards.map((d): CardRow => ({ ...d, issued_at: at(d.issued_at) })),
  };
}

/** A row whose timestamps may be JSON text instead of Dates. */
type Jsonish<T> = {
  [K in keyof T]: T[K] extends Date ? Date | string : T[K] extends Date | null ? Date | string | null : T[K];
};

/**
 * Locks a case the actor may see for a command, in one query with everything its view shows
 * (see {@link casePartColumns}); undefined when out of scope. Only the case row is locked.
 */
export async function lockCaseForCommand(trx: Transaction<Database>, actor: Actor, caseId: string) {
  const found = await scopedCases(trx, actor)
    .selectAll('c')
    .select(casePartColumns)
    .where('c.id', '=', caseId)
    .forUpdate('c')
    .executeTakeFirst();
  if (!found) return undefined;
  const {
    assignments,
    extension,
    enterprise,
    category,
    jurisdiction_code,
    profile_version,
    jurisdiction_parent_id,
    clocks,
    cards,
    supervisions,
    ...row
  } = found;
  return {
    row,
    parts: {
      ...parseCaseParts({ assignments, extension, clocks, cards, supervisions }),
      enterprise,
      category,
      jurisdiction_code,
      profile_version,
      jurisdiction_parent_id,
    },
  };
}

/** Everything a case view shows besides the case row, in one query. */
export async function caseViewParts(db: Executor, caseId: string) {
  const found = await db
    .selectFrom('cases as c')
    .select(casePartColumns)
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const { enterprise, category, jurisdiction_code, profile_version, jurisdiction_parent_id } = found;
  return {
    ...parseCaseParts(found),
    enterprise,
    category,
    jurisdiction_code,
    profile_version,
    jurisdiction_parent_id,
  };
}

/** The parts of a case view as {@link caseViewParts} reads them. */
export type CaseParts = Awaited<ReturnType<typeof caseViewParts>>;

/** The case's jurisdiction, current round, lead unit and enterprise, without any scope. */
export function findCaseParties(db: Executor, caseId: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'jurisdiction_id', 'round', 'lead_unit_id', 'enterprise_id'])
    .where('id', '=', caseId)
    .executeTakeFirst();
}

/** Locks one case row by id, whatever the caller's scope: for the platform's own writes (a hand-up's result). */
export function lockCaseRow(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
