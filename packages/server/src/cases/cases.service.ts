import type { Kysely, Transaction } from 'kysely';
import type { ActorRelation, CaseCommand, CaseStatus, LoopSettings, Profile, ReplyResult } from '@qisu/core';
import {
  CASE_COMMANDS,
  HANDUP_RETURNED_EVENT,
  CASE_CREATOR_ROLES,
  decideCommand,
  formatCaseNumber,
  hasAnyRole,
  shanghaiYear,
  UNIT_ROLES,
} from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { activeProfile, profileOf } from '../profiles/profiles.service.js';
import type { Deps } from '../context.js';
import type { CaseRow, Database } from '../db/schema.js';
import { isUniqueViolation } from '../db/errors.js';
import { AppError, invalidField } from '../errors.js';
import { applyClockTrigger, cardReasonOf, clockView } from '../clocks/clocks.service.js';
import { verifyCaseChain } from '../events/audit.service.js';
import { appendEvent, listCaseEvents } from '../events/events.service.js';
import { categoryOf, categorySubtree, jurisdictionCategories } from '../routing/routing.service.js';
import { contactOfUser } from '../org/org.service.js';
import type { PiiKeyring } from '../pii/pii.service.js';
import { recordPiiViews } from '../pii/pii.service.js';
import { saveFingerprint } from '../triage/fingerprints.service.js';
import type { AssignmentWithUnit, CaseParts } from './cases.repository.js';
import { lockVisibleCase } from './cases.repository.js';
import {
  caseAssignments,
  caseViewParts,
  findByExternalRef,
  findCaseParties,
  findVisibleCase,
  insertCase,
  countVisibleCases,
  listVisibleCases,
  lockCaseRow,
  openFiling,
  updateCase,
} from './cases.repository.js';
import { caseEventMessages, writeOutboxMany } from '../outbox/outbox.service.js';
import type { CaseFilterInput, CaseViewDto, CreateCaseInput, ListCasesInput } from './cases.schemas.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The loop settings a profile gives the pure rules of core. */
export function loopSettingsOf(profile: Profile): LoopSettings {
  return {
    satisfiedMinScore: profile.rating.satisfiedMinScore,
    reviewAfterRounds: profile.loop.reviewAfterRounds ?? null,
    unsatisfiedTo: profile.loop.unsatisfiedTo,
  };
}

/** The loop settings of a jurisdiction, from its active profile. */
export async function loopSettings(db: Executor, jurisdictionId: string): Promise<LoopSettings> {
  const profile = await activeProfile(db, jurisdictionId);
  return loopSettingsOf(profile);
}

/**
 * Whether the actor may file for an enterprise looked after by `liaisonUserId`: the hub (and an
 * enterprise contact, already held to its own enterprise) for any; a liaison only for the
 * enterprises on their own ledger.
 */
function mayFileFor(actor: Actor, liaisonUserId: string | null): boolean {
  if (hasAnyRole(actor.roles, ['hub', 'enterprise'])) return true;
  return !actor.roles.includes('liaison') || liaisonUserId === actor.userId;
}

/**
 * Files a case. An enterprise contact files for their own enterprise; the hub may name any
 * enterprise of the jurisdiction, a liaison only one on their ledger. A repeated `externalRef` from the same channel
 * returns the case already filed (idempotent intake) with `created: false` — also when retries
 * race: the one that loses on the unique reference reads the winner's case. A platform filing
 * through an interface (`actor.source`) is named in the event; no user is.
 */
export async function createCase(
  deps: Deps,
  actor: Actor,
  input: CreateCaseInput,
): Promise<{ id: string; number: string; status: CaseStatus; created: boolean }> {
  if (!hasAnyRole(actor.roles, CASE_CREATOR_ROLES)) throw new AppError('FORBIDDEN');
  const channel = input.channel ?? (actor.roles.includes('enterprise') ? 'mobile' : 'web');
  try {
    return await fileCase(deps, actor, input, channel);
  } catch (error) {
    if (!input.externalRef || !isUniqueViolation(error)) throw error;
    const existing = await findByExternalRef(deps.db, actor.jurisdictionId, channel, input.externalRef);
    if (!existing) throw error;
    return { ...existing, status: existing.status as CaseStatus, created: false };
  }
}

function fileCase(
  deps: Deps,
  actor: Actor,
  input: CreateCaseInput,
  channel: string,
): Promise<{ id: string; number: string; status: CaseStatus; created: boolean }> {
  return deps.db.transaction().execute((trx) => fileCaseIn(trx, deps, actor, input, channel));
}

/**
 * Files a case inside a transaction the caller holds: the case, its first clocks, its fingerprint
 * and its `created` event, numbered in the actor's jurisdiction. The hand-up files the upper
 * level's case this way, in the same transaction as the lower case's own change.
 */
export async function fileCaseIn(
  trx: Transaction<Database>,
  deps: Deps,
  actor: Actor,
  input: CreateCaseInput,
  channel: string,
): Promise<{ id: string; number: string; status: CaseStatus; created: boolean }> {
  const userId = actor.source ? null : actor.userId;

  let enterpriseId = input.enterpriseId ?? null;
  if (actor.roles.includes('enterprise') && !hasAnyRole(actor.roles, ['hub', 'liaison'])) {
    if (enterpriseId && enterpriseId !== actor.enterpriseId) throw new AppError('FORBIDDEN');
    enterpriseId = actor.enterpriseId;
  }

  if (input.externalRef) {
    const existing = await findByExternalRef(trx, actor.jurisdictionId, channel, input.externalRef);
    if (existing) return { ...existing, status: existing.status as CaseStatus, created: false };
  }

  const now = deps.clock.now();
  const year = shanghaiYear(now);
  const filing = await openFiling(trx, actor.jurisdictionId, enterpriseId, year);
  const enterprise = filing.enterprise_id
    ? {
        id: filing.enterprise_id,
        region_code: filing.enterprise_region_code,
        contacts: filing.enterprise_contacts ?? [],
      }
    : undefined;
  if (enterpriseId && !enterprise) throw invalidField('enterpriseId', '企业不存在', 'no such enterprise');
  if (enterprise && !mayFileFor(actor, filing.enterprise_liaison_user_id)) throw new AppError('FORBIDDEN');
  if (input.categoryId) {
    const category = await categoryOf(trx, actor.jurisdictionId, input.categoryId);
    if (!category) throw invalidField('categoryId', '分类不存在', 'no such category');
  }

  // The mobile is kept encrypted: one given here is encrypted now; one taken from the filer's
  // account or the enterprise's first contact is copied as it is stored.
  let contactName = input.contactName ?? null;
  let contactMobile = deps.pii.seal(input.contactMobile);
  if (actor.roles.includes('enterprise') && (!contactName || !contactMobile)) {
    const me = await contactOfUser(trx, actor.jurisdictionId, actor.userId);
    contactName ??= me.name;
    contactMobile ??= me.storedMobile;
  }
  if ((!contactName || !contactMobile) && enterprise && enterprise.contacts.length > 0) {
    contactName ??= enterprise.contacts[0]?.name ?? null;
    contactMobile ??= enterprise.contacts[0]?.mobile ?? null;
  }

  const number = formatCaseNumber(actor.jurisdictionCode, year, filing.seq);
  const row = await insertCase(trx, {
    jurisdiction_id: actor.jurisdictionId,
    number,
    channel,
    external_ref: input.externalRef ?? null,
    enterprise_id: enterprise?.id ?? null,
    contact_name: contactName,
    contact_mobile: contactMobile === null ? null : deps.pii.ensureSealed(contactMobile),
    title: input.title,
    content: input.content,
    kind: input.kind ?? 'help',
    category_id: input.categoryId ?? null,
    complexity: null,
    location: input.location ?? null,
    region_code: enterprise?.region_code ?? null,
    status: 'submitted',
    lead_unit_id: null,
    merged_into_id: null,
    reject_reason: null,
    answer_text: null,
    result: null,
    result_text: null,
    last_score: null,
    escalated_to: null,
    created_by: userId,
    // Written only when a platform files, so that older schemas (migration tests) still take the row.
    ...(actor.source?.kind === 'intake' ? { intake_key_id: actor.source.keyId } : {}),
    created_at: now,
    updated_at: now,
    closed_at: null,
  });
  const profile = () =>
    profileOf(trx, { id: actor.jurisdictionId, code: filing.code, profile_version: filing.profile_version });
  await applyClockTrigger({ trx, row, trigger: 'created', at: now, profile });
  await saveFingerprint(trx, {
    caseId: row.id,
    jurisdictionId: actor.jurisdictionId,
    title: input.title,
    content: input.content,
  });
  await appendEvent(trx, {
    jurisdictionId: actor.jurisdictionId,
    caseId: row.id,
    type: 'created',
    actorId: userId,
    unitId: actor.unitId,
    at: now,
    payload: {
      number,
      title: input.title,
      channel,
      kind: input.kind ?? 'help',
      enterpriseId: enterprise?.id ?? null,
      externalRef: input.externalRef ?? null,
      ...(actor.source ? { source: actor.source } : {}),
    },
  });
  return { id: row.id, number: row.number, status: row.status as CaseStatus, created: true };
}

/** Midnight in Asia/Shanghai of the day `days` after `date` (YYYY-MM-DD). */
function shanghaiDayStart(date: string, days: number): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + days * 86_400_000);
}

/** A region code's prefix that its subdivisions share: 370400 (a city) → 3704, 370404 → 370404. */
export function regionPrefix(code: string): string {
  if (code.length !== 6) return code;
  return code.replace(/(00){1,2}$/, '');
}

/** A category and every category below it, within the actor's jurisdiction (none when unknown). */
async function categoryWithDescendants(db: Kysely<Database>, actor: Actor, categoryId: string): Promise<string[]> {
  const found = categorySubtree(await jurisdictionCategories(db, actor.jurisdictionId), categoryId);
  // An unknown category matches nothing rather than everything.
  return found.length > 0 ? found : ['00000000-0000-0000-0000-000000000000'];
}

/** The list filter of a worklist query, resolved (category subtree, Shanghai days, the caller's now). */
async function listFilterOf(deps: Deps, actor: Actor, input: CaseFilterInput) {
  if (input.from && input.to && input.to < input.from) {
    throw invalidField('to', '结束日期不能早于开始日期', 'the end date is before the start date');
  }
  if (input.cardFrom && input.cardTo && input.cardTo < input.cardFrom) {
    throw invalidField('cardTo', '结束日期不能早于开始日期', 'the end date is before the start date');
  }
  const carded = input.card !== undefined || input.cardFrom !== undefined || input.cardTo !== undefined;
  return {
    statuses: input.status,
    q: input.q,
    enterpriseId: input.enterpriseId,
    unitId: input.unitId,
    categoryIds: input.categoryId ? await categoryWithDescendants(deps.db, actor, input.categoryId) : undefined,
    channels: input.channel,
    regionPrefix: input.regionCode ? regionPrefix(input.regionCode) : undefined,
    from: input.from ? shanghaiDayStart(input.from, 0) : undefined,
    until: input.to ? shanghaiDayStart(input.to, 1) : undefined,
    unsatisfied: input.rating === 'unsatisfied',
    card: carded
      ? {
          colour: input.card,
          from: input.cardFrom ? shanghaiDayStart(input.cardFrom, 0) : undefined,
          until: input.cardTo ? shanghaiDayStart(input.cardTo, 1) : undefined,
        }
      : undefined,
    clock: input.clock,
    now: deps.clock.now(),
  };
}

type ListedCaseRow = Awaited<ReturnType<typeof listVisibleCases>>['items'][number];

/** A list row as every list shows it: contact masked, the nearest time limit and whether it has passed. */
function listItemOf(deps: Deps, r: ListedCaseRow, now: Date) {
  const dueAt = r.due_at ? new Date(r.due_at) : null;
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    status: r.status as CaseStatus,
    kind: r.kind,
    channel: r.channel,
    complexity: r.complexity,
    round: r.round,
    enterpriseName: r.enterprise_name,
    contactName: r.contact_name,
    contactMobile: deps.pii.masked(r.contact_mobile),
    leadUnit: r.lead_unit_id && r.lead_unit_name ? { id: r.lead_unit_id, name: r.lead_unit_name } : null,
    dueAt: dueAt?.toISOString() ?? null,
    dueMilestone: r.milestone ?? null,
    dueUnitId: r.clock_unit_id ?? null,
    dueUnitName: r.clock_unit_name ?? null,
    overdue: dueAt !== null && (r.clock_state === 'breached' || dueAt.getTime() <= now.getTime()),
    warned: r.clock_state === 'warned',
    supervised: Boolean(r.supervised),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** One page of the caller's cases with the filter applied. */
export async function listCases(deps: Deps, actor: Actor, input: ListCasesInput) {
  const filter = await listFilterOf(deps, actor, input);
  const { items, total } = await listVisibleCases(deps.db, actor, {
    ...filter,
    sort: input.sort,
    page: input.page,
    pageSize: input.pageSize,
  });
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    items: items.map((r) => listItemOf(deps, r, filter.now)),
  };
}

/** The worklist's tab counts: the caller's cases per state, and those overdue or warned, under the other filters. */
export async function countCases(deps: Deps, actor: Actor, input: CaseFilterInput) {
  const { statuses: _statuses, clock: _clock, ...filter } = await listFilterOf(deps, actor, input);
  const counts = await countVisibleCases(deps.db, actor, filter);
  const byStatus = Object.fromEntries(counts.byStatus.map((c) => [c.status, c.n]));
  return {
    total: counts.byStatus.reduce((sum, c) => sum + c.n, 0),
    byStatus,
    overdue: counts.overdue,
    warned: counts.warned,
  };
}

/** The most rows one export holds; a larger list must be narrowed by its filters first. */
export const EXPORT_ROW_LIMIT = 20_000;

/** Every case of the filtered list (in the list's order) as rows for an export; too many → 400. */
export async function exportCaseRows(deps: Deps, actor: Actor, input: CaseFilterInput & { sort?: 'newest' | 'due' }) {
  const filter = await listFilterOf(deps, actor, input);
  const { items, total } = await listVisibleCases(deps.db, actor, {
    ...filter,
    sort: input.sort,
    page: 1,
    pageSize: EXPORT_ROW_LIMIT,
  });
  if (total > EXPORT_ROW_LIMIT) {
    throw new AppError('EXPORT_TOO_LARGE', { limit: EXPORT_ROW_LIMIT, total });
  }
  return items.map((r) => ({ ...listItemOf(deps, r, filter.now), enterpriseUscc: r.enterprise_uscc }));
}

/**
 * One case as the actor may see it. When it shows the contact's whole mobile, the view is
 * recorded in the personal-data view log (one INSERT after the read) before it is answered.
 */
export async function getCase(deps: Deps, actor: Actor, caseId: string): Promise<CaseViewDto> {
  const row = await findVisibleCase(deps.db, actor, caseId);
  if (!row) throw new AppError('CASE_NOT_FOUND');
  const parts = await caseViewParts(deps.db, row.id);
  const view = caseViewOf(actor, row, parts, deps.pii);
  await recordCaseContactView(deps.db, actor, row, parts, 'case.view', deps.clock.now());
  return view;
}

/**
 * Records in the view log that the actor is shown the case's whole contact mobile, when the
 * case has one and the actor may see it whole (`caseViewOf` shows exactly that); else nothing.
 */
export async function recordCaseContactView(
  db: Executor,
  actor: Actor,
  row: CaseRow,
  parts: CaseParts,
  action: string,
  at: Date,
): Promise<void> {
  if (!showsWholeContact(actor, row, parts)) return;
  await recordPiiViews(db, actor, at, [
    { jurisdictionId: row.jurisdiction_id, subjectKind: 'case', subjectId: row.id, field: 'contactMobile', action },
  ]);
}

/** Whether the case's events are intact links of the jurisdiction's hash chain. */
export async function getCaseChain(deps: Deps, actor: Actor, caseId: string) {
  const row = await findVisibleCase(deps.db, actor, caseId);
  if (!row) throw new AppError('CASE_NOT_FOUND');
  return {
    ...(await verifyCaseChain(deps.db, row.jurisdiction_id, caseId)),
    checkedAt: deps.clock.now().toISOString(),
  };
}

export async function getCaseEvents(deps: Deps, actor: Actor, caseId: string) {
  const row = await findVisibleCase(deps.db, actor, caseId);
  if (!row) throw new AppError('CASE_NOT_FOUND');
  const events = await listCaseEvents(deps.db, caseId);
  return events.map((e) => ({
    seq: e.seq,
    type: e.type,
    actorId: e.actor_id,
    actorName: e.actor_name,
    unitId: e.unit_id,
    unitName: e.unit_name,
    at: e.at.toISOString(),
    payload: e.payload,
    hash: e.hash,
    prevHash: e.prev_hash,
  }));
}

/** What access decisions read of an assignment. */
type AssignmentFacts = Pick<AssignmentWithUnit, 'unit_id' | 'role' | 'status' | 'round'>;

/** How the actor stands towards the case's current round (see `decideCommand`). */
export function relationOf(actor: Actor, row: CaseRow, assignments: readonly AssignmentFacts[]): ActorRelation {
  const current = assignments.filter((a) => a.round === row.round && a.status !== 'returned');
  const mine =
    actor.unitId && hasAnyRole(actor.roles, UNIT_ROLES) ? current.filter((a) => a.unit_id === actor.unitId) : [];
  return {
    roles: actor.roles,
    isLeadUnit: mine.some((a) => a.role === 'lead'),
    isCoUnit: mine.some((a) => a.role === 'co'),
    isOwnEnterprise: actor.enterpriseId !== null && actor.enterpriseId === row.enterprise_id,
  };
}

/**
 * Whole contact details only for those who handle the case: the hub, the enterprise itself, the
 * units working on it, and the liaison who looks after the enterprise (or recorded a case that
 * names none); everyone else sees them masked.
 */
function seesContact(
  actor: Actor,
  row: CaseRow,
  assignments: readonly AssignmentFacts[],
  enterpriseLiaisonId: string | null,
): boolean {
  if (actor.roles.includes('hub')) return true;
  if (actor.roles.includes('liaison')) {
    const ownLedger =
      row.enterprise_id === null ? row.created_by === actor.userId : enterpriseLiaisonId === actor.userId;
    if (ownLedger) return true;
  }
  if (actor.enterpriseId !== null && actor.enterpriseId === row.enterprise_id) return true;
  return (
    hasAnyRole(actor.roles, UNIT_ROLES) &&
    actor.unitId !== null &&
    assignments.some((a) => a.unit_id === actor.unitId && a.status !== 'returned')
  );
}

/** An instant as ISO 8601, from a row's Date or the text it becomes inside a JSON part of a query. */
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Whether the case's view shows this actor a whole contact mobile (there is one, and they may see it). */
export function showsWholeContact(actor: Actor, row: CaseRow, parts: CaseParts): boolean {
  return (
    row.contact_mobile !== null && seesContact(actor, row, parts.assignments, parts.enterprise?.liaison_user_id ?? null)
  );
}

/**
 * The case as the API shows it to this actor, from the case row and the parts already read (a
 * command keeps them current as it writes, so its answer needs no second read). The contact
 * mobile is decrypted: whole for those who handle the case (a key that is not configured is
 * PII_KEY_MISSING), masked for everyone else. With `whole` false it is masked for everyone (an
 * answer that is not shown to a person, such as a bulk dispatch's or the demo seeder's).
 */
export function caseViewOf(actor: Actor, row: CaseRow, parts: CaseParts, pii: PiiKeyring, whole = true): CaseViewDto {
  const { assignments, extension, enterprise, category, cards, supervisions } = parts;
  const clocks = parts.clocks
    .filter((c) => c.state !== 'cancelled')
    .sort(
      (a, b) => +a.started_at - +b.started_at || (a.milestone < b.milestone ? -1 : a.milestone > b.milestone ? 1 : 0),
    )
    .map(clockView);
  const status = row.status as CaseStatus;
  const current = assignments.filter((a) => a.round === row.round && a.status !== 'returned');
  const lead = current.find((a) => a.role === 'lead');
  const coUnits = current.filter((a) => a.role === 'co').map((a) => ({ id: a.unit_id, name: a.unit_name }));
  const relation = relationOf(actor, row, assignments);
  const allowedCommands = CASE_COMMANDS.filter((command: CaseCommand) => {
    if (decideCommand(command, status, relation).kind !== 'allowed') return false;
    if (command === 'decide-extension') return extension !== undefined;
    if (command === 'respond-supervision') return supervisions.some((v) => v.response === null);
    if (command === 'extend') return extension === undefined;
    if (command === 'hand-up') return parts.jurisdiction_parent_id !== null;
    return true;
  });
  return {
    id: row.id,
    number: row.number,
    jurisdiction: parts.jurisdiction_code ?? '',
    status,
    round: row.round,
    title: row.title,
    content: row.content,
    kind: row.kind,
    channel: row.channel,
    externalRef: row.external_ref,
    complexity: row.complexity,
    category: category ?? null,
    location: row.location,
    regionCode: row.region_code,
    enterprise: enterprise ? { id: enterprise.id, name: enterprise.name, uscc: enterprise.uscc } : null,
    contactName: row.contact_name,
    contactMobile:
      whole && showsWholeContact(actor, row, parts) ? pii.open(row.contact_mobile) : pii.masked(row.contact_mobile),
    leadUnit: lead ? { id: lead.unit_id, name: lead.unit_name } : null,
    leadUnitId: lead?.unit_id ?? null,
    coUnits,
    coUnitIds: coUnits.map((u) => u.id),
    assignments: assignments.map((a) => ({
      id: a.id,
      unit: { id: a.unit_id, name: a.unit_name },
      role: a.role,
      round: a.round,
      status: a.status,
      assignedAt: new Date(a.assigned_at).toISOString(),
      signedAt: iso(a.signed_at),
      contactedAt: iso(a.contacted_at),
      feedbackAt: iso(a.feedback_at),
      repliedAt: iso(a.replied_at),
      replyResult: a.reply_result,
      replyText: a.reply_text,
    })),
    mergedIntoId: row.merged_into_id,
    rejectReason: row.reject_reason,
    answerText: row.answer_text,
    result: row.result,
    resultText: row.result_text,
    lastScore: row.last_score,
    unsatisfiedRounds: row.unsatisfied_rounds,
    escalatedTo: row.escalated_to,
    pendingExtension: extension
      ? {
          id: extension.id,
          reason: extension.reason,
          until: new Date(extension.requested_until).toISOString(),
          requestedAt: new Date(extension.requested_at).toISOString(),
          unitId: extension.unit_id,
        }
      : null,
    clocks,
    cards: cards.map((c) => ({
      id: c.id,
      unitId: c.unit_id,
      colour: c.colour,
      reason: cardReasonOf(c, actor.lang ?? 'zh'),
      escalation: c.escalation,
      issuedAt: new Date(c.issued_at).toISOString(),
    })),
    supervisions: supervisions.map((v) => ({
      id: v.id,
      by: v.by_whom,
      instruction: v.instruction,
      at: v.at.toISOString(),
      actorName: v.actor_name,
      dueAt: v.due_at?.toISOString() ?? null,
      overdue: v.response === null && parts.clocks.some((c) => c.id === v.clock_id && c.state === 'breached'),
      response: v.response,
      respondedAt: v.responded_at?.toISOString() ?? null,
      responderName: v.responder_name,
    })),
    longTerm: row.long_term,
    planText: row.plan_text,
    allowedCommands,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: iso(row.closed_at),
  };
}

/**
 * The platform's own writes to cases for other modules (the clock sweep): lock by id in id
 * order, open cases to the discipline commission, record the platform's supervision.
 */
export { flagForDiscipline, insertSupervisions, lockCasesById } from './cases.repository.js';

/** Who a case concerns now: its jurisdiction, lead unit, active co-units and enterprise. */
export interface CaseParties {
  jurisdictionId: string;
  leadUnitId: string | null;
  coUnitIds: string[];
  enterpriseId: string | null;
}

/**
 * The parties of a case for the outbox dispatcher, read when a notification is delivered (a few
 * seconds after the change), or undefined when the case does not exist. Co-units are those of
 * the current round that did not return the case.
 */
export async function caseParties(db: Kysely<Database>, caseId: string): Promise<CaseParties | undefined> {
  const row = await findCaseParties(db, caseId);
  if (!row) return undefined;
  const assignments = await caseAssignments(db, caseId);
  return {
    jurisdictionId: row.jurisdiction_id,
    leadUnitId: row.lead_unit_id,
    coUnitIds: assignments
      .filter((a) => a.round === row.round && a.role === 'co' && a.status !== 'returned')
      .map((a) => a.unit_id),
    enterpriseId: row.enterprise_id,
  };
}

/** Whether the case is within the actor's data scope (the same filter as every read of cases). */
export async function caseVisibleTo(db: Kysely<Database>, actor: Actor, caseId: string): Promise<boolean> {
  return (await findVisibleCase(db, actor, caseId)) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Case reads for other modules. They reach cases only through these, never the repository.

export type { AssignmentWithUnit } from './cases.repository.js';

/**
 * The case, when it is within the actor's data scope; undefined otherwise, so that callers answer
 * 404 for another unit's case exactly as for a missing one. No lock: for checks before a write,
 * use `lockCaseVisibleTo` inside the transaction.
 */
export function findCaseVisibleTo(db: Executor, actor: Actor, caseId: string): Promise<CaseRow | undefined> {
  return findVisibleCase(db, actor, caseId);
}

/**
 * Locks the case for the rest of the caller's transaction when it is within the actor's data
 * scope; undefined otherwise. Lock it before any event is appended, as the case commands do.
 */
export function lockCaseVisibleTo(
  trx: Transaction<Database>,
  actor: Actor,
  caseId: string,
): Promise<CaseRow | undefined> {
  return lockVisibleCase(trx, actor, caseId);
}

/** Every assignment of a case, oldest round first, with unit names. No access check. */
export function listCaseAssignments(db: Executor, caseId: string): Promise<AssignmentWithUnit[]> {
  return caseAssignments(db, caseId);
}

/** The result of an upper case, as it goes down to the lower one. */
export interface HandupResult {
  handupId: string;
  lowerCaseId: string;
  lowerRound: number;
  upperCaseId: string;
  upperNumber: string;
  /** `replied` with the upper unit's reply, else `screening` for the hub below to decide again. */
  to: 'replied' | 'screening';
  result: ReplyResult | null;
  text: string | null;
  upperStatus: CaseStatus;
  upperUnitName: string | null;
}

/**
 * Brings a handed-up case's result back (the `handups.return` job, in its claim's transaction):
 * a reply from a unit above makes the case replied here, for the enterprise to rate and the hub
 * to revisit as any reply; a finish up there without a reply sends it back to the hub's screening.
 * One `handup_returned` event in this jurisdiction's chain records it. A case that no longer waits
 * for this hand-up (another round) is left as it is.
 */
export async function returnHandedUpCase(trx: Transaction<Database>, deps: Deps, r: HandupResult): Promise<void> {
  const row = await lockCaseRow(trx, r.lowerCaseId);
  if (!row || row.status !== 'handed_up' || row.round !== r.lowerRound) return;
  const now = deps.clock.now();
  const updated = await updateCase(trx, row.id, {
    status: r.to,
    ...(r.to === 'replied' ? { result: r.result, result_text: r.text } : {}),
    updated_at: now,
  });
  await applyClockTrigger({
    trx,
    row: updated,
    trigger: r.to === 'replied' ? 'replied' : 'returned',
    at: now,
    profile: () => activeProfile(trx, row.jurisdiction_id),
  });
  const payload = {
    upperCaseId: r.upperCaseId,
    upperNumber: r.upperNumber,
    upperStatus: r.upperStatus,
    upperUnitName: r.upperUnitName,
    result: r.result,
    text: r.text,
    from: 'handed_up',
    to: r.to,
    round: row.round,
  };
  await appendEvent(trx, {
    jurisdictionId: row.jurisdiction_id,
    caseId: row.id,
    type: HANDUP_RETURNED_EVENT,
    actorId: null,
    unitId: null,
    at: now,
    payload,
  });
  await writeOutboxMany(
    trx,
    caseEventMessages({
      jurisdictionId: row.jurisdiction_id,
      caseId: row.id,
      number: row.number,
      at: now,
      type: HANDUP_RETURNED_EVENT,
      payload: { ...payload, title: row.title },
    }),
  );
}
