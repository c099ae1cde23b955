import { HANDLING_STATUSES, SCREENABLE_STATUSES } from '@qisu/core';
/** The routing catalogue's answer for a case (GET /api/v1/routing-rules/suggest). */
export interface RoutingSuggestion {
  match?: string;
  leadUnit: { id: string; name: string } | null;
  coUnits: { id: string; name: string }[];
  complexity: string | null;
  reason: { zh: string; en: string };
}

/** The category model's suggestion for a case (GET /api/v1/cases/{id}/suggestions). */
export interface CategorySuggestion {
  modelVersion: number;
  label: string;
  categoryId: string | null;
  confidence: number;
  evidence: { term: string; weight: number }[];
  ranking: { label: string; probability: number; categoryId: string | null }[];
}

/** Lead unit and complexity learned from past dispatches of similar cases or of the category. */
export interface LearnedRouting {
  leadUnit: { id: string; name: string };
  complexity: string | null;
  basis: 'similar' | 'category';
  support: number;
  agreeing: number;
  reason: { zh: string; en: string };
}

/** Everything screening is offered for one case: the category and the units. */
export interface CaseSuggestions {
  category: CategorySuggestion | null;
  routing: RoutingSuggestion & { basis: 'case' | 'suggestion' | 'region' };
  learned: LearnedRouting | null;
}

interface SimilarBrief {
  id: string;
  number: string;
  title: string;
  status: string;
  /** Word overlap (Jaccard) with the case under screening, 0–1. */
  score: number;
  enterpriseName: string | null;
  createdAt: string;
}

/** Likely duplicates and similar solved cases (GET /api/v1/cases/{id}/similar). */
export interface SimilarCases {
  open: (SimilarBrief & { duplicate: boolean; sameEnterprise: boolean })[];
  solved: (SimilarBrief & {
    closedAt: string | null;
    leadUnit: { id: string; name: string } | null;
    resolution: { kind: 'answered' | 'replied'; result: string | null; text: string | null; score: number | null };
  })[];
  thresholds: { duplicate: number; similar: number };
}

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

/** One stored category model (GET /api/v1/triage/models). */
export interface TriageModel {
  id: string;
  version: number;
  scope: 'jurisdiction' | 'all';
  labels: string[];
  examples: number;
  quality: { accuracy: number; macroF1: number; method: string } | null;
  active: boolean;
  serving: boolean;
  createdAt: string;
}

/** The models that may serve the jurisdiction and the last retraining. */
export interface ModelsOverview {
  models: TriageModel[];
  retraining: {
    startedAt: string;
    finishedAt: string | null;
    examples: number;
    version: number | null;
    error: string | null;
  } | null;
}
