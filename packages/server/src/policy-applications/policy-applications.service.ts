import type { PolicyApplicationCommand, PolicyApplicationStatus, Role } from '@qisu/core';
import { hasAnyRole, JURISDICTION_WIDE_ROLES, nextApplicationStatus, UNIT_ROLES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import { writeOutbox } from '../outbox/outbox.service.js';
import { policyForApplication } from '../policies/policy-market.service.js';
import type { ApplicationRow, ApplicationScope } from './policy-applications.repository.js';
import {
  findApplication,
  insertApplication,
  listApplications,
  lockApplication,
  openApplication,
  updateApplication,
} from './policy-applications.repository.js';
import type { ApplicationDto, CreateApplicationInput } from './policy-applications.schemas.js';

/** Who reads applications, each within its scope. */
export const APPLICATION_READERS: readonly Role[] = [
  'enterprise',
  'unit_handler',
  'unit_head',
  'liaison',
  'hub',
  'leader',
  'admin',
];
/** Who may decide and pay: the routed unit's handlers and head (checked per application), or the hub. */
export const APPLICATION_DECIDERS: readonly Role[] = ['unit_handler', 'unit_head', 'hub'];

/** The most applications a list returns. */
const LIST_LIMIT = 500;

const STATUS_TEXT: Record<PolicyApplicationStatus, { zh: string; en: string }> = {
  submitted: { zh: '待审核', en: 'submitted' },
  approved: { zh: '已通过', en: 'approved' },
  rejected: { zh: '未通过', en: 'rejected' },
  paid: { zh: '已兑现', en: 'paid' },
};

/**
 * The caller's scope: the hub, leaders and the admin see the jurisdiction's applications; a unit
 * those routed to it; a liaison those of the enterprises on its ledger; an enterprise its own.
 */
function scopeOf(actor: Actor): ApplicationScope {
  const jurisdictionId = actor.jurisdictionId;
  if (hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES)) return { kind: 'jurisdiction', jurisdictionId };
  if (hasAnyRole(actor.roles, UNIT_ROLES) && actor.unitId)
    return { kind: 'unit', jurisdictionId, unitId: actor.unitId };
  if (actor.roles.includes('liaison')) return { kind: 'liaison', jurisdictionId, userId: actor.userId };
  if (actor.roles.includes('enterprise') && actor.enterpriseId) {
    return { kind: 'enterprise', jurisdictionId, enterpriseId: actor.enterpriseId };
  }
  throw new AppError('FORBIDDEN');
}

function toDto(row: ApplicationRow): ApplicationDto {
  return {
    id: row.id,
    policyId: row.policy_id,
    policyTitle: row.policy_title,
    enterpriseId: row.enterprise_id,
    enterpriseName: row.enterprise_name,
    applicantName: row.applicant_name,
    text: row.text,
    materials: row.materials,
    status: row.status,
    routedUnitId: row.routed_unit_id,
    routedUnitName: row.routed_unit_name,
    decidedBy: row.decided_by_name,
    decisionNote: row.decision_note,
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    paidAt: row.paid_at ? row.paid_at.toISOString() : null,
    amount: row.amount === null ? null : Number(row.amount),
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Files an application (SPEC §10, 一窗受理): an enterprise contact for its own enterprise, for a
 * policy of the jurisdiction that is applied for online and whose targeting the enterprise's ledger
 * entry meets, once while an earlier one is open. It is routed to the policy's issuing unit (分类
 * 流转), whose handlers are told after commit; a policy without one is decided by the hub.
 */
export async function createApplication(
  deps: Deps,
  actor: Actor,
  input: CreateApplicationInput,
): Promise<{ id: string; status: PolicyApplicationStatus }> {
  requireRole(actor, ['enterprise']);
  const enterpriseId = actor.enterpriseId;
  if (!enterpriseId) throw new AppError('FORBIDDEN');
  const policy = await policyForApplication(deps, actor.jurisdictionId, input.policyId, enterpriseId);
  if (!policy) throw new AppError('POLICY_NOT_FOUND');
  if (!policy.applies) throw new AppError('POLICY_NOT_FOR_ENTERPRISE');
  if (!policy.online || policy.automatic) throw new AppError('POLICY_NOT_ONLINE');
  if (await openApplication(deps.db, enterpriseId, policy.id)) throw new AppError('POLICY_APPLICATION_OPEN');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await insertApplication(trx, {
      jurisdiction_id: actor.jurisdictionId,
      policy_id: policy.id,
      enterprise_id: enterpriseId,
      applicant_user_id: actor.userId,
      text: input.text,
      materials: input.materials || null,
      status: 'submitted',
      routed_unit_id: policy.issuingUnitId,
      decided_by: null,
      decision_note: null,
      decided_at: null,
      paid_by: null,
      paid_at: null,
      amount: null,
      created_at: now,
    });
    await writeOutbox(trx, {
      jurisdictionId: actor.jurisdictionId,
      topic: 'policy_application.routed',
      recipient: policy.issuingUnitId ? { kind: 'unit', id: policy.issuingUnitId } : { kind: 'role', id: 'hub' },
      at: now,
      payload: { policyId: policy.id, applicationId: row.id, title: policy.title, enterpriseId },
    });
    return { id: row.id, status: row.status };
  });
}

/** The applications of the caller's scope, newest first. */
export async function listPolicyApplications(
  deps: Deps,
  actor: Actor,
  query: { status?: PolicyApplicationStatus | undefined },
): Promise<ApplicationDto[]> {
  requireRole(actor, APPLICATION_READERS);
  return (await listApplications(deps.db, scopeOf(actor), query.status, LIST_LIMIT)).map(toDto);
}

/** One application of the caller's scope; 404 outside it (not 403: do not reveal it exists). */
export async function getPolicyApplication(deps: Deps, actor: Actor, id: string): Promise<ApplicationDto> {
  requireRole(actor, APPLICATION_READERS);
  const row = await findApplication(deps.db, scopeOf(actor), id);
  if (!row) throw new AppError('POLICY_APPLICATION_NOT_FOUND');
  return toDto(row);
}

/**
 * Finds an application the caller may decide or pay: 404 when it is outside the caller's scope,
 * 403 when it is visible but the caller is not its routed unit's handler or head, nor the hub.
 */
async function decidable(deps: Deps, actor: Actor, id: string): Promise<ApplicationRow> {
  requireRole(actor, APPLICATION_DECIDERS);
  const row = await findApplication(deps.db, scopeOf(actor), id);
  if (!row) throw new AppError('POLICY_APPLICATION_NOT_FOUND');
  const hub = actor.roles.includes('hub');
  const routedUnit = row.routed_unit_id !== null && row.routed_unit_id === actor.unitId;
  if (!hub && !(hasAnyRole(actor.roles, UNIT_ROLES) && routedUnit)) throw new AppError('FORBIDDEN');
  return row;
}

/** Runs a decision or payout on the locked row: 409 with the current status when the state forbids it. */
async function transition(
  deps: Deps,
  actor: Actor,
  row: ApplicationRow,
  command: PolicyApplicationCommand,
  approve: boolean,
  write: (status: PolicyApplicationStatus, now: Date) => Parameters<typeof updateApplication>[2],
  notice: (status: PolicyApplicationStatus) => { topic: string; payload: Record<string, unknown> },
): Promise<ApplicationDto> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const locked = await lockApplication(trx, row.id);
    const next = nextApplicationStatus(locked.status, command, approve);
    if (!next) {
      const text = STATUS_TEXT[locked.status];
      throw new AppError(
        'POLICY_APPLICATION_ILLEGAL_TRANSITION',
        { statusZh: text.zh, statusEn: text.en, command: command === 'decide' ? '审核 / decided' : '兑现 / paid' },
        { currentStatus: locked.status },
      );
    }
    await updateApplication(trx, row.id, write(next, now));
    const { topic, payload } = notice(next);
    await writeOutbox(trx, {
      jurisdictionId: actor.jurisdictionId,
      topic,
      recipient: { kind: 'user', id: row.applicant_user_id },
      at: now,
      payload: {
        policyId: row.policy_id,
        applicationId: row.id,
        title: row.policy_title,
        enterpriseId: row.enterprise_id,
        ...payload,
      },
    });
  });
  return getPolicyApplication(deps, actor, row.id);
}

/**
 * Decides an application (SPEC §10, 部门办理): the routed unit's handler or head, or the hub,
 * approves or rejects it once, with a reason; every contact of the enterprise is told the
 * decision and the reason (统一反馈). Deciding again answers 409 with `currentStatus`.
 */
export async function decideApplication(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { approve: boolean; note: string },
): Promise<ApplicationDto> {
  const row = await decidable(deps, actor, id);
  return transition(
    deps,
    actor,
    row,
    'decide',
    input.approve,
    (status, now) => ({ status, decided_by: actor.userId, decision_note: input.note, decided_at: now }),
    () => ({ topic: 'policy_application.decided', payload: { approve: input.approve, note: input.note } }),
  );
}

/**
 * Records the payout of an approved application (兑现), with the amount when there is one; the
 * enterprise's contacts are told. Anything but an approved application answers 409.
 */
export async function payApplication(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { amount?: number | undefined; note?: string | undefined },
): Promise<ApplicationDto> {
  const row = await decidable(deps, actor, id);
  return transition(
    deps,
    actor,
    row,
    'pay',
    false,
    (status, now) => ({
      status,
      paid_by: actor.userId,
      paid_at: now,
      amount: input.amount === undefined ? null : Math.round(input.amount * 100) / 100,
      ...(input.note ? { decision_note: [row.decision_note, input.note].filter(Boolean).join('\n') } : {}),
    }),
    () => ({ topic: 'policy_application.paid', payload: { amount: input.amount ?? null } }),
  );
}
