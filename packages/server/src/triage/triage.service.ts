import type { ClassificationReport, Model, ModelQuality, Prediction, TrainingExample } from '@qisu/triage';
import { deserialize, evaluate, predict, serialize, stratifiedKFold, train } from '@qisu/triage';
import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { findCaseVisibleTo } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import {
  categoryChain,
  categorySubtree,
  everyCategory,
  jurisdictionCategories,
  suggestRouting,
} from '../routing/routing.service.js';
import { learnedRouting, scoreSimilar } from './similar.service.js';
import { findActiveModel, insertActiveModel, listModels, screenedCases } from './triage.repository.js';

/** Folds of the cross-validation that measures a model before it is stored. */
const QUALITY_FOLDS = 5;

/**
 * Measures how a model trained this way does on cases it has not seen: stratified k-fold
 * cross-validation. Too few cases of a label to put one in every fold → no measurement (null).
 */
export function crossValidate(examples: readonly TrainingExample[], folds = QUALITY_FOLDS): ModelQuality | null {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  if ([...counts.values()].some((n) => n < folds)) return null;
  const truth: string[] = [];
  const predicted: string[] = [];
  for (const test of stratifiedKFold(
    examples.map((e) => e.label),
    folds,
  )) {
    const held = new Set(test);
    const model = train(examples.filter((_, i) => !held.has(i)));
    for (const i of test) {
      const example = examples[i];
      if (!example) continue;
      truth.push(example.label);
      predicted.push(predict(model, example).label);
    }
  }
  const report = evaluate(truth, predicted);
  return { accuracy: report.accuracy, macroF1: report.macroF1, method: `${folds}-fold cross-validation` };
}

/**
 * Trains a category model on labelled cases, measures it by cross-validation, stores it as the
 * next version of its scope (a jurisdiction, or every jurisdiction when `jurisdictionId` is
 * null) and makes it the active one. Training runs outside any transaction; only the insert
 * holds one.
 */
export async function trainAndActivate(
  db: Kysely<Database>,
  input: { jurisdictionId: string | null; examples: readonly TrainingExample[]; now: Date },
) {
  const quality = crossValidate(input.examples);
  const model = train(input.examples, {
    createdAt: input.now.toISOString(),
    ...(quality ? { quality } : {}),
  });
  const stored = await db.transaction().execute((trx) =>
    insertActiveModel(trx, {
      jurisdictionId: input.jurisdictionId,
      model: serialize(model),
      labels: model.info.labels,
      examples: input.examples.length,
      quality,
      at: input.now,
    }),
  );
  forget();
  return {
    id: stored.id,
    version: stored.version,
    labels: model.info.labels,
    examples: input.examples.length,
    quality,
  };
}

/**
 * Training data from the cases themselves: every case the hub has screened (accepted, or taken
 * further) with a category — the category it confirmed or corrected to — labelled with the name
 * of that category's top-level ancestor, the level the model suggests. Of one jurisdiction, or of
 * all when `jurisdictionId` is null.
 */
export async function casesTrainingSet(
  db: Kysely<Database>,
  jurisdictionId: string | null,
): Promise<TrainingExample[]> {
  const rows = await screenedCases(db, jurisdictionId);
  const categories = await everyCategory(db);
  const byId = new Map(categories.map((c) => [c.id, c]));
  const examples: TrainingExample[] = [];
  for (const r of rows) {
    const chain = categoryChain(categories, r.category_id!);
    const top = byId.get(chain[chain.length - 1] ?? '');
    if (top) examples.push({ title: r.title, body: r.content, label: top.name });
  }
  return examples;
}

/** Deserialised models by row id: a stored version never changes, so it is read once. */
const loaded = new Map<string, Model>();
function forget() {
  loaded.clear();
}

/** The model that serves a jurisdiction (its own, else the one for all), or null when none is trained. */
export async function activeModel(db: Kysely<Database>, jurisdictionId: string | null) {
  const row = await findActiveModel(db, jurisdictionId);
  if (!row) return null;
  let model = loaded.get(row.id);
  if (!model) {
    model = deserialize(row.model);
    loaded.set(row.id, model);
  }
  return { id: row.id, version: row.version, jurisdictionId: row.jurisdiction_id, model };
}

/** Predicts every labelled case with the active model and scores the predictions. */
export async function evaluateActive(
  db: Kysely<Database>,
  jurisdictionId: string | null,
  examples: readonly TrainingExample[],
): Promise<(ClassificationReport & { version: number }) | null> {
  const active = await activeModel(db, jurisdictionId);
  if (!active) return null;
  const predictions: Prediction[] = examples.map((e) => predict(active.model, e));
  return {
    ...evaluate(
      examples.map((e) => e.label),
      predictions.map((p) => p.label),
    ),
    version: active.version,
  };
}

/** Below this confidence the model does not override the category the case was filed under. */
export const MODEL_OVERRIDES_FILED = 0.5;

type CategoryRow = Awaited<ReturnType<typeof jurisdictionCategories>>[number];

/**
 * The one category screening starts from, so that the category shown and the units suggested
 * never disagree:
 * - the category the case was filed under, when the model has no label for it, agrees with it
 *   (its label is that category's top level), or is less sure than `MODEL_OVERRIDES_FILED`;
 * - else the model's label, refined to the child category that the most similar past cases under
 *   that label had (their word overlap as votes), when any had one;
 * - else the model's label itself; null when there is neither a model's label nor a filed category.
 */
export function suggestedCategory(
  categories: readonly { id: string; parent_id: string | null }[],
  input: {
    filedId: string | null;
    model: { categoryId: string | null; confidence: number } | null;
    similar: readonly { categoryId: string | null; score: number }[];
  },
): { id: string; basis: 'case' | 'model' | 'similar' } | null {
  const filed = input.filedId;
  const label = input.model?.categoryId ?? null;
  if (!label) return filed ? { id: filed, basis: 'case' } : null;
  const under = new Set(categorySubtree(categories, label));
  if (filed && (under.has(filed) || input.model!.confidence < MODEL_OVERRIDES_FILED)) {
    return { id: filed, basis: 'case' };
  }
  const votes = new Map<string, number>();
  for (const s of input.similar) {
    if (s.categoryId && s.categoryId !== label && under.has(s.categoryId)) {
      votes.set(s.categoryId, (votes.get(s.categoryId) ?? 0) + s.score);
    }
  }
  const refined = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  return refined ? { id: refined, basis: 'similar' } : { id: label, basis: 'model' };
}

/** A category's name with its parents', `水电气讯 / 供电与报装`. */
function categoryPath(categories: readonly CategoryRow[], id: string): { name: string; path: string } {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const names = categoryChain(categories, id)
    .map((c) => byId.get(c)?.name ?? '')
    .reverse();
  return { name: names.at(-1) ?? '', path: names.join(' / ') };
}

/**
 * What screening is offered for one case: the category model's suggestion (label, calibrated
 * confidence, the terms behind it, the runners-up), each label matched to the jurisdiction's
 * category of that name; the one category screening starts from (`suggestedCategory`); the
 * routing catalogue's units for that category and the case's region — so the unit suggested is
 * always the rule of the category shown — and, second, the lead unit and complexity learned from
 * past dispatches of similar cases or of that category.
 */
export async function suggestForCase(deps: Deps, actor: Actor, caseId: string) {
  requireRole(actor, ['hub', 'leader', 'admin']);
  const row = await findCaseVisibleTo(deps.db, actor, caseId);
  if (!row) throw new AppError('CASE_NOT_FOUND');
  const categories = await jurisdictionCategories(deps.db, row.jurisdiction_id);
  const categoryOf = (label: string) => categories.find((c) => c.parent_id === null && c.name === label)?.id ?? null;
  const served = await activeModel(deps.db, row.jurisdiction_id);
  let category = null;
  if (served) {
    const p = predict(served.model, { title: row.title, body: row.content });
    category = {
      modelVersion: served.version,
      label: p.label,
      categoryId: categoryOf(p.label),
      confidence: p.confidence,
      evidence: p.evidence.map((e) => ({ term: e.term, weight: e.weight })),
      ranking: p.ranking.slice(0, 3).map((r) => ({ ...r, categoryId: categoryOf(r.label) })),
    };
  }
  const similar = await scoreSimilar(deps.db, row);
  const picked = suggestedCategory(categories, {
    filedId: row.category_id,
    model: category ? { categoryId: category.categoryId, confidence: category.confidence } : null,
    similar: similar.map((s) => ({ categoryId: s.candidate.category_id, score: s.score })),
  });
  const basis: 'case' | 'suggestion' | 'region' = !picked ? 'region' : picked.basis === 'case' ? 'case' : 'suggestion';
  const categoryId = picked?.id ?? null;
  const routing = await suggestRouting(deps, actor, {
    categoryId: categoryId ?? undefined,
    regionCode: row.region_code ?? undefined,
  });
  const learned = await learnedRouting(deps, {
    jurisdictionId: row.jurisdiction_id,
    similar,
    category: categoryId
      ? {
          ids: categorySubtree(categories, categoryId),
          name: categories.find((c) => c.id === categoryId)?.name ?? '',
        }
      : null,
  });
  return {
    category,
    suggestedCategory: picked
      ? {
          id: picked.id,
          ...categoryPath(categories, picked.id),
          basis: picked.basis,
          filedDiffers: row.category_id !== null && row.category_id !== picked.id,
        }
      : null,
    regionCode: row.region_code,
    routing: { ...routing, basis },
    learned,
  };
}

/** A retraining under way or finished in this process, per jurisdiction. */
interface Retraining {
  startedAt: Date;
  finishedAt: Date | null;
  examples: number;
  version: number | null;
  error: string | null;
}
const retrainings = new Map<string, Retraining>();

function retrainingView(r: Retraining | undefined) {
  return r
    ? {
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        examples: r.examples,
        version: r.version,
        error: r.error,
      }
    : null;
}

/**
 * The category models that may serve the caller's jurisdiction (its own and those for all),
 * which one serves it now, and the last retraining started from this process.
 */
export async function modelsOverview(deps: Deps, actor: Actor) {
  requireRole(actor, ['admin', 'hub', 'leader']);
  const rows = await listModels(deps.db, actor.jurisdictionId);
  const serving = await findActiveModel(deps.db, actor.jurisdictionId);
  return {
    models: rows.map((r) => ({
      id: r.id,
      version: r.version,
      scope: r.jurisdiction_id ? ('jurisdiction' as const) : ('all' as const),
      labels: r.labels,
      examples: r.examples,
      quality: r.quality as { accuracy: number; macroF1: number; method: string } | null,
      active: r.active,
      serving: r.id === serving?.id,
      createdAt: r.created_at.toISOString(),
    })),
    retraining: retrainingView(retrainings.get(actor.jurisdictionId)),
  };
}

/**
 * Starts training the jurisdiction's next model on the cases its hub has screened (the
 * categories it confirmed or corrected). Training runs in the background — cross-validation
 * of thousands of cases takes minutes — and `modelsOverview` reports how it went. Admin only;
 * one at a time per jurisdiction in a process; cases of fewer than two categories → 400.
 */
export async function startRetraining(deps: Deps, actor: Actor) {
  requireRole(actor, ['admin']);
  const running = retrainings.get(actor.jurisdictionId);
  if (running && !running.finishedAt) throw new AppError('TRIAGE_TRAINING_RUNNING');
  const examples = await casesTrainingSet(deps.db, actor.jurisdictionId);
  const labels = new Set(examples.map((e) => e.label));
  if (labels.size < 2) {
    throw new AppError('TRIAGE_TOO_FEW_CASES', { cases: examples.length, labels: labels.size });
  }
  const job: Retraining = {
    startedAt: deps.clock.now(),
    finishedAt: null,
    examples: examples.length,
    version: null,
    error: null,
  };
  retrainings.set(actor.jurisdictionId, job);
  // Let the answer go out before the CPU-bound training starts.
  setImmediate(() => {
    trainAndActivate(deps.db, { jurisdictionId: actor.jurisdictionId, examples, now: deps.clock.now() }).then(
      (stored) => {
        job.version = stored.version;
        job.finishedAt = deps.clock.now();
      },
      (error: unknown) => {
        job.error = error instanceof Error ? error.message : String(error);
        job.finishedAt = deps.clock.now();
      },
    );
  });
  return retrainingView(job)!;
}
