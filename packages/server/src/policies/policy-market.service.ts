import type { PushFilter, Role } from '@qisu/core';
import { policyMatches, pushFilterMatches } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { enterpriseContacts } from '../enterprises/enterprises.service.js';
import { AppError, invalidField } from '../errors.js';
import type { OutboxMessage } from '../outbox/outbox.service.js';
import { writeOutboxMany } from '../outbox/outbox.service.js';
import { findDocument } from './policies.repository.js';
import { getPolicy, ledgerFactsOf, targetingOf } from './policies.service.js';
import {
  enterpriseFacts,
  insertPush,
  ledgerFacts,
  pushesOf,
  recipientsOf,
  unitOfJurisdiction,
  updateTargeting,
} from './policy-market.repository.js';
import type { PolicyTargetingInput, PushInput } from './policy-market.schemas.js';

/** Who tags, pushes and grants policies, and reads who received them: the hub and the admin. */
export const POLICY_PUSHERS: readonly Role[] = ['hub', 'admin'];

/** A ledger enterprise a policy (and a push's filter) reaches, with its contact users. */
interface Reached {
  id: string;
  name: string;
  industry_code: string | null;
  industry_name: string | null;
  scale: 'large' | 'medium' | 'small' | 'micro' | null;
  region_code: string | null;
  above_designated_size: boolean;
  contacts: string[];
}

async function policyOf(deps: Deps, actor: Actor, id: string) {
  const row = await findDocument(deps.db, actor.jurisdictionId, id);
  if (!row) throw new AppError('POLICY_NOT_FOUND');
  return row;
}

/**
 * The ledger enterprises of the jurisdiction the policy is for (its targeting, core's
 * `policyMatches`) and that pass the push's filter, each with its active contact users. Read
 * before any transaction: a push counts the contacts the ledger has when it is sent.
 */
async function reach(
  deps: Deps,
  jurisdictionId: string,
  row: Parameters<typeof targetingOf>[0],
  filter: PushFilter,
): Promise<Reached[]> {
  const targeting = targetingOf(row);
  const ledger = (await ledgerFacts(deps.db, jurisdictionId)).filter((e) => {
    const facts = ledgerFactsOf(e);
    return policyMatches(targeting, facts) && pushFilterMatches(filter, facts);
  });
  const users = await enterpriseContacts(
    deps.db,
    jurisdictionId,
    ledger.map((e) => e.id),
  );
  const byEnterprise = new Map<string, string[]>();
  for (const u of users) {
    if (!u.enterprise_id) continue;
    byEnterprise.set(u.enterprise_id, [...(byEnterprise.get(u.enterprise_id) ?? []), u.id]);
  }
  return ledger.map((e) => ({ ...e, contacts: byEnterprise.get(e.id) ?? [] }));
}

/**
 * Sets a policy's targeting, issuing unit and way of claiming (hub, admin). The issuing unit must be
 * one of the jurisdiction's: applications are routed to it.
 */
export async function setPolicyTargeting(deps: Deps, actor: Actor, id: string, input: PolicyTargetingInput) {
  requireRole(actor, POLICY_PUSHERS);
  if (input.issuingUnitId && !(await unitOfJurisdiction(deps.db, actor.jurisdictionId, input.issuingUnitId))) {
    throw invalidField('issuingUnitId', '本辖区没有该单位', 'no such unit in this jurisdiction');
  }
  const updated = await updateTargeting(deps.db, actor.jurisdictionId, id, {
    industry_codes: [...new Set(input.industryCodes)],
    scales: [...new Set(input.scales)],
    region_codes: [...new Set(input.regionCodes)],
    above_designated_size: input.aboveDesignatedSize,
    issuing_unit_id: input.issuingUnitId,
    online: input.online,
    automatic: input.automatic,
    benefit: input.benefit || null,
  });
  if (!updated) throw new AppError('POLICY_NOT_FOUND');
  return getPolicy(deps, actor, id);
}

/** How many enterprises and contacts a push with this filter would reach; nothing is sent. */
export async function previewPush(deps: Deps, actor: Actor, id: string, filter: PushInput) {
  requireRole(actor, POLICY_PUSHERS);
  const reached = await reach(deps, actor.jurisdictionId, await policyOf(deps, actor, id), filter);
  return {
    enterprises: reached.filter((e) => e.contacts.length > 0).length,
    recipients: reached.reduce((n, e) => n + e.contacts.length, 0),
  };
}

/**
 * Stores a push (or a 免申即享 grant) with its recipients and queues one notification per contact
 * in the same transaction; the dispatcher delivers them after commit.
 */
async function send(
  deps: Deps,
  actor: Actor,
  row: Awaited<ReturnType<typeof policyOf>>,
  kind: 'push' | 'automatic',
  filter: PushInput,
  reached: readonly Reached[],
) {
  const now = deps.clock.now();
  const recipients = reached.flatMap((e) => e.contacts.map((userId) => ({ enterpriseId: e.id, userId })));
  const enterprises = reached.filter((e) => e.contacts.length > 0).length;
  const id = await deps.db.transaction().execute(async (trx) => {
    const pushId = await insertPush(
      trx,
      {
        jurisdiction_id: actor.jurisdictionId,
        policy_id: row.id,
        kind,
        filter: JSON.stringify(filter),
        pushed_by: actor.userId,
        pushed_at: now,
        enterprise_count: enterprises,
        recipient_count: recipients.length,
      },
      recipients,
    );
    const messages: OutboxMessage[] = recipients.map((r) => ({
      jurisdictionId: actor.jurisdictionId,
      topic: kind === 'push' ? 'policy' : 'policy.automatic',
      recipient: { kind: 'user', id: r.userId },
      at: now,
      payload: {
        policyId: row.id,
        pushId,
        title: row.title,
        ...(kind === 'automatic' ? { note: row.benefit ?? '' } : {}),
      },
    }));
    await writeOutboxMany(trx, messages);
    return pushId;
  });
  return { id, recipients: recipients.length, enterprises };
}

/**
 * Pushes a policy (SPEC §10, hub or admin): every contact of every ledger enterprise the policy is
 * for and the filter keeps is told (notification type `policy` carrying `policyId`). Answers how
 * many contacts were told.
 */
export async function pushPolicy(deps: Deps, actor: Actor, id: string, filter: PushInput) {
  requireRole(actor, POLICY_PUSHERS);
  const row = await policyOf(deps, actor, id);
  const reached = await reach(deps, actor.jurisdictionId, row, filter);
  return send(deps, actor, row, 'push', filter, reached);
}

/** A policy's pushes and grants, newest first, with who received and who opened it (hub, admin). */
export async function listPushes(deps: Deps, actor: Actor, id: string) {
  requireRole(actor, POLICY_PUSHERS);
  const row = await policyOf(deps, actor, id);
  const pushes = await pushesOf(deps.db, row.id);
  const recipients = await recipientsOf(
    deps.db,
    pushes.map((p) => p.id),
  );
  return pushes.map((p) => ({
    id: p.id,
    kind: p.kind,
    filter: p.filter,
    pushedBy: p.pushed_by_name,
    pushedAt: p.pushed_at.toISOString(),
    enterprises: p.enterprise_count,
    recipients: p.recipient_count,
    opened: Number(p.opened ?? 0),
    recipientList: recipients
      .filter((r) => r.push_id === p.id)
      .map((r) => ({
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_name,
        userName: r.user_name,
        notifiedAt: r.notified_at.toISOString(),
        openedAt: r.opened_at ? r.opened_at.toISOString() : null,
      })),
  }));
}

/**
 * The ledger enterprises a policy is for (免申即享: eligibility proven by the ledger), exactly those
 * its targeting matches, with how many contacts each has; no personal data.
 */
export async function eligibleEnterprises(deps: Deps, actor: Actor, id: string) {
  requireRole(actor, POLICY_PUSHERS);
  const reached = await reach(deps, actor.jurisdictionId, await policyOf(deps, actor, id), {});
  return reached.map((e) => ({
    id: e.id,
    name: e.name,
    industryCode: e.industry_code,
    industryName: e.industry_name,
    scale: e.scale,
    regionCode: e.region_code,
    aboveDesignatedSize: e.above_designated_size,
    contacts: e.contacts.length,
  }));
}

/**
 * Grants a 免申即享 policy (hub, admin): every contact of each eligible enterprise is told what it
 * will receive, with nothing to file; recorded as a push of kind `automatic`. A policy that is not
 * granted automatically answers 409.
 */
export async function grantAutomatic(deps: Deps, actor: Actor, id: string) {
  requireRole(actor, POLICY_PUSHERS);
  const row = await policyOf(deps, actor, id);
  if (!row.automatic) throw new AppError('POLICY_NOT_AUTOMATIC');
  const reached = await reach(deps, actor.jurisdictionId, row, {});
  return send(deps, actor, row, 'automatic', {}, reached);
}

/**
 * What the applications module needs of a policy an enterprise applies for: its title, whether it
 * is applied for online, its issuing unit, and whether the enterprise's ledger entry meets its
 * targeting. Undefined when the policy is not the jurisdiction's. Reads only; no access check (the
 * caller's service made it).
 */
export async function policyForApplication(
  deps: Pick<Deps, 'db'>,
  jurisdictionId: string,
  policyId: string,
  enterpriseId: string,
) {
  const row = await findDocument(deps.db, jurisdictionId, policyId);
  if (!row) return undefined;
  const enterprise = await enterpriseFacts(deps.db, jurisdictionId, enterpriseId);
  return {
    id: row.id,
    title: row.title,
    online: row.online,
    automatic: row.automatic,
    issuingUnitId: row.issuing_unit_id,
    applies: enterprise !== undefined && policyMatches(targetingOf(row), ledgerFactsOf(enterprise)),
  };
}
