import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { ChainBreak, ReplayedCase, ReplayProblem } from '@qisu/core';
import { applyCaseEvent, CASE_CREATED_EVENT } from '@qisu/core';
import type { Database } from '../db/schema.js';
import { checkLink } from './hash-chain.js';
import {
  caseChainLinks,
  caseStatePage,
  chainPage,
  findChainHead,
  listChainAnchors,
  listChainJurisdictions,
} from './events.repository.js';
import type { ChainAnchorView } from './events.schemas.js';

/** One chain head an anchor recorded (see `ChainAnchorView`). */
export type ChainAnchor = z.infer<typeof ChainAnchorView>;

/** The first difference between a case's tables and what its events lead to. */
export interface StateMismatch {
  caseId: string;
  number: string | null;
  /**
   * `case` (a row without events, or events without a row), `events` (an event replay cannot
   * follow, at `seq`), or the field that differs: `status`, `round`, `leadUnit`, `coUnits`,
   * `assignments`, `lastScore`, `ratings`, `unsatisfiedRounds`, `disciplineFlag`.
   */
  field: string;
  /** The value in the tables (for `events`, what the event records). */
  table: string | null;
  /** The value the events lead to (for `events`, what the events before it lead to). */
  derived: string | null;
  seq?: number;
}

/** An anchored head the chain no longer reaches: its event is gone, or hashes differently. */
export interface AnchorBreak {
  seq: number;
  hash: string;
  /** `file`: given to `verify`; `stored`: recorded by the anchoring job. */
  source: 'file' | 'stored';
  reason: 'missing' | 'hash-mismatch';
}

export interface ChainReport {
  jurisdiction: string;
  events: number;
  /** Every check passed: the chain's links, its head, the cases against their events, the anchors. */
  intact: boolean;
  /** The first broken event, when there is one. */
  firstBreak?: ChainBreak & { eventId: number; caseId: string | null; type: string };
  /** Cases compared with their events. */
  cases: number;
  /** Cases whose tables differ from what their events lead to. */
  mismatches: number;
  /** The first of them by case number. */
  firstMismatch?: StateMismatch;
  /** Anchored heads the chain reaches. */
  anchors: number;
  /** The lowest anchored head it no longer reaches. */
  anchorBreak?: AnchorBreak;
}

const PAGE = 2000;

/** Options of {@link verifyChains}. */
export interface VerifyOptions {
  /** Only these jurisdictions (the caller's); anchors of others are then ignored. */
  jurisdictionIds?: string[];
  /** Told of the events read so far, across jurisdictions. */
  onProgress?: (done: number) => void;
  /** Heads written earlier (`qisu audit anchor`) that each chain must still reach. */
  anchors?: readonly ChainAnchor[];
}

/**
 * Verifies every jurisdiction, each in one read-only snapshot (so commands committing meanwhile
 * are either wholly seen or not at all):
 * - recomputes its chain from the first event and names the first broken link (a changed field,
 *   a link to the wrong predecessor, a gap), and checks the head, so deleting the last events is
 *   noticed;
 * - replays each case's events (core's `applyCaseEvent`) and compares status, round, lead unit,
 *   co-units, assignments, ratings, unsatisfied rounds and the discipline flag with the tables,
 *   naming the first case by number that differs — a row changed without an event;
 * - requires the chain to reach every anchored head, recorded by the anchoring job or given in
 *   `anchors`, with the same hash — a truncated tail, even with `event_chains` rewound.
 * Events and cases are read a page at a time; the replayed state of every case of a jurisdiction
 * is held in memory (a few hundred bytes a case).
 */
export async function verifyChains(db: Kysely<Database>, options: VerifyOptions = {}): Promise<ChainReport[]> {
  const jurisdictions = await listChainJurisdictions(db, options.jurisdictionIds);
  const reports: ChainReport[] = [];
  const progress = { done: 0, onProgress: options.onProgress };
  for (const j of jurisdictions) {
    const fromFile = (options.anchors ?? []).filter((a) => a.jurisdiction === j.code);
    reports.push(
      await db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute((trx) => verifyJurisdiction(trx, j, fromFile, progress)),
    );
  }
  if (!options.jurisdictionIds) {
    // A jurisdiction anchored in the file but gone from the database reaches none of its anchors.
    const known = new Set(jurisdictions.map((j) => j.code));
    for (const a of options.anchors ?? []) {
      if (known.has(a.jurisdiction) || reports.some((r) => r.jurisdiction === a.jurisdiction)) continue;
      const lowest = (options.anchors ?? [])
        .filter((b) => b.jurisdiction === a.jurisdiction)
        .reduce((x, y) => (y.seq < x.seq ? y : x));
      reports.push({
        jurisdiction: a.jurisdiction,
        events: 0,
        intact: false,
        cases: 0,
        mismatches: 0,
        anchors: 0,
        anchorBreak: { seq: lowest.seq, hash: lowest.hash, source: 'file', reason: 'missing' },
      });
    }
  }
  return reports;
}

async function verifyJurisdiction(
  trx: Transaction<Database>,
  j: { id: string; code: string },
  fromFile: readonly ChainAnchor[],
  progress: { done: number; onProgress: ((done: number) => void) | undefined },
): Promise<ChainReport> {
  const expected = new Map<number, { hash: string; source: AnchorBreak['source'] }[]>();
  const anchorAt = (seq: number, hash: string, source: AnchorBreak['source']) =>
    expected.set(seq, [...(expected.get(seq) ?? []), { hash, source }]);
  for (const a of await listChainAnchors(trx, j.id)) anchorAt(a.seq, a.hash, 'stored');
  for (const a of fromFile) anchorAt(a.seq, a.hash, 'file');
  const anchorBreaks: AnchorBreak[] = [];
  let anchors = 0;

  const replay = new CaseReplay();
  let previous: { seq: number; hash: string } | null = null;
  let afterSeq = 0;
  let count = 0;
  let firstBreak: ChainReport['firstBreak'];
  for (;;) {
    const rows = await chainPage(trx, j.id, afterSeq, PAGE);
    for (const row of rows) {
      count++;
      afterSeq = row.seq;
      if (!firstBreak) {
        const broken = checkLink(
          {
            jurisdictionId: j.id,
            seq: row.seq,
            caseId: row.case_id,
            type: row.type,
            actorId: row.actor_id,
            unitId: row.unit_id,
            at: row.at.toISOString(),
            payload: row.payload,
            prevHash: row.prev_hash,
            hash: row.hash,
          },
          previous,
        );
        if (broken) firstBreak = { ...broken, eventId: row.id, caseId: row.case_id, type: row.type };
        else previous = { seq: row.seq, hash: row.hash };
      }
      for (const anchor of expected.get(row.seq) ?? []) {
        if (anchor.hash === row.hash) anchors++;
        else anchorBreaks.push({ seq: row.seq, hash: anchor.hash, source: anchor.source, reason: 'hash-mismatch' });
      }
      expected.delete(row.seq);
      if (row.case_id)
        replay.apply(row.case_id, { seq: row.seq, type: row.type, unitId: row.unit_id, payload: row.payload });
    }
    progress.done += rows.length;
    progress.onProgress?.(progress.done);
    if (rows.length < PAGE) break;
  }
  for (const [seq, missing] of expected) {
    for (const anchor of missing)
      anchorBreaks.push({ seq, hash: anchor.hash, source: anchor.source, reason: 'missing' });
  }
  if (!firstBreak) {
    const head = await findChainHead(trx, j.id);
    const lastSeq = previous?.seq ?? 0;
    if (head && (head.last_seq !== lastSeq || (previous && head.last_hash !== previous.hash))) {
      firstBreak = { seq: lastSeq + 1, reason: 'seq-gap', eventId: 0, caseId: null, type: 'missing' };
    }
  }

  const states = await replay.compare(trx, j.id);
  const anchorBreak = anchorBreaks.sort((a, b) => a.seq - b.seq)[0];
  return {
    jurisdiction: j.code,
    events: count,
    intact: !firstBreak && !states.firstMismatch && !anchorBreak,
    ...(firstBreak ? { firstBreak } : {}),
    cases: states.cases,
    mismatches: states.mismatches,
    ...(states.firstMismatch ? { firstMismatch: states.firstMismatch } : {}),
    anchors,
    ...(anchorBreak ? { anchorBreak } : {}),
  };
}

/** A case row with what its events decide, as `caseStatePage` reads it. */
type CaseStateRow = Awaited<ReturnType<typeof caseStatePage>>[number];

/** The replayed state of every case of one jurisdiction, and its comparison with the tables. */
class CaseReplay {
  private readonly states = new Map<string, ReplayedCase>();
  private readonly problems = new Map<string, ReplayProblem>();
  private readonly numbers = new Map<string, string>();

  apply(caseId: string, event: Parameters<typeof applyCaseEvent>[1]): void {
    if (this.problems.has(caseId)) return;
    if (event.type === CASE_CREATED_EVENT && typeof event.payload['number'] === 'string') {
      this.numbers.set(caseId, event.payload['number']);
    }
    const step = applyCaseEvent(this.states.get(caseId), event);
    if (step.ok) this.states.set(caseId, step.state);
    else {
      this.problems.set(caseId, step.problem);
      this.states.delete(caseId);
    }
  }

  /** Reads the jurisdiction's cases in number order and compares each with its replay. */
  async compare(
    trx: Transaction<Database>,
    jurisdictionId: string,
  ): Promise<{ cases: number; mismatches: number; firstMismatch?: StateMismatch }> {
    let cases = 0;
    let mismatches = 0;
    let firstMismatch: StateMismatch | undefined;
    const found = (m: StateMismatch | null) => {
      if (!m) return;
      mismatches++;
      firstMismatch ??= m;
    };
    const seen = new Set<string>();
    let afterNumber = '';
    for (;;) {
      const rows = await caseStatePage(trx, jurisdictionId, afterNumber, PAGE);
      for (const row of rows) {
        cases++;
        seen.add(row.id);
        afterNumber = row.number;
        const problem = this.problems.get(row.id);
        const derived = this.states.get(row.id);
        if (problem) {
          found({
            caseId: row.id,
            number: row.number,
            field: 'events',
            table: problem.recorded === null ? problem.type : `${problem.type} ${problem.recorded}`,
            derived: problem.expected,
            seq: problem.seq,
          });
        } else if (!derived) {
          found({ caseId: row.id, number: row.number, field: 'case', table: row.status, derived: null });
        } else {
          found(caseDifference(row, derived));
        }
      }
      if (rows.length < PAGE) break;
    }
    // Events of a case whose row is gone, or now lies in another jurisdiction.
    for (const id of [...this.states.keys(), ...this.problems.keys()]) {
      if (seen.has(id)) continue;
      found({ caseId: id, number: this.numbers.get(id) ?? null, field: 'case', table: null, derived: 'filed' });
    }
    return { cases, mismatches, ...(firstMismatch ? { firstMismatch } : {}) };
  }
}

/** `round:unit:role:status` of each assignment, sorted, so two lists compare as multisets. */
const assignmentKeys = (list: readonly { round: number; unitId: string; role: string; status: string }[]) =>
  list.map((a) => `${a.round}:${a.unitId}:${a.role}:${a.status}`).sort();

/** The co-units holding an assignment of the current round, sorted and joined. */
const coUnitsOf = (list: readonly { round: number; unitId: string; role: string; status: string }[], round: number) =>
  list
    .filter((a) => a.round === round && a.role === 'co' && a.status !== 'returned')
    .map((a) => a.unitId)
    .sort()
    .join(',');

/** The first entry of either sorted list the other lacks, as the two sides of a difference. */
function firstMissing(table: readonly string[], derived: readonly string[]): [string | null, string | null] {
  const left = [...derived];
  const extra: string[] = [];
  for (const t of table) {
    const at = left.indexOf(t);
    if (at >= 0) left.splice(at, 1);
    else extra.push(t);
  }
  return [extra[0] ?? null, left[0] ?? null];
}

/** The first field in which a case's tables differ from its replayed state; null when none does. */
function caseDifference(row: CaseStateRow, d: ReplayedCase): StateMismatch | null {
  type Value = string | number | boolean | null;
  const diff = (field: string, table: Value, derived: Value): StateMismatch => ({
    caseId: row.id,
    number: row.number,
    field,
    table: table === null ? null : String(table),
    derived: derived === null ? null : String(derived),
  });
  if (row.status !== d.status) return diff('status', row.status, d.status);
  if (row.round !== d.round) return diff('round', row.round, d.round);
  if (row.lead_unit_id !== d.leadUnitId) return diff('leadUnit', row.lead_unit_id, d.leadUnitId);
  const tableAssignments = row.assignments.map((a) => ({
    round: a.round,
    unitId: a.unit_id,
    role: a.role,
    status: a.status,
  }));
  const tableCo = coUnitsOf(tableAssignments, row.round);
  const derivedCo = coUnitsOf(d.assignments, d.round);
  if (tableCo !== derivedCo) return diff('coUnits', tableCo, derivedCo);
  const [extraAssignment, missingAssignment] = firstMissing(
    assignmentKeys(tableAssignments),
    assignmentKeys(d.assignments),
  );
  if (extraAssignment !== null || missingAssignment !== null) {
    return diff('assignments', extraAssignment, missingAssignment);
  }
  if (row.last_score !== d.lastScore) return diff('lastScore', row.last_score, d.lastScore);
  const ratingKey = (r: { round: number; score: number; satisfied: boolean }) =>
    `${r.round}:${r.score}:${r.satisfied ? 'satisfied' : 'unsatisfied'}`;
  const [extraRating, missingRating] = firstMissing(row.ratings.map(ratingKey).sort(), d.ratings.map(ratingKey).sort());
  if (extraRating !== null || missingRating !== null) return diff('ratings', extraRating, missingRating);
  if (row.unsatisfied_rounds !== d.unsatisfiedRounds) {
    return diff('unsatisfiedRounds', row.unsatisfied_rounds, d.unsatisfiedRounds);
  }
  if (d.disciplineFlag !== null && row.discipline_flag !== d.disciplineFlag) {
    return diff('disciplineFlag', row.discipline_flag, d.disciplineFlag);
  }
  return null;
}

export interface CaseChainReport {
  events: number;
  intact: boolean;
  firstBreak?: ChainBreak & { type: string };
}

/**
 * Checks one case's links of its jurisdiction's chain: each of its events must hash to what is
 * stored and point at the hash of the event just before it (whichever case that belongs to).
 * This is what the case page shows; `qisu audit verify` still checks whole chains and heads.
 */
export async function verifyCaseChain(
  db: Kysely<Database>,
  jurisdictionId: string,
  caseId: string,
): Promise<CaseChainReport> {
  const { events, predecessors } = await caseChainLinks(db, jurisdictionId, caseId);
  for (const row of events) {
    const prevHash = predecessors.get(row.seq - 1);
    const previous = row.seq === 1 ? null : { seq: row.seq - 1, hash: prevHash ?? '' };
    const broken =
      row.seq > 1 && prevHash === undefined
        ? { seq: row.seq, reason: 'seq-gap' as const }
        : checkLink(
            {
              jurisdictionId,
              seq: row.seq,
              caseId: row.case_id,
              type: row.type,
              actorId: row.actor_id,
              unitId: row.unit_id,
              at: row.at.toISOString(),
              payload: row.payload,
              prevHash: row.prev_hash,
              hash: row.hash,
            },
            previous,
          );
    if (broken) return { events: events.length, intact: false, firstBreak: { ...broken, type: row.type } };
  }
  return { events: events.length, intact: true };
}
