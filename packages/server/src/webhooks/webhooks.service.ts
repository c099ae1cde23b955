import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import { intakeKeyExists } from '../intake/intake.service.js';
import type { ClaimedDelivery } from './webhooks.repository.js';
import {
  activeWebhooks,
  claimDue,
  deactivateWebhook,
  eventsAfter,
  followedJurisdictions,
  insertDeliveries,
  lockCursor,
  markDelivered,
  markFailed,
  moveCursor,
  ensureCursor,
  findWebhook,
  insertWebhook,
  lastSeq,
  listDeliveries,
  listWebhooks,
  revive,
} from './webhooks.repository.js';
import type { CreateWebhookBody, DeliveryView, WebhookView } from './webhooks.schemas.js';

/** Attempts before a delivery is declared dead (about an hour and a half of back-off). */
export const MAX_ATTEMPTS = 8;
/** The wait after the first failure; each further failure doubles it, up to `MAX_BACKOFF_MS`. */
const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 6 * 3600_000;
/** How long a claimed delivery is left to its sender before another run may try it. */
const LEASE_MS = 60_000;
/** How long a receiver has to answer. */
const TIMEOUT_MS = 10_000;
/** Events read per step of the enqueuing; deliveries claimed per round; rounds per run. */
const EVENT_BATCH = 1_000;
const CLAIM_BATCH = 50;
const MAX_ROUNDS = 20;

/** The wait before the next attempt after `attempts` failures. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/** `X-Qisu-Signature`: hex HMAC-SHA256 of the body with the webhook's secret (SPEC §10). */
export function webhookSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Offers every new case event of each followed jurisdiction to its active webhooks: one delivery
 * row per webhook and event (the unique pair makes a second run, or a second process, add
 * nothing), filtered by the webhook's event types and, for a platform's status sync, by the
 * intake key that filed the case. The cursor row is locked while it moves.
 */
export async function enqueueWebhookDeliveries(deps: Deps): Promise<{ offered: number }> {
  const cursors = await followedJurisdictions(deps.db);
  let offered = 0;
  for (const { jurisdiction_id: jurisdictionId } of cursors) {
    for (;;) {
      const step = await deps.db.transaction().execute(async (trx) => {
        const lastSeen = await lockCursor(trx, jurisdictionId);
        const events = await eventsAfter(trx, jurisdictionId, lastSeen, EVENT_BATCH);
        if (events.length === 0) return { events: 0, offered: 0 };
        const hooks = await activeWebhooks(trx, jurisdictionId);
        const now = deps.clock.now();
        const rows = events.flatMap((e) => {
          if (!e.case_id || !e.number) return [];
          const body = JSON.stringify({
            id: String(e.id),
            type: e.type,
            caseId: e.case_id,
            number: e.number,
            at: e.at.toISOString(),
            payload: e.payload,
          });
          return hooks
            .filter(
              (h) =>
                e.seq > h.from_seq &&
                (h.events === null || h.events.includes(e.type)) &&
                (h.intake_key_id === null || h.intake_key_id === e.intake_key_id),
            )
            .map((h) => ({
              webhook_id: h.id,
              event_id: Number(e.id),
              case_id: e.case_id!,
              type: e.type,
              body,
              status: 'pending' as const,
              next_attempt_at: now,
              created_at: now,
            }));
        });
        await insertDeliveries(trx, rows);
        await moveCursor(trx, jurisdictionId, events[events.length - 1]!.seq);
        return { events: events.length, offered: rows.length };
      });
      offered += step.offered;
      if (step.events < EVENT_BATCH) break;
    }
  }
  return { offered };
}

/**
 * Claims due deliveries by moving their next attempt a lease ahead (`FOR UPDATE SKIP LOCKED`, so two
 * processes never take the same row and no transaction stays open while a receiver answers). Per
 * webhook and case only the oldest undelivered delivery is due: a case's events arrive in order,
 * and a dead one holds the later ones back until it is replayed.
 */
function claim(deps: Deps, now: Date): Promise<ClaimedDelivery[]> {
  return claimDue(deps.db, now, new Date(now.getTime() + LEASE_MS), CLAIM_BATCH);
}

/** Posts one delivery; the receiver's status, or why there was none. */
async function post(
  deps: Deps,
  d: ClaimedDelivery,
): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  try {
    const response = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'qisu-webhooks',
        'x-qisu-event': d.type,
        'x-qisu-delivery': String(d.id),
        'x-qisu-signature': webhookSignature(deps.pii.open(d.secret) ?? '', d.body),
      },
      body: d.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, status: null, error: String((error as Error).message ?? error).slice(0, 500) };
  }
}

/**
 * Delivers what is due, round after round until nothing is (a case's next event becomes due once
 * its previous one is delivered): a 2xx marks the delivery delivered; anything else schedules the
 * next attempt with exponential back-off, and after `MAX_ATTEMPTS` declares it dead.
 */
export async function deliverWebhooks(deps: Deps): Promise<{ delivered: number; retried: number; dead: number }> {
  const total = { delivered: 0, retried: 0, dead: 0 };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const claimed = await claim(deps, deps.clock.now());
    if (claimed.length === 0) break;
    for (const d of claimed) {
      const result = await post(deps, d);
      const at = deps.clock.now();
      if (result.ok) {
        await markDelivered(deps.db, d.id, at, result.status);
        total.delivered++;
        continue;
      }
      const dead = d.attempts >= MAX_ATTEMPTS;
      await markFailed(deps.db, d.id, {
        dead,
        nextAttemptAt: new Date(at.getTime() + backoffMs(d.attempts)),
        status: result.status,
        error: result.error,
      });
      if (dead) total.dead++;
      else total.retried++;
    }
  }
  return total;
}

/**
 * A new webhook (admin): it receives the case events from now on, signed with its secret; bound
 * to an intake key, only those of the cases that platform filed (the platform's status sync).
 */
export async function createWebhook(deps: Deps, actor: Actor, input: z.infer<typeof CreateWebhookBody>) {
  requireRole(actor, ['admin']);
  if (input.intakeKeyId && !(await intakeKeyExists(deps, actor.jurisdictionId, input.intakeKeyId))) {
    throw invalidField('intakeKeyId', '接入密钥不存在', 'no such intake key');
  }
  return deps.db.transaction().execute(async (trx) => {
    const seq = await lastSeq(trx, actor.jurisdictionId);
    const row = await insertWebhook(trx, {
      jurisdiction_id: actor.jurisdictionId,
      url: input.url,
      secret: deps.pii.ensureSealed(deps.pii.seal(input.secret)!),
      events: input.events ?? null,
      intake_key_id: input.intakeKeyId ?? null,
      from_seq: seq,
      created_by: actor.userId,
      created_at: deps.clock.now(),
    });
    await ensureCursor(trx, actor.jurisdictionId, seq);
    return { id: row.id };
  });
}

/** The jurisdiction's webhooks (admin), never their secrets. */
export async function webhooks(deps: Deps, actor: Actor): Promise<z.infer<typeof WebhookView>[]> {
  requireRole(actor, ['admin']);
  const rows = await listWebhooks(deps.db, actor.jurisdictionId);
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    events: r.events,
    intakeKeyId: r.intake_key_id,
    active: r.active,
    createdAt: r.created_at.toISOString(),
    pending: Number(r.pending),
    dead: Number(r.dead),
  }));
}

async function ownWebhook(deps: Deps, actor: Actor, id: string) {
  requireRole(actor, ['admin']);
  const hook = await findWebhook(deps.db, actor.jurisdictionId, id);
  if (!hook) throw new AppError('NOT_FOUND');
  return hook;
}

/** Stops a webhook (admin); what it has not delivered stays listed. */
export async function disableWebhook(deps: Deps, actor: Actor, id: string): Promise<void> {
  await ownWebhook(deps, actor, id);
  await deactivateWebhook(deps.db, id);
}

/** A webhook's attempts, newest first; `status=dead` lists its dead letters. */
export async function webhookDeliveries(
  deps: Deps,
  actor: Actor,
  id: string,
  status?: 'pending' | 'delivered' | 'dead',
): Promise<z.infer<typeof DeliveryView>[]> {
  await ownWebhook(deps, actor, id);
  const rows = await listDeliveries(deps.db, id, status);
  return rows.map((r) => ({
    id: Number(r.id),
    eventId: String(r.event_id),
    type: r.type,
    caseId: r.case_id,
    caseNumber: r.case_number,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}

/** Replays a dead letter (admin): it is due again now, with a fresh count of attempts. */
export async function replayDelivery(deps: Deps, actor: Actor, id: string, deliveryId: number): Promise<void> {
  await ownWebhook(deps, actor, id);
  const revived = await revive(deps.db, id, deliveryId, deps.clock.now());
  if (!revived) throw new AppError('CONFLICT', { detail: `delivery ${deliveryId} is not a dead letter` });
}
