import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { CardRun } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { scopedCases } from '../access/scope.js';
import type { CardsTable, ClockRow, ClocksTable, Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row INSERT: well below PostgreSQL's 65,535 bind parameters. */
const CHUNK = 500;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let at = 0; at < rows.length; at += CHUNK) await insert(rows.slice(at, at + CHUNK));
}

/**
 * Claims up to `limit` due clocks for `claimMs`: rows another process holds (locked, or claimed
 * and not yet expired) are skipped, so concurrent sweepers claim disjoint sets.
 */
export async function claimDueClocks(
  trx: Transaction<Database>,
  now: Date,
  limit: number,
  claimMs: number,
): Promise<{ id: string; case_id: string }[]> {
  const rows = await sql<{ id: string; case_id: string }>`
    UPDATE clocks SET claimed_until = ${new Date(+now + claimMs)}
    WHERE id IN (
      SELECT id FROM clocks
      WHERE next_fire_at <= ${now} AND (claimed_until IS NULL OR claimed_until < ${now})
      ORDER BY next_fire_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, case_id`.execute(trx);
  return rows.rows;
}

/** Locks the claimed clocks (after their cases: the order commands lock in), in id order. */
export function lockClocks(trx: Transaction<Database>, ids: readonly string[]): Promise<ClockRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('clocks')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Lets other processes claim these clocks again at once. */
export async function releaseClaims(trx: Transaction<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('clocks')
    .set({ claimed_until: null })
    .where('id', 'in', [...ids])
    .execute();
}

/** The warning fired: the clock next fires at its due time. */
export async function markWarned(trx: Transaction<Database>, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('clocks')
    .set((eb) => ({ state: 'warned', warned_at: at, next_fire_at: eb.ref('due_at'), claimed_until: null }))
    .where('id', 'in', [...ids])
    .execute();
}

/** The due time passed: the clock never fires again. */
export async function markBreached(trx: Transaction<Database>, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('clocks')
    .set({ state: 'breached', breached_at: at, next_fire_at: null, claimed_until: null })
    .where('id', 'in', [...ids])
    .execute();
}

/** Cards with their ids chosen by the caller, so events and messages can name them in the same batch. */
export async function insertCards(
  trx: Transaction<Database>,
  cards: readonly (Insertable<CardsTable> & { id: string })[],
): Promise<void> {
  await insertChunked(cards, (chunk) => trx.insertInto('cards').values(chunk).execute());
}

/** New clocks, answered as written (with their ids). */
export async function insertClocksReturning(
  trx: Transaction<Database>,
  clocks: readonly Insertable<ClocksTable>[],
): Promise<ClockRow[]> {
  const rows: ClockRow[] = [];
  await insertChunked(clocks, async (chunk) => {
    rows.push(...(await trx.insertInto('clocks').values(chunk).returningAll().execute()));
  });
  return rows;
}

/** New clocks, e.g. supervision follow-ups. */
export async function insertClocks(trx: Transaction<Database>, clocks: readonly Insertable<ClocksTable>[]) {
  await insertChunked(clocks, (chunk) => trx.insertInto('clocks').values(chunk).execute());
}

/**
 * The current card runs of these units, locked for the rest of the transaction in unit id order
 * (a unit without a row gets one at zero), so two sweepers counting the same unit's cards
 * serialise instead of both seeing the old run.
 */
export async function lockCardRuns(
  trx: Transaction<Database>,
  unitIds: readonly string[],
  at: Date,
): Promise<Map<string, CardRun>> {
  const units = [...new Set(unitIds)].sort();
  if (units.length === 0) return new Map();
  await trx
    .insertInto('unit_card_streaks')
    .values(units.map((unit_id) => ({ unit_id, yellow_streak: 0, red_streak: 0, updated_at: at })))
    .onConflict((oc) => oc.column('unit_id').doNothing())
    .execute();
  const rows = await trx
    .selectFrom('unit_card_streaks')
    .select(['unit_id', 'yellow_streak', 'red_streak'])
    .where('unit_id', 'in', units)
    .orderBy('unit_id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.unit_id, { yellow: r.yellow_streak, red: r.red_streak }]));
}

/** Stores each unit's run as the card rules left it. */
export async function saveCardRuns(trx: Transaction<Database>, runs: Map<string, CardRun>, at: Date): Promise<void> {
  for (const [unitId, run] of [...runs].sort(([a], [b]) => a.localeCompare(b))) {
    await trx
      .updateTable('unit_card_streaks')
      .set({ yellow_streak: run.yellow, red_streak: run.red, updated_at: at })
      .where('unit_id', '=', unitId)
      .execute();
  }
}

/** Every run of these units starts again (a carded milestone met in time). */
export async function resetCardRuns(trx: Transaction<Database>, unitIds: readonly string[], at: Date): Promise<void> {
  if (unitIds.length === 0) return;
  await trx
    .updateTable('unit_card_streaks')
    .set({ yellow_streak: 0, red_streak: 0, updated_at: at })
    .where('unit_id', 'in', [...unitIds])
    .execute();
}

/** Filters of the card list. */
export interface CardFilter {
  jurisdictionIds: readonly string[];
  /** Only this unit's cards (a unit's own view, or the filter). */
  unitIds?: readonly string[];
  from?: Date;
  to?: Date;
  limit: number;
  /**
   * Only cards on cases this actor may open (`caseScopeFilter`), and the cards tied to no case
   * of `caselessUnitId` (the actor's own unit); every card of the jurisdictions when absent.
   */
  scope?: { actor: Actor; caselessUnitId: string | null };
}

/** Cards with their unit's name and their case's number, newest first. */
export function listCards(db: Executor, filter: CardFilter) {
  let q = db
    .selectFrom('cards as k')
    .innerJoin('units as u', 'u.id', 'k.unit_id')
    .leftJoin('cases as c', 'c.id', 'k.case_id')
    .select([
      'k.id',
      'k.case_id',
      'c.number',
      'k.unit_id',
      'u.name',
      'k.colour',
      'k.reason',
      'k.reason_code',
      'k.escalation',
      'k.issued_at',
    ])
    .where('k.jurisdiction_id', 'in', [...filter.jurisdictionIds]);
  for (const unitId of filter.unitIds ?? []) q = q.where('k.unit_id', '=', unitId);
  if (filter.scope) {
    const { actor, caselessUnitId } = filter.scope;
    q = q.where((eb) =>
      eb.or([
        eb('k.case_id', 'in', scopedCases(db, actor).select('c.id')),
        ...(caselessUnitId ? [eb.and([eb('k.case_id', 'is', null), eb('k.unit_id', '=', caselessUnitId)])] : []),
      ]),
    );
  }
  if (filter.from) q = q.where('k.issued_at', '>=', filter.from);
  if (filter.to) q = q.where('k.issued_at', '<', filter.to);
  return q.orderBy('k.issued_at', 'desc').limit(filter.limit).execute();
}

/** The clock is met and never fires again. */
export async function markMet(trx: Transaction<Database>, id: string, at: Date): Promise<void> {
  await trx.updateTable('clocks').set({ state: 'met', met_at: at, next_fire_at: null }).where('id', '=', id).execute();
}

/** The clocks of a case still open (running, warned, breached or paused). */
export function openClocks(db: Executor, caseId: string) {
  return db
    .selectFrom('clocks')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('state', 'in', ['running', 'warned', 'breached', 'paused'])
    .execute();
}

/** These clocks are met and never fire again. */
export async function markMetMany(trx: Transaction<Database>, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('clocks')
    .set({ state: 'met', met_at: at, next_fire_at: null })
    .where('id', 'in', [...ids])
    .execute();
}

/** These clocks no longer count (the case left the stage they measure). */
export async function markCancelled(trx: Transaction<Database>, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('clocks')
    .set({ state: 'cancelled', cancelled_at: at, next_fire_at: null })
    .where('id', 'in', [...ids])
    .execute();
}

/** The clock stops while an extension is decided; it does not fire while paused. */
export async function markPaused(trx: Transaction<Database>, id: string, at: Date): Promise<void> {
  await trx
    .updateTable('clocks')
    .set({ state: 'paused', paused_at: at, next_fire_at: null })
    .where('id', '=', id)
    .execute();
}

/** Writes the columns the caller computed (e.g. a resumed clock's new due and warning). */
export async function updateClock(
  trx: Transaction<Database>,
  id: string,
  patch: Updateable<ClocksTable>,
): Promise<void> {
  await trx.updateTable('clocks').set(patch).where('id', '=', id).execute();
}

/** The clocks of a case the API shows (all but the cancelled ones), in the order they started. */
export function shownClocks(db: Executor, caseId: string): Promise<ClockRow[]> {
  return db
    .selectFrom('clocks')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('state', '!=', 'cancelled')
    .orderBy('started_at')
    .orderBy('milestone')
    .execute();
}
