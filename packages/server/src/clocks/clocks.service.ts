import type { Insertable, Kysely, Transaction } from 'kysely';
import type { CardColour, CardReason, ClockTrigger, Complexity, Milestone, Profile, WorkCalendar } from '@qisu/core';
import {
  breaksRun,
  cardReasonText,
  clockEffects,
  hasAnyRole,
  JURISDICTION_WIDE_ROLES,
  UNIT_ROLES,
  dueAt,
  isUnitMilestone,
  ruleDuration,
  warnAt,
} from '@qisu/core';
import { calendarFor } from '../calendar/calendar.service.js';
import type { CaseRow, ClockRow, ClocksTable, Database } from '../db/schema.js';
import { activeProfile } from '../profiles/profiles.service.js';
import type { Actor } from '../access/actor.js';
import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import type { Lang } from '../errors.js';
import {
  insertClocksReturning,
  listCards,
  markCancelled,
  markMet,
  markMetMany,
  markPaused,
  openClocks,
  resetCardRuns,
  shownClocks,
  updateClock,
} from './clocks.repository.js';
import type { CardListDto, CardQueryInput } from './clocks.schemas.js';

export interface TriggerContext {
  trx: Transaction<Database>;
  /** The case after the command's change. */
  row: CaseRow;
  trigger: ClockTrigger;
  at: Date;
  /** For `extension-decided`: the new due time when approved, null when denied. */
  extendedUntil?: Date | null;
  /** Limits chosen within the profile's ranges (checked by the command), by milestone. */
  chosen?: Partial<Record<Milestone, string>> | undefined;
  /** The jurisdiction's active profile, when the caller reads it once for several steps. */
  profile?: () => Promise<Profile>;
  /** The case's clocks as the caller already holds them (read inside this transaction); read when absent. */
  clocks?: readonly ClockRow[];
}

const OPEN_STATES: readonly string[] = ['running', 'warned', 'breached', 'paused'];

function nextFire(warn: Date | null, warned: Date | null, due: Date, breached: Date | null): Date | null {
  if (breached) return null;
  if (warn && !warned && warn < due) return warn;
  return due;
}

/**
 * Applies what a case event means for its clocks, inside the command's transaction: meets,
 * cancels, pauses and resumes the open clocks of the case, and starts new ones by the active
 * profile. A clock keeps the profile version it started under.
 */
export async function applyClockTrigger(ctx: TriggerContext): Promise<ClockRow[]> {
  const effects = clockEffects(ctx.trigger);
  const { trx, row, at } = ctx;
  const touchesOpen =
    effects.meet.length + effects.pause.length + effects.resume.length > 0 ||
    effects.cancel === 'all' ||
    effects.cancel.length > 0;
  const known = ctx.clocks?.filter((c) => OPEN_STATES.includes(c.state));
  const open = touchesOpen ? (known ?? (await openClocks(trx, row.id))) : [];
  const changed: ClockRow[] = [];

  const direct = open.filter((c) => (effects.meet as readonly string[]).includes(c.milestone) && c.state !== 'paused');
  // A supervision follow-up is met with the clock it follows up.
  const meet = [...direct, ...open.filter((c) => c.parent_clock_id && direct.some((d) => d.id === c.parent_clock_id))];
  if (meet.length > 0) {
    await markMetMany(
      trx,
      meet.map((c) => c.id),
      at,
    );
    await resetStreaksOnTime(trx, meet, at);
    changed.push(...meet.map((c) => ({ ...c, state: 'met' as const, met_at: at, next_fire_at: null })));
  }

  const cancelAll = effects.cancel === 'all';
  const cancel = open.filter(
    (c) => !meet.includes(c) && (cancelAll || (effects.cancel as readonly string[]).includes(c.milestone)),
  );
  if (cancel.length > 0) {
    await markCancelled(
      trx,
      cancel.map((c) => c.id),
      at,
    );
    changed.push(...cancel.map((c) => ({ ...c, state: 'cancelled' as const, cancelled_at: at, next_fire_at: null })));
  }

  const pause = open.filter(
    (c) => effects.pause.includes(c.milestone as Milestone) && (c.state === 'running' || c.state === 'warned'),
  );
  for (const c of pause) {
    await markPaused(trx, c.id, at);
    changed.push({ ...c, state: 'paused', paused_at: at, next_fire_at: null });
  }
  const resume = open.filter((c) => effects.resume.includes(c.milestone as Milestone) && c.state === 'paused');
  if (resume.length > 0) {
    const calendar = await calendarFor(trx, row.jurisdiction_id);
    for (const c of resume) changed.push(await resumeClock(trx, c, at, ctx.extendedUntil ?? null, calendar));
  }

  const toStart = effects.start;
  if (toStart.length === 0) return changed;
  const profile = ctx.profile ? await ctx.profile() : await activeProfile(trx, row.jurisdiction_id);
  let calendar: WorkCalendar | undefined;
  const started: Insertable<ClocksTable>[] = [];
  for (const milestone of toStart) {
    const found = ruleFor(profile, milestone === 'redo' && !hasRule(profile, 'redo') ? 'resolve' : milestone, row);
    if (!found) continue;
    const rule = { ...found, duration: ctx.chosen?.[milestone] ?? found.duration };
    calendar ??= await calendarFor(trx, row.jurisdiction_id, profile);
    const due = dueAt(calendar, at, rule.duration);
    const warn = rule.warn ? warnAt(calendar, at, due, rule.warn, rule.duration) : null;
    started.push({
      jurisdiction_id: row.jurisdiction_id,
      case_id: row.id,
      round: row.round,
      milestone,
      unit_id: isUnitMilestone(milestone) ? row.lead_unit_id : null,
      parent_clock_id: null,
      title: null,
      profile_version: profile.version,
      duration: rule.duration,
      card: rule.card ?? null,
      started_at: at,
      due_at: due,
      warn_at: warn,
      state: 'running',
      next_fire_at: nextFire(warn, null, due, null),
    });
  }
  changed.push(...(await insertClocksReturning(trx, started)));
  return changed;
}

function hasRule(profile: Profile, milestone: Milestone): boolean {
  return profile.clocks.some((r) => r.milestone === milestone);
}

/** The rule that applies to this case, with its duration resolved by complexity and kind. */
function ruleFor(profile: Profile, milestone: Milestone, row: CaseRow) {
  for (const rule of profile.clocks) {
    if (rule.milestone !== milestone) continue;
    const duration = ruleDuration(rule, (row.complexity as Complexity | null) ?? null, row.kind);
    if (duration) return { duration, warn: rule.warn, card: rule.card };
  }
  return null;
}

/**
 * Approved: due at the new time. Denied: the working time spent paused is added back, so the
 * unit loses none of its time and gains none over a weekend. The warning keeps its working-time
 * distance before the due.
 */
async function resumeClock(
  trx: Transaction<Database>,
  c: ClockRow,
  at: Date,
  until: Date | null,
  calendar: WorkCalendar,
): Promise<ClockRow> {
  const pausedFor = c.paused_at ? calendar.workingTimeBetween(c.paused_at, at) : 0;
  const due = until ?? calendar.addWorkingTime(c.due_at, pausedFor);
  let warn = c.warn_at;
  if (c.warn_at && !c.warned_at) {
    const lead = calendar.workingTimeBetween(c.warn_at, c.due_at);
    const moved = calendar.addWorkingTime(due, -lead);
    warn = moved < at ? at : moved;
  }
  const resumed = {
    state: c.warned_at ? ('warned' as const) : ('running' as const),
    paused_at: null,
    due_at: due,
    warn_at: warn,
    next_fire_at: nextFire(warn, c.warned_at, due, null),
  };
  await updateClock(trx, c.id, resumed);
  return { ...c, ...resumed };
}

/** A unit that meets a carded milestone in time breaks its runs of consecutive cards (绿牌). */
async function resetStreaksOnTime(trx: Transaction<Database>, met: ClockRow[], at: Date): Promise<void> {
  const onTime = met.filter(
    (c) => c.unit_id && breaksRun({ card: c.card as CardColour | null, breached: c.breached_at !== null }),
  );
  await resetCardRuns(trx, [...new Set(onTime.map((c) => c.unit_id as string))], at);
}

/** Starts the clocks of a solution plan's milestones for the lead unit; answers them as written. */
export function startPlanClocks(
  trx: Transaction<Database>,
  row: CaseRow,
  milestones: { title: string; dueAt: Date }[],
  at: Date,
): Promise<ClockRow[]> {
  return insertClocksReturning(
    trx,
    milestones.map((m) => ({
      jurisdiction_id: row.jurisdiction_id,
      case_id: row.id,
      round: row.round,
      milestone: 'plan',
      unit_id: row.lead_unit_id,
      parent_clock_id: null,
      title: m.title,
      profile_version: null,
      duration: 'plan',
      card: null,
      started_at: at,
      due_at: m.dueAt,
      warn_at: null,
      state: 'running' as const,
      next_fire_at: m.dueAt,
    })),
  );
}

/**
 * The clock of a supervision's deadline (督办时限), owned by the unit that holds the case (none
 * before dispatch); it breaches like any other clock and is met by the unit's response or reply.
 */
export async function startSupervisionClock(
  trx: Transaction<Database>,
  row: CaseRow,
  dueAt: Date,
  at: Date,
): Promise<ClockRow> {
  const [clock] = await insertClocksReturning(trx, [
    {
      jurisdiction_id: row.jurisdiction_id,
      case_id: row.id,
      round: row.round,
      milestone: 'supervision',
      unit_id: row.lead_unit_id,
      parent_clock_id: null,
      title: null,
      profile_version: null,
      duration: 'supervision',
      card: null,
      started_at: at,
      due_at: dueAt,
      warn_at: null,
      state: 'running' as const,
      next_fire_at: dueAt,
    },
  ]);
  if (!clock) throw new Error('supervision clock not inserted');
  return clock;
}

/** The clocks of a case as the API shows them. */
export async function caseClocks(trx: Transaction<Database> | Kysely<Database>, caseId: string) {
  return (await shownClocks(trx, caseId)).map(clockView);
}

/** An instant as ISO 8601 with milliseconds, from a row's Date or its JSON text. */
function isoOf(value: Date | string): string;
function isoOf(value: Date | string | null): string | null;
function isoOf(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/**
 * A clock as the API shows it, from its row — read as such, or as JSON inside a larger query
 * (where its instants arrive as text).
 */
export function clockView(c: Jsonish<ClockRow>) {
  return {
    id: c.id,
    milestone: c.milestone,
    round: c.round,
    unitId: c.unit_id,
    title: c.title,
    duration: c.duration,
    startedAt: isoOf(c.started_at),
    dueAt: isoOf(c.due_at),
    warnAt: isoOf(c.warn_at),
    state: c.state,
    warnedAt: isoOf(c.warned_at),
    breachedAt: isoOf(c.breached_at),
    metAt: isoOf(c.met_at),
    profileVersion: c.profile_version,
  };
}

/** A row whose instants may be JSON text instead of Dates. */
export type Jsonish<T> = {
  [K in keyof T]: T[K] extends Date ? Date | string : T[K] extends Date | null ? Date | string | null : T[K];
};

/** Cards beyond this many in one answer are left out; a period filter narrows the list. */
const CARD_LIST_LIMIT = 1000;

/**
 * A card's reason in one language, for every view that lists cards (the card list, the case
 * view). Rendered from the stored `CardReason` when the card has one, so milestone names follow
 * the language too; a card without one (written before reasons were kept as data, in a form the
 * migration could not read back) shows its stored Chinese text.
 */
export function cardReasonOf(row: { reason: string; reason_code: CardReason | null }, lang: Lang): string {
  if (!row.reason_code) return row.reason;
  return cardReasonText(row.reason_code, lang) || row.reason;
}

/**
 * Cards per unit and period, their reasons in `lang`, within the caller's data scope: hub,
 * leader and admin read every card of their jurisdictions; the discipline commission the cards
 * of any unit on the cases it may open; a unit's staff their own unit's cards on the cases they
 * may open (all assigned to the unit) and those tied to no case. The per-unit counts count only
 * the cards listed, so a card on a case the caller may not open shows nowhere.
 */
export async function listUnitCards(deps: Deps, actor: Actor, query: CardQueryInput): Promise<CardListDto> {
  const lang = actor.lang ?? 'zh';
  const staff = hasAnyRole(actor.roles, ['hub', 'leader', 'discipline', 'admin']);
  const unitStaff = hasAnyRole(actor.roles, UNIT_ROLES) && actor.unitId !== null;
  if (!staff && !unitStaff) throw new AppError('FORBIDDEN');
  const unitIds = [...(staff ? [] : [actor.unitId as string]), ...(query.unitId ? [query.unitId] : [])];
  const wide = hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES);
  const rows = await listCards(deps.db, {
    jurisdictionIds: actor.jurisdictionIds,
    unitIds,
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
    limit: CARD_LIST_LIMIT,
    ...(wide ? {} : { scope: { actor, caselessUnitId: unitStaff ? actor.unitId : null } }),
  });
  const perUnit = new Map<string, { unitId: string; unitName: string; yellow: number; red: number }>();
  for (const r of rows) {
    const entry = perUnit.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.name, yellow: 0, red: 0 };
    entry[r.colour]++;
    perUnit.set(r.unit_id, entry);
  }
  return {
    items: rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.number,
      unitId: r.unit_id,
      unitName: r.name,
      colour: r.colour,
      reason: cardReasonOf(r, lang),
      escalation: r.escalation,
      issuedAt: r.issued_at.toISOString(),
    })),
    perUnit: [...perUnit.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow),
  };
}

/** The titles of a case's plan milestones still open (a long-term case replies only when none is). */
export function openPlanMilestones(clocks: readonly ClockRow[]): string[] {
  return clocks.filter((c) => c.milestone === 'plan' && OPEN_STATES.includes(c.state)).map((c) => c.title ?? '');
}

/** Meets one clock now; answers the columns that changed. */
export async function meetClock(trx: Transaction<Database>, clock: ClockRow, at: Date) {
  await markMet(trx, clock.id, at);
  return { state: 'met' as const, met_at: at, next_fire_at: null };
}
