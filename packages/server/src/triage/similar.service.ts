import type { CaseStatus, Complexity } from '@qisu/core';
import { isTerminal } from '@qisu/core';
import { fingerprint, jaccard } from '@qisu/triage';
import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { findCaseVisibleTo } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Candidate } from './fingerprints.repository.js';
import { findCandidates } from './fingerprints.repository.js';
import { openCasesOfEnterprise, pastLeadUnits } from './triage.repository.js';

/** Word overlap (Jaccard) from which an open case is flagged as a likely duplicate. */
export const DUPLICATE_MIN = 0.5;
/** Word overlap from which a case is shown as similar at all. */
export const SIMILAR_MIN = 0.2;
/** Most LSH candidates scored for one case; the newest are kept. */
const CANDIDATE_LIMIT = 2000;
const MAX_OPEN = 10;
const MAX_SOLVED = 5;
/** Solved states: closed after the loop, or answered at screening. */
const SOLVED: readonly CaseStatus[] = ['closed', 'answered'];

export interface ScoredCandidate {
  candidate: Candidate;
  score: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Cases of the jurisdiction whose words overlap the text's by at least `SIMILAR_MIN`, most similar first. */
export async function scoreSimilar(
  db: Kysely<Database>,
  row: { id: string; jurisdiction_id: string; title: string; content: string },
): Promise<ScoredCandidate[]> {
  const own = fingerprint({ title: row.title, body: row.content });
  if (own.bands.length === 0) return [];
  const candidates = await findCandidates(db, row.jurisdiction_id, own.bands, row.id, CANDIDATE_LIMIT);
  return candidates
    .map((candidate) => ({ candidate, score: jaccard(own.tokens, candidate.tokens) }))
    .filter((s) => s.score >= SIMILAR_MIN)
    .sort((a, b) => b.score - a.score || +b.candidate.created_at - +a.candidate.created_at);
}

function brief(c: Candidate, score: number) {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    status: c.status as CaseStatus,
    score: round3(score),
    enterpriseName: c.enterprise_name,
    createdAt: c.created_at.toISOString(),
  };
}

/**
 * What screening shows next to a case: open cases that may be the same demand (text-similar ones
 * with their word overlap, and every other open case of the same enterprise), and similar solved
 * cases with how they were resolved.
 */
export async function similarCases(deps: Deps, actor: Actor, caseId: string) {
  requireRole(actor, ['hub', 'leader', 'admin']);
  const row = await findCaseVisibleTo(deps.db, actor, caseId);
  if (!row) throw new AppError('CASE_NOT_FOUND');
  const scored = await scoreSimilar(deps.db, row);
  const own = row.enterprise_id;
  const open = scored
    .filter((s) => !isTerminal(s.candidate.status as CaseStatus))
    .slice(0, MAX_OPEN)
    .map((s) => ({
      ...brief(s.candidate, s.score),
      duplicate: s.score >= DUPLICATE_MIN,
      sameEnterprise: own !== null && s.candidate.enterprise_id === own,
    }));
  if (own) {
    const listed = new Set(open.map((o) => o.id));
    const siblings = await openCasesOfEnterprise(deps.db, {
      jurisdictionId: row.jurisdiction_id,
      enterpriseId: own,
      exceptCaseId: row.id,
      limit: MAX_OPEN,
    });
    for (const s of siblings) {
      if (listed.has(s.id)) continue;
      open.push({
        id: s.id,
        number: s.number,
        title: s.title,
        status: s.status as CaseStatus,
        score: 0,
        enterpriseName: s.enterprise_name,
        createdAt: s.created_at.toISOString(),
        duplicate: false,
        sameEnterprise: true,
      });
    }
  }
  const solved = scored
    .filter((s) => SOLVED.includes(s.candidate.status as CaseStatus))
    .slice(0, MAX_SOLVED)
    .map(({ candidate: c, score }) => ({
      ...brief(c, score),
      closedAt: c.closed_at?.toISOString() ?? null,
      leadUnit: c.lead_unit_id ? { id: c.lead_unit_id, name: c.lead_unit_name ?? '' } : null,
      resolution:
        c.status === 'answered'
          ? { kind: 'answered' as const, result: null, text: c.answer_text, score: c.last_score }
          : { kind: 'replied' as const, result: c.result, text: c.result_text, score: c.last_score },
    }));
  return { open, solved, thresholds: { duplicate: DUPLICATE_MIN, similar: SIMILAR_MIN } };
}

interface Tally {
  unitId: string;
  unitName: string;
  weight: number;
  count: number;
}

function topUnit(rows: readonly { unitId: string; unitName: string; weight: number }[]): Tally | null {
  const byUnit = new Map<string, Tally>();
  for (const r of rows) {
    const t = byUnit.get(r.unitId) ?? { unitId: r.unitId, unitName: r.unitName, weight: 0, count: 0 };
    t.weight += r.weight;
    t.count += 1;
    byUnit.set(r.unitId, t);
  }
  return [...byUnit.values()].sort((a, b) => b.weight - a.weight || b.count - a.count)[0] ?? null;
}

function mostCommon<T>(values: readonly (T | null)[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Similar dispatched cases needed before their lead unit is suggested. */
const MIN_SIMILAR_SUPPORT = 2;
/** Dispatched cases of the category needed before its usual lead unit is suggested. */
const MIN_CATEGORY_SUPPORT = 3;
/** How far back past dispatches count. */
const LOOKBACK_DAYS = 730;

const COMPLEXITY_NAMES: Record<Complexity, { zh: string; en: string }> = {
  simple: { zh: '简单', en: 'simple' },
  general: { zh: '一般', en: 'general' },
  complex: { zh: '复杂', en: 'complex' },
};

/**
 * Lead unit and complexity learned from past dispatches, the second source after the routing
 * catalogue: first the units that led the most similar dispatched cases (votes weighted by word
 * overlap), else the unit that most often led cases of the category and the categories below it.
 * Null when neither has enough cases behind it. Only active units are suggested.
 */
export async function learnedRouting(
  deps: Deps,
  input: {
    jurisdictionId: string;
    similar: readonly ScoredCandidate[];
    category: { ids: readonly string[]; name: string } | null;
  },
) {
  const dispatched = input.similar.filter((s) => s.candidate.lead_unit_id && s.candidate.lead_unit_active);
  const bySimilar = topUnit(
    dispatched.map((s) => ({
      unitId: s.candidate.lead_unit_id!,
      unitName: s.candidate.lead_unit_name ?? '',
      weight: s.score,
    })),
  );
  if (bySimilar && bySimilar.count >= MIN_SIMILAR_SUPPORT) {
    const led = dispatched.filter((s) => s.candidate.lead_unit_id === bySimilar.unitId);
    const complexity = mostCommon(led.map((s) => s.candidate.complexity as Complexity | null));
    const best = round3(led[0]?.score ?? 0);
    return {
      leadUnit: { id: bySimilar.unitId, name: bySimilar.unitName },
      complexity,
      basis: 'similar' as const,
      support: dispatched.length,
      agreeing: bySimilar.count,
      reason: {
        zh:
          `相似的已派单诉求 ${dispatched.length} 件中，${bySimilar.count} 件由${bySimilar.unitName}牵头（最高相似度 ${best}）` +
          (complexity ? `，多按「${COMPLEXITY_NAMES[complexity].zh}」办理` : ''),
        en:
          `${bySimilar.count} of ${dispatched.length} similar dispatched cases were led by ${bySimilar.unitName} (best overlap ${best})` +
          (complexity ? `, mostly handled as ${COMPLEXITY_NAMES[complexity].en}` : ''),
      },
    };
  }
  if (!input.category) return null;
  const since = new Date(+deps.clock.now() - LOOKBACK_DAYS * 86_400_000);
  const past = await pastLeadUnits(deps.db, {
    jurisdictionId: input.jurisdictionId,
    categoryIds: input.category.ids,
    since,
  });
  const byCategory = topUnit(past.map((p) => ({ unitId: p.id, unitName: p.name, weight: 1 })));
  if (!byCategory || byCategory.count < MIN_CATEGORY_SUPPORT) return null;
  const complexity = mostCommon(
    past.filter((p) => p.id === byCategory.unitId).map((p) => p.complexity as Complexity | null),
  );
  const cat = input.category.name;
  return {
    leadUnit: { id: byCategory.unitId, name: byCategory.unitName },
    complexity,
    basis: 'category' as const,
    support: past.length,
    agreeing: byCategory.count,
    reason: {
      zh:
        `「${cat}」类诉求近两年已派单 ${past.length} 件，其中 ${byCategory.count} 件由${byCategory.unitName}牵头` +
        (complexity ? `，多按「${COMPLEXITY_NAMES[complexity].zh}」办理` : ''),
      en:
        `${byCategory.count} of ${past.length} “${cat}” cases dispatched in the last two years were led by ${byCategory.unitName}` +
        (complexity ? `, mostly handled as ${COMPLEXITY_NAMES[complexity].en}` : ''),
    },
  };
}
