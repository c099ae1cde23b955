import type { Transaction } from 'kysely';
import type { CaseKind, CaseStatus, ReplyResult } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import type { Deps } from '../context.js';
import type { CaseRow, Database, HandupHistoryEntry } from '../db/schema.js';
import { caseVisibleTo, fileCaseIn, returnHandedUpCase } from '../cases/cases.service.js';
import { AppError } from '../errors.js';
import { copyAttachmentsUp } from '../attachments/attachments.service.js';
import { enterpriseAbove } from '../enterprises/enterprises.service.js';
import { listCaseEvents } from '../events/events.service.js';
import { writeOutbox } from '../outbox/outbox.service.js';
import type { HandupsView } from './handups.schemas.js';
import {
  claimHandupToReturn,
  handupOfUpperCase,
  handupsOfLowerCase,
  handupsToReturn,
  insertHandup,
  jurisdictionName,
  markHandupReturned,
  parentJurisdiction,
} from './handups.repository.js';

/** What the upper level's case is, once filed. */
export interface UpperCase {
  id: string;
  number: string;
  jurisdictionId: string;
  jurisdictionName: string;
}

/**
 * Hands a case up (上报上级): files it as a case of the jurisdiction directly above, in the same
 * transaction as the lower case's own change, so both happen or neither. The upper case is the
 * level above's own: numbered there, in its screening queue, its enterprise that jurisdiction's
 * ledger entry of the same USCC (copied up when it has none), channel `handup`, and idempotent
 * per lower case and round. The lower case's record so far goes up with it, as the level above
 * received it; the upper hub is told. 400 when no jurisdiction above runs on this platform.
 */
export async function fileUpperCase(
  trx: Transaction<Database>,
  deps: Deps,
  lower: { row: CaseRow; actor: Actor; reason: string; now: Date },
): Promise<UpperCase> {
  const { row } = lower;
  const parent = await parentJurisdiction(trx, row.jurisdiction_id);
  if (!parent) throw new AppError('HANDUP_NO_PARENT');
  const from = await jurisdictionName(trx, row.jurisdiction_id);
  const enterpriseId = row.enterprise_id ? await enterpriseAbove(trx, row.enterprise_id, parent.id) : null;
  const contactMobile = deps.pii.open(row.contact_mobile);
  const upperActor: Actor = {
    userId: '',
    username: `handup:${from.code}`,
    name: from.name,
    roles: ['hub'],
    jurisdictionId: parent.id,
    jurisdictionCode: parent.code,
    jurisdictionIds: [parent.id],
    unitId: null,
    unitKind: null,
    unitRegionCode: null,
    enterpriseId: null,
    source: { kind: 'handup', keyId: from.code, name: from.name },
  };
  const upper = await fileCaseIn(
    trx,
    deps,
    upperActor,
    {
      title: row.title,
      content: row.content,
      kind: row.kind as CaseKind,
      externalRef: `${row.number}/${row.round}`,
      ...(enterpriseId ? { enterpriseId } : {}),
      ...(row.contact_name ? { contactName: row.contact_name } : {}),
      ...(contactMobile ? { contactMobile } : {}),
      ...(row.location ? { location: row.location } : {}),
    },
    'handup',
  );
  await copyAttachmentsUp(trx, row.id, {
    caseId: upper.id,
    jurisdictionId: parent.id,
    sourceName: from.name,
    at: lower.now,
  });
  await insertHandup(trx, {
    lower_case_id: row.id,
    lower_jurisdiction_id: row.jurisdiction_id,
    lower_round: row.round,
    upper_case_id: upper.id,
    upper_jurisdiction_id: parent.id,
    reason: lower.reason,
    history: JSON.stringify(await historyOf(trx, row.id)),
    handed_by: lower.actor.userId,
    handed_at: lower.now,
  });
  await writeOutbox(trx, {
    jurisdictionId: parent.id,
    topic: 'handup.received',
    recipient: { kind: 'role', id: 'hub' },
    at: lower.now,
    payload: { caseId: upper.id, number: upper.number, title: row.title, from: from.name },
  });
  return { id: upper.id, number: upper.number, jurisdictionId: parent.id, jurisdictionName: parent.name };
}

/** The lower case's record as the level above receives it: who, when, what they wrote; no hashes. */
async function historyOf(trx: Transaction<Database>, caseId: string): Promise<HandupHistoryEntry[]> {
  const events = await listCaseEvents(trx, caseId);
  return events.map((e) => ({
    at: new Date(e.at).toISOString(),
    type: e.type,
    actorName: e.actor_name,
    unitName: e.unit_name,
    payload: e.payload,
  }));
}

/** How many results one run sends down at most; the next run takes the rest. */
const RETURN_BATCH = 50;

/**
 * Sends the results of the upper cases down (the `handups.return` job): for each hand-up whose
 * upper case was replied to or finished, one transaction claims it, applies the result to the
 * lower case and marks it returned. A claim held by another process is skipped, so a result goes
 * down once however many processes run.
 */
export async function returnHandupResults(deps: Deps): Promise<{ returned: number }> {
  const due = await handupsToReturn(deps.db, RETURN_BATCH);
  let returned = 0;
  for (const { id } of due) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const h = await claimHandupToReturn(trx, id);
      if (!h) return false;
      const replied = h.result_text !== null;
      const to = replied ? 'replied' : 'screening';
      await returnHandedUpCase(trx, deps, {
        handupId: h.id,
        lowerCaseId: h.lower_case_id,
        lowerRound: h.lower_round,
        upperCaseId: h.upper_case_id,
        upperNumber: h.upper_number,
        to,
        result: replied ? (h.result as ReplyResult | null) : null,
        text: h.result_text ?? h.answer_text ?? h.reject_reason,
        upperStatus: h.upper_status as CaseStatus,
        upperUnitName: replied ? h.upper_unit_name : null,
      });
      await markHandupReturned(trx, h.id, to, deps.clock.now());
      return true;
    });
    if (done) returned += 1;
  }
  return { returned };
}

/**
 * The hand-ups of a case, from either side: those it was handed up in (with where each upper
 * case stands), and the lower case it came from with that case's record. Anyone who may see the
 * case sees them (the caller checks that first); nothing of the other jurisdiction beyond this.
 */
export async function caseHandups(deps: Deps, actor: Actor, caseId: string): Promise<HandupsView> {
  if (!(await caseVisibleTo(deps.db, actor, caseId))) throw new AppError('CASE_NOT_FOUND');
  const [up, from] = await Promise.all([handupsOfLowerCase(deps.db, caseId), handupOfUpperCase(deps.db, caseId)]);
  return {
    handedUp: up.map((h) => ({
      id: h.id,
      round: h.lower_round,
      reason: h.reason,
      handedAt: new Date(h.handed_at).toISOString(),
      handedByName: h.handed_by_name,
      upperNumber: h.upper_number,
      upperStatus: h.upper_status as CaseStatus,
      upperJurisdictionName: h.upper_jurisdiction_name,
      returnedAt: h.returned_at ? new Date(h.returned_at).toISOString() : null,
      returnedTo: h.returned_to,
    })),
    from: from
      ? {
          id: from.id,
          reason: from.reason,
          handedAt: new Date(from.handed_at).toISOString(),
          handedByName: from.handed_by_name,
          lowerNumber: from.lower_number,
          lowerJurisdictionName: from.lower_jurisdiction_name,
          returnedAt: from.returned_at ? new Date(from.returned_at).toISOString() : null,
          history: from.history,
        }
      : null,
  };
}
