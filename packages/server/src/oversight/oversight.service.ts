import type { z } from 'zod';
import type { CaseStatus } from '@qisu/core';
import {
  dateToDay,
  dayToDate,
  HANDLING_UNIT_KINDS,
  maskPersonalText,
  OVERSIGHT_ROLES,
  shanghaiDay,
  shanghaiInstant,
} from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import type { Instants } from './oversight.repository.js';
import {
  cardsPerUnit,
  currentCounts,
  filedBreakdowns,
  listRedCards,
  listSupervisions,
  listUnsatisfied,
  openAssignmentsPerUnit,
  overduePerUnit,
  ratingsInPeriod,
  repliesPerUnit,
  unitsOf,
} from './oversight.repository.js';
import type {
  OversightSummary,
  OversightSummaryDto,
  PagingInput,
  PeriodInput,
  RedCardsInput,
  SupervisionsInput,
  UnitFigures,
} from './oversight.schemas.js';

/** Who reads the oversight figures (core's set); each sees them only over the cases of their data scope. */
export { OVERSIGHT_ROLES };

/** A resolved period: its Shanghai calendar days and the instants that bound them. */
export interface Period extends Instants {
  /** First day, Asia/Shanghai, `YYYY-MM-DD`. */
  from: string;
  /** Last day, included. */
  to: string;
}

const monthStart = (date: string) => `${date.slice(0, 7)}-01`;
function monthEnd(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The period of a summary as Shanghai calendar days and the instants that bound them: from
 * 00:00 of `from` to 00:00 after `to` (UTC+8, whatever the server's zone). Nothing given: the
 * current month; only `from`: to the end of its month; only `to`: from the start of its month.
 * The schema has already checked order and length when both are given.
 */
export function resolvePeriod(input: PeriodInput, now: Date): Period {
  const today = dayToDate(shanghaiDay(now));
  const from = input.from ?? monthStart(input.to ?? today);
  const to = input.to ?? monthEnd(input.from ?? today);
  return { from, to, start: shanghaiInstant(dateToDay(from), 0), end: shanghaiInstant(dateToDay(to) + 1, 0) };
}

type UnitFiguresDto = z.infer<typeof UnitFigures>;

/**
 * The leader's and the discipline commission's view of the loop over one period. Figures
 * marked "now" (open, overdue, warned, open assignments, overdue per unit) describe the moment
 * of the request whatever the period; the others count what happened in the period. Every
 * figure is taken over the cases the actor may see (`scopedCases`), so the discipline
 * commission's figures cover only the cases handed to it.
 */
export async function oversightSummary(
  deps: Deps,
  actor: Actor,
  input: PeriodInput,
): Promise<z.infer<typeof OversightSummary>> {
  requireRole(actor, OVERSIGHT_ROLES);
  const now = deps.clock.now();
  const period = resolvePeriod(input, now);
  const { db } = deps;
  const [current, filed, cards, open, overdue, replies, ratings, units] = await Promise.all([
    currentCounts(db, actor),
    filedBreakdowns(db, actor, period),
    cardsPerUnit(db, actor, period),
    openAssignmentsPerUnit(db, actor),
    overduePerUnit(db, actor),
    repliesPerUnit(db, actor, period),
    ratingsInPeriod(db, actor, period),
    unitsOf(db, actor),
  ]);

  const figures = new Map<string, UnitFiguresDto>();
  const blank = (u: { id: string; name: string; kind: string }): UnitFiguresDto => ({
    unitId: u.id,
    unitName: u.name,
    kind: u.kind,
    openAssignments: 0,
    overdue: 0,
    yellow: 0,
    red: 0,
    replied: 0,
    repliedOnTime: 0,
    satisfied: 0,
    rated: 0,
  });
  const names = new Map(units.map((u) => [u.id, u]));
  const of = (unitId: string): UnitFiguresDto | undefined => {
    const hit = figures.get(unitId);
    if (hit) return hit;
    const unit = names.get(unitId);
    if (!unit) return undefined;
    const entry = blank(unit);
    figures.set(unitId, entry);
    return entry;
  };
  for (const u of units) if (u.active && HANDLING_UNIT_KINDS.includes(u.kind)) of(u.id);
  for (const r of open) {
    const f = of(r.unitId);
    if (f) f.openAssignments = r.count;
  }
  for (const r of overdue) {
    const f = of(r.unitId);
    if (f) f.overdue = r.count;
  }
  for (const r of cards) {
    const f = of(r.unitId);
    if (f) f[r.colour] += r.count;
  }
  for (const r of replies) {
    const f = of(r.unitId);
    if (!f) continue;
    f.replied = r.replied;
    f.repliedOnTime = r.onTime;
  }
  for (const r of ratings.perUnit) {
    const f = of(r.unitId);
    if (!f) continue;
    f.satisfied = r.satisfied;
    f.rated = r.total;
  }

  const perDay = new Map(filed.byDay.map((d) => [d.day, d.count]));
  const byDay: OversightSummaryDto['byDay'] = [];
  for (let day = dateToDay(period.from); day <= dateToDay(period.to); day++) {
    byDay.push({ date: dayToDate(day), filed: perDay.get(day) ?? 0 });
  }
  const descending = <T extends { count: number }>(rows: T[]) => rows.sort((a, b) => b.count - a.count);

  return {
    from: period.from,
    to: period.to,
    asOf: now.toISOString(),
    ...current,
    filed: filed.byStatus.reduce((sum, r) => sum + r.count, 0),
    byStatus: descending(filed.byStatus.map((r) => ({ status: r.status as CaseStatus, count: r.count }))),
    cards: {
      yellow: cards.filter((c) => c.colour === 'yellow').reduce((sum, c) => sum + c.count, 0),
      red: cards.filter((c) => c.colour === 'red').reduce((sum, c) => sum + c.count, 0),
    },
    ratings: { satisfied: ratings.satisfied, total: ratings.total },
    units: [...figures.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN')),
    byCategory: descending(filed.byCategory),
    byChannel: descending(filed.byChannel),
    byDay,
  };
}

/**
 * Supervision records (督办) on the cases the actor may see: the hub, leader and admin those of
 * their jurisdiction, the discipline commission those of the cases handed to it.
 */
export async function supervisionRecords(deps: Deps, actor: Actor, input: SupervisionsInput) {
  requireRole(actor, OVERSIGHT_ROLES);
  const { items, total } = await listSupervisions(deps.db, actor, input);
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    items: items.map((r) => ({
      id: r.id,
      by: r.by_whom,
      instruction: r.instruction,
      response: r.response,
      at: r.at.toISOString(),
      actor: r.actor_id && r.actor_name ? { id: r.actor_id, name: r.actor_name } : null,
      case: { id: r.case_id, number: r.number, title: r.title, status: r.status as CaseStatus },
    })),
  };
}

/**
 * A row's nearest open time limit as the worklist words it: due time, milestone, owner, and
 * whether it has passed (breached, or due at or before `now`) or is close; and whether a
 * supervision awaits the case's response.
 */
function nearestDueOf(
  r: {
    due_at: Date | string | null;
    clock_state: string | null;
    milestone: string | null;
    clock_unit_id: string | null;
    supervised: unknown;
  },
  now: Date,
) {
  const dueAt = r.due_at ? new Date(r.due_at) : null;
  return {
    dueAt: dueAt?.toISOString() ?? null,
    dueMilestone: r.milestone,
    dueUnitId: r.clock_unit_id,
    overdue: dueAt !== null && (r.clock_state === 'breached' || dueAt.getTime() <= now.getTime()),
    warned: r.clock_state === 'warned',
    supervised: Boolean(r.supervised),
  };
}

/**
 * Cases with a rating the profile counted as unsatisfied when it was given (SPEC §5: below the
 * satisfied score), within the actor's scope. The enterprise's comment is free text, so personal
 * numbers in it are masked as in every list.
 */
export async function unsatisfiedCases(deps: Deps, actor: Actor, input: PagingInput) {
  requireRole(actor, OVERSIGHT_ROLES);
  const { items, total } = await listUnsatisfied(deps.db, actor, input);
  const now = deps.clock.now();
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    items: items.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status as CaseStatus,
      round: r.round,
      enterpriseName: r.enterprise_name,
      leadUnit: r.lead_unit_id && r.lead_unit_name ? { id: r.lead_unit_id, name: r.lead_unit_name } : null,
      unsatisfiedRatings: r.unsatisfied,
      lastScore: r.score,
      lastComment: r.comment === null ? null : maskPersonalText(r.comment),
      lastRatedAt: r.at.toISOString(),
      disciplineSupervised: Boolean(r.discipline_supervised),
      ...nearestDueOf(r, now),
    })),
  };
}

/**
 * Red cards of a period on the cases the actor may see, for the discipline commission's list:
 * unlike the card API, a card on a case outside the caller's scope does not appear at all.
 */
export async function redCardCases(deps: Deps, actor: Actor, input: RedCardsInput) {
  requireRole(actor, OVERSIGHT_ROLES);
  const period = resolvePeriod(input, deps.clock.now());
  const { items, total } = await listRedCards(deps.db, actor, period, input);
  const now = deps.clock.now();
  return {
    from: period.from,
    to: period.to,
    total,
    page: input.page,
    pageSize: input.pageSize,
    items: items.map((r) => ({
      id: r.id,
      unit: { id: r.unit_id, name: r.unit_name },
      reason: r.reason,
      escalation: r.escalation,
      issuedAt: r.issued_at.toISOString(),
      case: {
        id: r.case_id,
        number: r.number,
        title: r.title,
        status: r.status as CaseStatus,
        enterpriseName: r.enterprise_name,
        ...nearestDueOf(r, now),
      },
    })),
  };
}
