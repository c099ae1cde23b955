import type { CaseStatus, Complexity } from '@qisu/core';
import { hotspotSettings, isTerminal } from '@qisu/core';
import type { HotspotItem } from '@qisu/triage';
import { fingerprint, hotspotNeighbours, jaccard } from '@qisu/triage';
import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { findCaseVisibleTo } from '../cases/cases.service.js';
import { libraryMatchesForCase } from '../library/library.service.js';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { activeProfile } from '../profiles/profiles.service.js';
import type { Candidate } from './fingerprints.repository.js';
import { findCandidates } from './fingerprints.repository.js';
import { openCasesOfEnterprise, pastLeadUnits, recentCases } from './triage.repository.js';

/** Word overlap (Jaccard) from which a solved case is shown as similar. */
export const SIMILAR_MIN = 0.2;
/** Most LSH candidates scored for one case; the newest are kept. */
const CANDIDATE_LIMIT = 2000;
/**
 * Days of recent cases that make the context of the likeness measure, as hotspot detection reads
 * them: the longer of this and two of the profile's windows.
 */
const CONTEXT_DAYS = 30;
/** At most this many recent cases make the context (hotspot detection's limit too). */
const CONTEXT_LIMIT = 2000;
const MAX_OPEN = 10;
const MAX_ENTERPRISE = 10;
const MAX_SOLVED = 5;
const DAY_MS = 86_400_000;
/** Solved states: closed after the loop, or answered at screening. */
const SOLVED: readonly CaseStatus[] = ['closed', 'answered'];

export interface ScoredCandidate {
  candidate: Candidate;
  score: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Cases of the jurisdiction sharing an LSH key with the text, with their word overlap (Jaccard), newest first. */
async function lshCandidates(
  db: Kysely<Database>,
  row: { id: string; jurisdiction_id: string; title: string; content: string },
): Promise<ScoredCandidate[]> {
  const own = fingerprint({ title: row.title, body: row.content });
  if (own.bands.length === 0) return [];
  const candidates = await findCandidates(db, row.jurisdiction_id, own.bands, row.id, CANDIDATE_LIMIT);
  return candidates.map((candidate) => ({ candidate, score: jaccard(own.tokens, candidate.tokens) }));
}

/** Cases of the jurisdiction whose words overlap the text's by at least `SIMILAR_MIN`, most similar first. */
export async function scoreSimilar(
  db: Kysely<Database>,
  row: { id: string; jurisdiction_id: string; title: string; content: string },
): Promise<ScoredCandidate[]> {
  return (await lshCandidates(db, row))
    .filter((s) => s.score >= SIMILAR_MIN)
    .sort((a, b) => b.score - a.score || +b.candidate.created_at - +a.candidate.created_at);
}

/**
 * The likeness thresholds of screening, from the profile's hotspot similarity `s` (the
 * IDF-weighted word cosine of hotspot grouping). An open case is a likely duplicate when its
 * likeness reaches `duplicate` = 1.5·s, or when grouping at `s` puts it in the case's group and
 * that group holds at least `GROUP_MIN` cases (so every case the hotspot view groups with this one
 * is offered, however each reworded it); it is listed as similar from `similar` = s / 2, the
 * weakest link grouping considers. A pair grouped at `s` alone is not enough: on the 280 demo
 * demands, pairs at 0.2–0.27 are two different demands sharing a phrase (季节性茶企 …, 网谷片区 …),
 * while no unrelated demands reach 0.3 or form a group of three; each of the six reports of the
 * demo park outage has all five others in its group (their pairwise likeness is 0.21–0.35).
 */
export function likenessThresholds(similarity: number): { duplicate: number; similar: number } {
  return { duplicate: Math.min(1, 1.5 * similarity), similar: similarity / 2 };
}

/** Smallest group, the case included, whose members are likely duplicates of each other. */
export const GROUP_MIN = 3;

/** A case of the context as likeness lists show it. */
interface ContextCase {
  id: string;
  number: string;
  title: string;
  content: string;
  status: string;
  created_at: Date;
  enterprise_id: string | null;
  enterprise_name: string | null;
}

/**
 * What screening shows next to a case:
 * - `open`: open cases about the same problem, whichever enterprise filed them, measured as hotspot
 *   grouping measures cases (so the cases the hotspot view groups with this one are here) against
 *   the jurisdiction's recent cases and the older ones sharing a MinHash key; likely duplicates
 *   first, each to merge into;
 * - `enterpriseOpen`: the enterprise's other open cases that are not alike — context, never a
 *   merge target;
 * - `solved`: similar solved cases with how they were resolved;
 * - `library`: experience library entries alike the case (经验库), with their resolutions.
 */
export async function similarCases(deps: Deps, actor: Actor, caseId: string) {
  requireRole(actor, ['hub', 'leader', 'admin']);
  const row = await findCaseVisibleTo(deps.db, actor, caseId);
  if (!row) throw new AppError('CASE_NOT_FOUND');
  const settings = hotspotSettings(await activeProfile(deps.db, row.jurisdiction_id));
  const thresholds = likenessThresholds(settings.similarity);
  const lsh = await lshCandidates(deps.db, row);
  const since = new Date(+deps.clock.now() - Math.max(2 * settings.windowDays, CONTEXT_DAYS) * DAY_MS);
  const context = new Map<string, ContextCase>();
  for (const c of await recentCases(deps.db, {
    jurisdictionId: row.jurisdiction_id,
    since,
    exceptCaseId: row.id,
    limit: CONTEXT_LIMIT,
  })) {
    context.set(c.id, c);
  }
  for (const { candidate } of lsh) if (!context.has(candidate.id)) context.set(candidate.id, candidate);
  const items: HotspotItem[] = [
    { id: row.id, title: row.title, body: row.content, time: row.created_at },
    ...[...context.values()].map((c) => ({ id: c.id, title: c.title, body: c.content, time: c.created_at })),
  ];
  const own = row.enterprise_id;
  const neighbours = hotspotNeighbours(items, row.id, { similarity: settings.similarity });
  const inGroup = 1 + neighbours.filter((n) => n.grouped).length >= GROUP_MIN;
  const alike = neighbours
    .filter((n) => n.similarity >= thresholds.similar)
    .flatMap((n) => {
      const c = context.get(n.id);
      if (!c || isTerminal(c.status as CaseStatus)) return [];
      const duplicate = n.similarity >= thresholds.duplicate || (inGroup && n.grouped);
      return [{ ...brief(c, n.similarity), duplicate, sameEnterprise: own !== null && c.enterprise_id === own }];
    })
    .sort((a, b) => Number(b.duplicate) - Number(a.duplicate) || b.score - a.score);
  const open = alike.slice(0, MAX_OPEN);
  const listed = new Set(open.map((o) => o.id));
  const enterpriseOpen = own
    ? (
        await openCasesOfEnterprise(deps.db, {
          jurisdictionId: row.jurisdiction_id,
          enterpriseId: own,
          exceptCaseId: row.id,
          limit: MAX_ENTERPRISE + MAX_OPEN,
        })
      )
        .filter((s) => !listed.has(s.id))
        .slice(0, MAX_ENTERPRISE)
        .map((s) => ({
          id: s.id,
          number: s.number,
          title: s.title,
          status: s.status as CaseStatus,
          score: round3(alike.find((a) => a.id === s.id)?.score ?? 0),
          enterpriseName: s.enterprise_name,
          createdAt: s.created_at.toISOString(),
        }))
    : [];
  const solved = lsh
    .filter((s) => s.score >= SIMILAR_MIN && SOLVED.includes(s.candidate.status as CaseStatus))
    .sort((a, b) => b.score - a.score || +b.candidate.created_at - +a.candidate.created_at)
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
  const library = await libraryMatchesForCase(deps.db, row);
  return { open, enterpriseOpen, solved, library, thresholds: { ...thresholds, solved: SIMILAR_MIN } };
}

function brief(c: ContextCase | Candidate, score: number) {
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
