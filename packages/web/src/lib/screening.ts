import type { ResponseOf } from '../api/models';
import { HANDLING_STATUSES, SCREENABLE_STATUSES } from '@qisu/core';
/** Everything screening is offered for one case: the category and the units (`GET /api/v1/cases/{id}/suggestions`). */
export type CaseSuggestions = ResponseOf<'/api/v1/cases/{id}/suggestions'>;

/** The category model's suggestion for a case. */
export type CategorySuggestion = NonNullable<CaseSuggestions['category']>;

/** Lead unit and complexity learned from past dispatches of similar cases or of the category. */
export type LearnedRouting = NonNullable<CaseSuggestions['learned']>;

/**
 * The units and complexity a suggestion proposes, whether from the catalogue (`routing`) or
 * learned (`learned`): the part of both that fills the dispatch form.
 */
export interface RoutingSuggestion {
  match?: CaseSuggestions['routing']['match'];
  leadUnit: LearnedRouting['leadUnit'] | null;
  coUnits: LearnedRouting['leadUnit'][];
  complexity: string | null;
  reason: LearnedRouting['reason'];
}

/** Likely duplicates and similar solved cases (`GET /api/v1/cases/{id}/similar`). */
export type SimilarCases = ResponseOf<'/api/v1/cases/{id}/similar'>;

/** A learned suggestion in the catalogue's shape, so "use this" fills the form the same way. */
export function learnedAsSuggestion(learned: LearnedRouting): RoutingSuggestion {
  return { leadUnit: learned.leadUnit, coUnits: [], complexity: learned.complexity, reason: learned.reason };
}

/** The screening outcomes a hub chooses between, each one command of the API. */
export const SCREENING_ACTIONS = ['dispatch', 'answer', 'reject', 'merge', 'hand-up'] as const;
export type ScreeningAction = (typeof SCREENING_ACTIONS)[number];

/** States a case waits in for screening (the queue of the screening screen): core's screenable states. */
export const SCREENING_QUEUE: readonly string[] = SCREENABLE_STATUSES;

/** States of a case that another may still be merged into: still screened or still handled. */
export const MERGEABLE_TARGETS: readonly string[] = [...SCREENABLE_STATUSES, ...HANDLING_STATUSES];

/** The dispatch form's values taken from a suggestion, keeping what the hub already chose. */
export function applySuggestion(
  current: { leadUnitId?: string; coUnitIds?: string[]; complexity?: string },
  suggestion: RoutingSuggestion,
): { leadUnitId?: string; coUnitIds?: string[]; complexity?: string } {
  return {
    ...current,
    ...(suggestion.leadUnit ? { leadUnitId: suggestion.leadUnit.id } : {}),
    ...(suggestion.coUnits.length > 0 ? { coUnitIds: suggestion.coUnits.map((u) => u.id) } : {}),
    ...(suggestion.complexity ? { complexity: suggestion.complexity } : {}),
  };
}

/** The body of a screening command from the form's values: only the fields that command takes. */
export function screeningBody(action: ScreeningAction, values: Record<string, unknown>): Record<string, unknown> {
  const keep: Record<ScreeningAction, string[]> = {
    dispatch: ['leadUnitId', 'coUnitIds', 'complexity', 'categoryId', 'note', 'limit'],
    answer: ['text'],
    reject: ['reason'],
    merge: ['intoCaseId'],
    // Its own field, so a reason typed for a refusal is not sent up as the hand-up's.
    'hand-up': ['handUpReason'],
  };
  const names: Record<string, string> = { handUpReason: 'reason' };
  const body: Record<string, unknown> = {};
  for (const key of keep[action]) {
    const value = values[key];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    body[names[key] ?? key] = typeof value === 'string' ? value.trim() : value;
  }
  return body;
}

/** The models that may serve the jurisdiction and the last retraining (`GET /api/v1/triage/models`). */
export type ModelsOverview = ResponseOf<'/api/v1/triage/models'>;

/** One stored category model. */
export type TriageModel = ModelsOverview['models'][number];

/**
 * A probability as the desk shows it, in whole per cent between 1 and 99: a model's confidence is
 * an estimate from a finite sample, so the desk never shows 100 % (nor 0 %) however it rounds.
 */
export function confidencePercent(probability: number): number {
  if (!Number.isFinite(probability)) return 1;
  return Math.min(99, Math.max(1, Math.round(probability * 100)));
}

/** How a queue item's time limit reads: time left, or time past it, in the largest whole unit. */
export interface DeadlineView {
  overdue: boolean;
  /** Within a working day's eight hours of the limit (not yet passed). */
  soon: boolean;
  unit: 'day' | 'hour' | 'minute';
  n: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * The countdown of a queue item's screening time limit (`dueAt`, and `overdue` as the server
 * judged it), or null when it has none: "剩 3 小时", "超期 2 天". Days and hours are whole, rounded
 * down, so "剩 1 天" means at least 24 hours; under an hour counts minutes (at least 1).
 */
export function deadlineView(
  item: { dueAt?: string | null; overdue?: boolean | null },
  now: Date,
): DeadlineView | null {
  if (!item.dueAt) return null;
  const due = Date.parse(item.dueAt);
  if (Number.isNaN(due)) return null;
  const diff = due - now.getTime();
  const overdue = item.overdue === true || diff < 0;
  const span = Math.abs(diff);
  const [unit, n]: [DeadlineView['unit'], number] =
    span >= DAY_MS
      ? ['day', Math.floor(span / DAY_MS)]
      : span >= HOUR_MS
        ? ['hour', Math.floor(span / HOUR_MS)]
        : ['minute', Math.max(1, Math.floor(span / MINUTE_MS))];
  return { overdue, soon: !overdue && diff < 8 * HOUR_MS, unit, n };
}

/**
 * After the catalogue's suggestion changed (the hub chose another category), the dispatch form's
 * units and complexity follow it where they still hold what the previous suggestion put there;
 * what the hub chose by hand stays.
 */
export function followSuggestion(
  current: { leadUnitId?: string; coUnitIds?: string[]; complexity?: string },
  previous: RoutingSuggestion | null,
  next: RoutingSuggestion,
): { leadUnitId?: string; coUnitIds?: string[]; complexity?: string } {
  const same = (a: readonly string[] | undefined, b: readonly string[]) =>
    (a ?? []).length === b.length && b.every((id) => (a ?? []).includes(id));
  const out = { ...current };
  if (!current.leadUnitId || current.leadUnitId === previous?.leadUnit?.id) {
    if (next.leadUnit) out.leadUnitId = next.leadUnit.id;
    else delete out.leadUnitId;
  }
  if (same(current.coUnitIds, previous?.coUnits.map((u) => u.id) ?? [])) {
    out.coUnitIds = next.coUnits.map((u) => u.id);
  }
  if (!current.complexity || current.complexity === previous?.complexity) {
    if (next.complexity) out.complexity = next.complexity;
  }
  return out;
}

/** What the desk says about the case just decided, to name it beside the next one. */
export interface HandledCase {
  id: string;
  number: string;
  action: ScreeningAction;
  /** The lead unit it went to (dispatch) or the case it joined (merge). */
  to: string | null;
}
