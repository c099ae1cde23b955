import type { Transaction } from 'kysely';
import type { NotificationFacts, NotificationPlan } from '@qisu/core';
import { messageText, notificationPlan, notificationText } from '@qisu/core';
import { loadActor } from '../auth/auth.service.js';
import { caseParties, caseVisibleTo } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import type { Database, OutboxRow } from '../db/schema.js';
import type { PiiKeyring } from '../pii/pii.service.js';
import type { NotifiedUser } from '../org/org.service.js';
import { usersToNotify } from '../org/org.service.js';
import { activeProfile } from '../profiles/profiles.service.js';
import type { ChannelProvider } from './channels.js';
import {
  caseTitle,
  claimNextPending,
  deliveredPairs,
  markAttemptFailed,
  markDispatched,
  recordDelivery,
} from './outbox.repository.js';

/** Back-off of a row whose provider failed: 30 s, 60 s, 120 s … capped at an hour. */
export const OUTBOX_RETRY = { firstDelaySeconds: 30, maxDelaySeconds: 3600 } as const;

/** When a row that failed `attempts` times (counting this one) is tried next. */
export function nextAttemptAt(now: Date, attempts: number): Date {
  const seconds = Math.min(OUTBOX_RETRY.maxDelaySeconds, OUTBOX_RETRY.firstDelaySeconds * 2 ** (attempts - 1));
  return new Date(+now + seconds * 1000);
}

/** What one run of the dispatcher did, for the job's log. */
export interface DispatchResult {
  /** Rows delivered (including rows that told nobody). */
  delivered: number;
  /** Rows put back because a provider failed. */
  retried: number;
  /** Messages sent in this run, on every channel. */
  messages: number;
}

const EMPTY_FACTS: NotificationFacts = {
  leadUnitId: null,
  coUnitIds: [],
  enterpriseId: null,
  handoffs: { unsatisfiedToDiscipline: false, redCardTo: [] },
};

/** A string id the payload carries under `key`, or null. */
function idIn(payload: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = payload[key];
  return typeof value === 'string' ? value : null;
}

function caseIdOf(row: OutboxRow): string | null {
  if (row.recipient_kind === 'case') return row.recipient;
  const id = row.payload['caseId'];
  return typeof id === 'string' ? id : null;
}

/**
 * The users a row reaches: the rule's targets resolved through the organisation, less anyone who
 * cannot see the case (the same scope filter as every read), so nobody outside the case's scope is
 * ever told of it. Notices without a case stay within the row's jurisdiction.
 */
async function recipientsOf(
  trx: Transaction<Database>,
  row: OutboxRow,
  caseId: string | null,
  plan: NotificationPlan,
): Promise<NotifiedUser[]> {
  const byId = new Map<string, NotifiedUser>();
  for (const target of plan.targets) {
    for (const user of await usersToNotify(trx, row.jurisdiction_id, target)) byId.set(user.id, user);
  }
  const allowed: NotifiedUser[] = [];
  for (const user of byId.values()) {
    if (caseId) {
      const actor = await loadActor(trx, user.id);
      if (actor && (await caseVisibleTo(trx, actor, caseId))) allowed.push(user);
    } else if (user.jurisdictionId === row.jurisdiction_id) {
      allowed.push(user);
    }
  }
  return allowed;
}

/** Delivers one claimed row; returns the messages sent, or throws what a provider threw. */
async function deliverRow(
  trx: Transaction<Database>,
  pii: PiiKeyring,
  row: OutboxRow,
  providers: readonly ChannelProvider[],
  now: Date,
): Promise<{ sent: number; error: unknown }> {
  const caseId = caseIdOf(row);
  const parties = caseId ? await caseParties(trx, caseId) : undefined;
  // A row about a case that is gone tells nobody rather than everybody.
  if (caseId && !parties) return { sent: 0, error: null };
  const profile = await activeProfile(trx, row.jurisdiction_id);
  const facts: NotificationFacts = parties
    ? { ...parties, handoffs: profile.handoffs }
    : { ...EMPTY_FACTS, handoffs: profile.handoffs };
  const plan = notificationPlan(
    { topic: row.topic, recipient: { kind: row.recipient_kind, id: row.recipient }, payload: row.payload },
    facts,
  );
  if (!plan) return { sent: 0, error: null };
  const users = await recipientsOf(trx, row, caseId, plan);
  const done = await deliveredPairs(trx, row.id);
  const titleZh = notificationText(plan.text.key, plan.text.params, 'zh');
  const titleEn = notificationText(plan.text.key, plan.text.params, 'en');
  // Messages that leave the platform name the case's title and use the jurisdiction's own texts.
  const params =
    caseId && !plan.text.params['title']
      ? { ...plan.text.params, title: (await caseTitle(trx, caseId)) ?? '' }
      : plan.text.params;
  const text = messageText(profile.notifications?.templates, plan.text.key, params);
  let sent = 0;
  for (const provider of providers) {
    if (!plan.channels.includes(provider.channel)) continue;
    for (const user of users) {
      if (done.has(`${provider.channel}:${user.id}`)) continue;
      try {
        // Only messages that leave the platform need the number, decrypted here and nowhere else;
        // a key that is not configured fails the row (retried), naming the key.
        const mobile = provider.channel === 'inApp' ? null : pii.open(user.storedMobile);
        await provider.send(trx, {
          outboxId: row.id,
          userId: user.id,
          mobile,
          wechatOpenid: provider.channel === 'inApp' ? null : user.wechatOpenid,
          topic: row.topic,
          caseId,
          policyId: idIn(row.payload, 'policyId'),
          policyApplicationId: idIn(row.payload, 'applicationId'),
          titleZh,
          titleEn,
          textKey: plan.text.key,
          params,
          text,
          at: row.created_at,
        });
      } catch (error) {
        return { sent, error };
      }
      await recordDelivery(trx, { outboxId: row.id, channel: provider.channel, userId: user.id, at: now });
      sent++;
    }
  }
  return { sent, error: null };
}

/**
 * Delivers up to `batch` undelivered outbox rows, one transaction per row. Each row is claimed
 * with `FOR UPDATE SKIP LOCKED`, so processes running this at once share the rows and none is
 * delivered twice; what reached whom is recorded per (row, channel, user), so a row retried after
 * a provider failed only sends what is still missing, after a delay that doubles per failure.
 */
export async function dispatchOutbox(
  deps: Deps,
  providers: readonly ChannelProvider[],
  options: { batch?: number } = {},
): Promise<DispatchResult> {
  const result: DispatchResult = { delivered: 0, retried: 0, messages: 0 };
  const batch = options.batch ?? 200;
  for (let i = 0; i < batch; i++) {
    const worked = await deps.db.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      const row = await claimNextPending(trx, now);
      if (!row) return false;
      const outcome = await deliverRow(trx, deps.pii, row, providers, now);
      result.messages += outcome.sent;
      if (outcome.error === null) {
        await markDispatched(trx, row.id, now);
        result.delivered++;
      } else {
        const message = outcome.error instanceof Error ? outcome.error.message : JSON.stringify(outcome.error);
        await markAttemptFailed(trx, row.id, nextAttemptAt(now, row.attempts + 1), message);
        result.retried++;
      }
      return true;
    });
    if (!worked) break;
  }
  return result;
}
