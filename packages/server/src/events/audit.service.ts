import type { Kysely } from 'kysely';
import { checkLink } from './hash-chain.js';
import type { ChainBreak } from '@qisu/core';
import type { Database } from '../db/schema.js';
import { caseChainLinks, chainPage, findChainHead, listChainJurisdictions } from './events.repository.js';

export interface ChainReport {
  jurisdiction: string;
  events: number;
  intact: boolean;
  /** The first broken event, when there is one. */
  firstBreak?: ChainBreak & { eventId: number; caseId: string | null; type: string };
}

const PAGE = 2000;

/**
 * Recomputes every jurisdiction's chain from its first event and stops each at its first
 * broken link: a changed field (hash mismatch), a link to the wrong predecessor, or a gap.
 * The chain head is checked too, so that deleting the last events is noticed.
 */
export async function verifyChains(
  db: Kysely<Database>,
  options: { jurisdictionIds?: string[]; onProgress?: (done: number) => void } = {},
): Promise<ChainReport[]> {
  const jurisdictions = await listChainJurisdictions(db, options.jurisdictionIds);
  const reports: ChainReport[] = [];
  let done = 0;
  for (const j of jurisdictions) {
    let previous: { seq: number; hash: string } | null = null;
    let count = 0;
    let firstBreak: ChainReport['firstBreak'];
    outer: for (;;) {
      const rows = await chainPage(db, j.id, previous?.seq ?? 0, PAGE);
      for (const row of rows) {
        count++;
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
        if (broken) {
          firstBreak = { ...broken, eventId: row.id, caseId: row.case_id, type: row.type };
          break outer;
        }
        previous = { seq: row.seq, hash: row.hash };
      }
      done += rows.length;
      options.onProgress?.(done);
      if (rows.length < PAGE) break;
    }
    if (!firstBreak) {
      const head = await findChainHead(db, j.id);
      const lastSeq = previous?.seq ?? 0;
      if (head && (head.last_seq !== lastSeq || (previous && head.last_hash !== previous.hash))) {
        firstBreak = { seq: lastSeq + 1, reason: 'seq-gap', eventId: 0, caseId: null, type: 'missing' };
      }
    }
    reports.push({ jurisdiction: j.code, events: count, intact: !firstBreak, ...(firstBreak ? { firstBreak } : {}) });
  }
  return reports;
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
