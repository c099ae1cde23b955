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
export const SCREENING_ACTIONS = ['dispatch', 'answer', 'reject', 'merge'] as const;
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
    dispatch: ['leadUnitId', 'coUnitIds', 'complexity', 'categoryId', 'note'],
    answer: ['text'],
    reject: ['reason'],
    merge: ['intoCaseId'],
  };
  const body: Record<string, unknown> = {};
  for (const key of keep[action]) {
    const value = values[key];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    body[key] = typeof value === 'string' ? value.trim() : value;
  }
  return body;
}

/** The models that may serve the jurisdiction and the last retraining (`GET /api/v1/triage/models`). */
export type ModelsOverview = ResponseOf<'/api/v1/triage/models'>;

/** One stored category model. */
export type TriageModel = ModelsOverview['models'][number];
