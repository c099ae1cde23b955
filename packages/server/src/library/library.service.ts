import type { CaseStatus, ReportPeriod } from '@qisu/core';
import {
  CASE_STATUS_LABELS,
  dateToDay,
  dayToDate,
  LIBRARY_EDITOR_ROLES,
  LIBRARY_READER_ROLES,
  OVERSIGHT_ROLES,
  parseReportPeriod,
  periodContaining,
  shanghaiDay,
  shanghaiInstant,
} from '@qisu/core';
import { jaccard, normalizeText, segmentWords, similarityTokens } from '@qisu/triage';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { findCaseVisibleTo, listCaseAssignments } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { LibraryEntryRow } from './library.repository.js';
import {
  entryOfCase,
  findEntry,
  insertEntry,
  jurisdictionName,
  listEntries,
  typicalEntriesBetween,
  updateEntry,
} from './library.repository.js';
import type {
  CreateLibraryEntryInput,
  LibraryEntryDto,
  LibraryQueryInput,
  TypicalCasesInput,
  UpdateLibraryEntryInput,
} from './library.schemas.js';
import { typicalCasesDocument } from './library.docx.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Likeness from which a library entry is offered beside a case at screening: the word overlap
 * (Jaccard, as similar solved cases measure it) of the entry's problem and tags with the case's
 * title and content. A distilled problem is shorter than a demand, so the floor is below the
 * solved cases' 0.2; a reworded demand of the same problem stays above it (the test shows both).
 */
export const LIBRARY_SIMILAR_MIN = 0.15;
/** Most entries offered beside one case. */
const MAX_MATCHES = 5;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The distinct jieba words of a text, as search compares them. */
function words(text: string): string[] {
  return [...new Set(segmentWords(normalizeText(text)))];
}

/** The words an entry is found by: those of its problem, resolution, policy basis and tags. */
function entryTokens(e: { problem: string; resolution: string; policyBasis: string | null; tags: readonly string[] }) {
  return words([e.problem, e.resolution, e.policyBasis ?? '', ...e.tags].join('\n')).sort();
}

function normaliseTags(tags: readonly string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim()).filter((t) => t.length > 0))];
}

function dtoOf(row: LibraryEntryRow): LibraryEntryDto {
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    caseTitle: row.case_title,
    problem: row.problem,
    resolution: row.resolution,
    policyBasis: row.policy_basis,
    units: row.unit_ids.map((id, i) => ({ id, name: row.unit_names[i] ?? '' })),
    category: row.category_id ? { id: row.category_id, name: row.category_name ?? '' } : null,
    tags: row.tags,
    typical: row.typical,
    typicalAt: row.typical_at?.toISOString() ?? null,
    createdBy: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Distils a closed case of the hub's jurisdiction into the library (经验积累库): the units that
 * solved it (lead first, then co-units, of every round) and its category are copied from the case,
 * so the entry keeps them when the case's data changes. 404 for a case outside the caller's scope
 * (another jurisdiction's), 409 with `currentStatus` for a case not closed, 409 when the case is
 * already in the library (one entry per case; the unique index decides under concurrency).
 */
export async function createLibraryEntry(
  deps: Deps,
  actor: Actor,
  input: CreateLibraryEntryInput,
): Promise<{ id: string }> {
  requireRole(actor, LIBRARY_EDITOR_ROLES);
  const row = await findCaseVisibleTo(deps.db, actor, input.caseId);
  if (!row || row.jurisdiction_id !== actor.jurisdictionId) throw new AppError('CASE_NOT_FOUND');
  if (row.status !== 'closed') {
    const label = CASE_STATUS_LABELS[row.status as CaseStatus];
    throw new AppError(
      'LIBRARY_CASE_NOT_CLOSED',
      { statusZh: label.zh, statusEn: label.en },
      { currentStatus: row.status },
    );
  }
  if (await entryOfCase(deps.db, row.id)) throw new AppError('LIBRARY_ENTRY_EXISTS');
  const units = new Map<string, string>();
  const assignments = await listCaseAssignments(deps.db, row.id);
  for (const a of [...assignments].sort((x, y) => Number(x.role !== 'lead') - Number(y.role !== 'lead'))) {
    if (!units.has(a.unit_id)) units.set(a.unit_id, a.unit_name);
  }
  const tags = normaliseTags(input.tags);
  const policyBasis = input.policyBasis?.trim() ? input.policyBasis.trim() : null;
  const now = deps.clock.now();
  try {
    return await insertEntry(deps.db, {
      jurisdiction_id: row.jurisdiction_id,
      case_id: row.id,
      problem: input.problem,
      resolution: input.resolution,
      policy_basis: policyBasis,
      unit_ids: [...units.keys()],
      unit_names: [...units.values()],
      category_id: row.category_id,
      tags,
      tokens: entryTokens({ problem: input.problem, resolution: input.resolution, policyBasis, tags }),
      created_by: actor.source ? null : actor.userId || null,
      created_at: now,
      updated_at: now,
    });
  } catch (error) {
    if (await entryOfCase(deps.db, row.id)) throw new AppError('LIBRARY_ENTRY_EXISTS');
    throw error;
  }
}

/** One entry of the caller's jurisdiction; 404 for another jurisdiction's, as for a missing one. */
export async function getLibraryEntry(deps: Deps, actor: Actor, id: string): Promise<LibraryEntryDto> {
  requireRole(actor, LIBRARY_READER_ROLES);
  const row = await findEntry(deps.db, actor.jurisdictionId, id);
  if (!row) throw new AppError('LIBRARY_ENTRY_NOT_FOUND');
  return dtoOf(row);
}

/**
 * The hub edits an entry, and publishes or withdraws it as a typical case (典型案例); the time
 * it was first marked typical is kept while it stays so, and places it in a report's period.
 */
export async function updateLibraryEntry(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateLibraryEntryInput,
): Promise<LibraryEntryDto> {
  requireRole(actor, LIBRARY_EDITOR_ROLES);
  const current = await findEntry(deps.db, actor.jurisdictionId, id);
  if (!current) throw new AppError('LIBRARY_ENTRY_NOT_FOUND');
  const next = {
    problem: input.problem ?? current.problem,
    resolution: input.resolution ?? current.resolution,
    policyBasis: input.policyBasis === undefined ? current.policy_basis : input.policyBasis?.trim() || null,
    tags: input.tags === undefined ? current.tags : normaliseTags(input.tags),
  };
  const typical = input.typical ?? current.typical;
  const now = deps.clock.now();
  await updateEntry(deps.db, actor.jurisdictionId, id, {
    problem: next.problem,
    resolution: next.resolution,
    policy_basis: next.policyBasis,
    tags: next.tags,
    tokens: entryTokens(next),
    typical,
    typical_at: typical ? (current.typical ? current.typical_at : now) : null,
    updated_at: now,
  });
  return getLibraryEntry(deps, actor, id);
}

/**
 * The library of the caller's jurisdiction. With `q`, the entries sharing a jieba word with it (or
 * holding it verbatim), ranked by the share of the query's words they hold; newest first without.
 */
export async function listLibrary(deps: Deps, actor: Actor, query: LibraryQueryInput) {
  requireRole(actor, LIBRARY_READER_ROLES);
  const q = query.q?.trim() ?? '';
  const asked = q ? words(q) : [];
  const rows = await listEntries(deps.db, {
    jurisdictionId: actor.jurisdictionId,
    ...(q ? { words: asked, raw: q } : {}),
    ...(query.typical !== undefined ? { typical: query.typical } : {}),
  });
  const items = rows.map((row) => {
    if (!q) return { ...dtoOf(row), score: null };
    const held = new Set(row.tokens);
    const shared = asked.filter((w) => held.has(w)).length;
    const verbatim = [row.problem, row.resolution, row.tags.join(' ')].some((t) => t.includes(q));
    const score = asked.length > 0 ? shared / asked.length : 0;
    return { ...dtoOf(row), score: round3(verbatim ? Math.max(score, 1) : score) };
  });
  if (q) items.sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || b.createdAt.localeCompare(a.createdAt));
  return { items, total: items.length };
}

/** A library entry alike a case, as screening shows it. */
export interface LibraryMatch {
  id: string;
  problem: string;
  resolution: string;
  score: number;
  typical: boolean;
  caseNumber: string;
  tags: string[];
}

/**
 * The library entries of a jurisdiction alike a case's text, most alike first, at or above
 * `LIBRARY_SIMILAR_MIN`; the entry made from the case itself is left out. The caller has checked
 * that the actor may see the case (screening's `similarCases` does).
 */
export async function libraryMatchesForCase(
  db: Executor,
  row: { id: string; jurisdiction_id: string; title: string; content: string },
): Promise<LibraryMatch[]> {
  const own = similarityTokens({ title: row.title, body: row.content });
  if (own.length === 0) return [];
  const rows = await listEntries(db, { jurisdictionId: row.jurisdiction_id });
  return rows
    .filter((e) => e.case_id !== row.id)
    .map((e) => ({ e, score: jaccard(own, similarityTokens({ title: e.problem, body: e.tags.join(' ') })) }))
    .filter((m) => m.score >= LIBRARY_SIMILAR_MIN)
    .sort((a, b) => b.score - a.score || +b.e.created_at - +a.e.created_at)
    .slice(0, MAX_MATCHES)
    .map(({ e, score }) => ({
      id: e.id,
      problem: e.problem,
      resolution: e.resolution,
      score: round3(score),
      typical: e.typical,
      caseNumber: e.case_number,
      tags: e.tags,
    }));
}

/** A typical entry as a report prints it. */
export interface TypicalEntry {
  caseNumber: string;
  caseTitle: string;
  problem: string;
  resolution: string;
  policyBasis: string | null;
  unitNames: string[];
  categoryName: string | null;
  tags: string[];
}

/**
 * The entries of a jurisdiction marked typical within `[start, end)` (instants), oldest first —
 * what the monthly notice and the typical-case 简报 print. No access check: the report's own.
 */
export async function typicalEntriesOf(
  db: Executor,
  jurisdictionId: string,
  start: Date,
  end: Date,
): Promise<TypicalEntry[]> {
  const rows = await typicalEntriesBetween(db, jurisdictionId, start, end);
  return rows.map((r) => ({
    caseNumber: r.case_number,
    caseTitle: r.case_title,
    problem: r.problem,
    resolution: r.resolution,
    policyBasis: r.policy_basis,
    unitNames: r.unit_names,
    categoryName: r.category_name,
    tags: r.tags,
  }));
}

/**
 * The typical-case 简报 (典型案例简报, seed 001 二(三)2) of a month, quarter, half-year or year as a
 * Word document: the entries marked typical in the period (Asia/Shanghai days). The current month
 * when no period is asked.
 */
export async function typicalCasesBrief(
  deps: Deps,
  actor: Actor,
  input: TypicalCasesInput,
): Promise<{ document: Buffer; fileName: string }> {
  requireRole(actor, OVERSIGHT_ROLES);
  const today = dayToDate(shanghaiDay(deps.clock.now()));
  const period: ReportPeriod = input.period ? parseReportPeriod(input.period)! : periodContaining('month', today);
  const start = shanghaiInstant(dateToDay(period.from), 0);
  const end = shanghaiInstant(dateToDay(period.to), 0);
  const entries = await typicalEntriesOf(deps.db, actor.jurisdictionId, start, end);
  const place = await jurisdictionName(deps.db, actor.jurisdictionId);
  const document = await typicalCasesDocument({
    jurisdictionName: place,
    periodLabel: period.label.zh,
    entries,
    generatedBy: actor.name,
    generatedOn: today,
  });
  return { document, fileName: `${place}典型案例简报-${period.code}.docx` };
}
