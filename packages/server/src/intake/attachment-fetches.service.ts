import type { AttachmentFetchFailure } from '@qisu/core';
import { ATTACHMENT_FETCH_FAILED_EVENT, ATTACHMENT_FETCH_FAILURES, PENDING_LINK_READER_ROLES } from '@qisu/core';
import type { Actor, ActorSource } from '../access/actor.js';
import { addAttachment } from '../attachments/attachments.service.js';
import { attachmentRoot, BlobStore } from '../attachments/attachments.storage.js';
import { requireRole } from '../access/require.js';
import { findCaseVisibleTo, lockCaseVisibleTo } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import type { Env } from '../env.js';
import { AppError, invalidField } from '../errors.js';
import { appendEvent } from '../events/events.service.js';
import { FetchFailed, fetchLink, normalLink } from './attachment-fetches.http.js';
import type { ClaimedFetch } from './attachment-fetches.repository.js';
import {
  claimDueFetches,
  insertFetches,
  markFailed,
  markFetched,
  markRetry,
  unfetchedOfCase,
} from './attachment-fetches.repository.js';
import type { PendingFetchDto } from './intake.schemas.js';

/**
 * Files that another platform sends as links with a case (signed intake `attachments`, Open311
 * `media_url`): the case is filed at once and each link queued; the job `attachments.fetch`
 * downloads what is due within the limits of `fetchLink`, stores it as an attachment of the case
 * through the attachments module (same size limit, same type sniffing, an `attachment_added`
 * event naming the platform), and after a refusal or the last attempt marks the link failed and
 * records `attachment_fetch_failed` on the case with the reason, for the hub to see.
 */

/** The limits of the fetch, declared once. */
export const ATTACHMENT_FETCH = {
  /** Links one intake request may send. */
  maxLinks: 10,
  /** Deadline of one fetch, redirects and body included. */
  timeoutMs: 15_000,
  maxRedirects: 3,
  /** Attempts of one link before it is marked failed. */
  attempts: 5,
  /** The wait after the first failure; each further failure doubles it. */
  firstBackoffMs: 60_000,
  /** How long a claimed link is left to its run before another may take it (well over the deadline). */
  leaseMs: 5 * 60_000,
  /** Links claimed and fetched together per round, and rounds per run. */
  batch: 5,
  rounds: 10,
} as const;

/** What the fetch needs besides the database: where blobs go, the size limit, the address rule. */
export interface AttachmentFetchConfig {
  /** The data folder, as the attachments routes take it (`QISU_DATA_DIR`). */
  storageDir: string;
  /** `QISU_ATTACHMENT_MAX_BYTES`: the attachments module's own limit. */
  maxBytes: number;
  /** `QISU_FETCH_ALLOW_PRIVATE`. */
  allowPrivate: boolean;
  /** Deadline of one fetch; `ATTACHMENT_FETCH.timeoutMs` when absent. */
  timeoutMs?: number;
}

/** The fetch's configuration from the validated environment. */
export function attachmentFetchConfigOf(env: Env): AttachmentFetchConfig {
  return {
    storageDir: env.QISU_DATA_DIR,
    maxBytes: env.QISU_ATTACHMENT_MAX_BYTES,
    allowPrivate: env.QISU_FETCH_ALLOW_PRIVATE === '1',
  };
}

/** One link a platform sent: where the file is, and the name to show (else the server's, else the link's). */
export interface AttachmentLink {
  url: string;
  name?: string | undefined;
}

/**
 * Queues a platform's links for a case it has just filed (or filed before: a retry queues only
 * the links not queued yet, one row per case and link, compared as normalised by `normalLink`).
 * Only a platform (an actor with an intake or Open311 `source`) sends links; the caller has
 * checked each with `normalLink` before filing. Returns how many were new.
 */
export async function queueAttachmentFetches(
  deps: Deps,
  actor: Actor,
  caseId: string,
  links: readonly AttachmentLink[],
): Promise<number> {
  const source = actor.source;
  if (source?.kind !== 'intake' && source?.kind !== 'open311') throw new AppError('FORBIDDEN');
  const kind = source.kind;
  const now = deps.clock.now();
  const normal = links.map((link) => {
    const url = normalLink(link.url);
    if (!url)
      throw invalidField('attachments', '附件链接应为 http(s) 地址', 'an attachment link must be an http(s) URL');
    return { ...link, url };
  });
  const unique = [...new Map(normal.map((l) => [l.url, l])).values()];
  return insertFetches(
    deps.db,
    unique.map((link) => ({
      case_id: caseId,
      jurisdiction_id: actor.jurisdictionId,
      source_kind: kind,
      source_key: source.keyId,
      source_name: source.name,
      url: link.url,
      name: link.name ?? null,
      status: 'pending' as const,
      next_attempt_at: now,
      last_error: null,
      attachment_id: null,
      created_at: now,
      finished_at: null,
    })),
  );
}

/** The wait before the next attempt after `attempts` failures: 1, 2, 4, 8 minutes. */
export function fetchBackoffMs(attempts: number): number {
  return ATTACHMENT_FETCH.firstBackoffMs * 2 ** Math.max(0, attempts - 1);
}

/** The platform that sent a link, acting as it did when it filed: like the jurisdiction's hub, no user. */
function platformActor(claim: ClaimedFetch): Actor {
  const source: ActorSource = { kind: claim.source_kind, keyId: claim.source_key, name: claim.source_name };
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    username: `${claim.source_kind}:${claim.source_key}`,
    name: claim.source_name,
    roles: ['hub'],
    jurisdictionId: claim.jurisdiction_id,
    jurisdictionCode: claim.jurisdiction_code,
    jurisdictionIds: [claim.jurisdiction_id],
    unitId: null,
    unitKind: null,
    unitRegionCode: null,
    enterpriseId: null,
    source,
  };
}

/** The attachments module's refusals, as reasons of a link that will not be fetched. */
const REFUSALS: Partial<Record<string, AttachmentFetchFailure>> = {
  ATTACHMENT_TOO_LARGE: 'too_large',
  ATTACHMENT_TYPE_NOT_ALLOWED: 'type_not_allowed',
  VALIDATION_FAILED: 'empty',
  ATTACHMENT_CASE_FINISHED: 'case_finished',
  ATTACHMENT_LIMIT: 'attachment_limit',
  CASE_NOT_FOUND: 'case_finished',
};

/** Thrown inside the attachment's transaction when the claim was taken over: nothing is added. */
class ClaimLost extends Error {}

/** What went wrong with one link: a fetch failure as it is, a refusal of the attachments module, or our own error. */
function failureOf(error: unknown): FetchFailed {
  if (error instanceof FetchFailed) return error;
  if (error instanceof AppError) {
    const reason = REFUSALS[error.code];
    const detected = error.extra['detectedType'];
    if (reason) return new FetchFailed(reason, typeof detected === 'string' ? detected : error.code, false);
  }
  return new FetchFailed('internal', String((error as Error).message ?? error).slice(0, 300), true);
}

type Outcome = 'fetched' | 'retried' | 'failed' | 'lost';

/**
 * Fetches one claimed link and adds it to the case, the link marked fetched in the attachment's
 * own transaction; or schedules its next attempt; or gives it up with the reason on the case.
 */
async function fetchOne(
  deps: Deps,
  config: AttachmentFetchConfig,
  store: BlobStore,
  claim: ClaimedFetch,
): Promise<Outcome> {
  const attachmentDeps = { ...deps, store, maxBytes: config.maxBytes };
  try {
    await addAttachment(
      attachmentDeps,
      platformActor(claim),
      claim.case_id,
      async () => {
        const file = await fetchLink(claim.url, {
          timeoutMs: config.timeoutMs ?? ATTACHMENT_FETCH.timeoutMs,
          maxBytes: config.maxBytes,
          maxRedirects: ATTACHMENT_FETCH.maxRedirects,
          allowPrivate: config.allowPrivate,
        });
        return { filename: claim.name ?? file.filename, bytes: file.bytes, sourceUrl: claim.url };
      },
      async (trx, attachment) => {
        if (!(await markFetched(trx, claim, attachment.id, deps.clock.now()))) throw new ClaimLost();
      },
    );
    return 'fetched';
  } catch (error) {
    if (error instanceof ClaimLost) return 'lost';
    const failure = failureOf(error);
    const detail = `${failure.reason}: ${failure.detail}`;
    const now = deps.clock.now();
    if (failure.retryable && claim.attempts < ATTACHMENT_FETCH.attempts) {
      await markRetry(deps.db, claim, new Date(now.getTime() + fetchBackoffMs(claim.attempts)), detail);
      return 'retried';
    }
    const recorded = await deps.db.transaction().execute(async (trx) => {
      // The case first, then the chain, as every writer of a case's events takes them.
      await lockCaseVisibleTo(trx, platformActor(claim), claim.case_id);
      if (!(await markFailed(trx, claim, detail, now))) return false;
      await appendEvent(trx, {
        jurisdictionId: claim.jurisdiction_id,
        caseId: claim.case_id,
        type: ATTACHMENT_FETCH_FAILED_EVENT,
        actorId: null,
        unitId: null,
        at: now,
        payload: {
          url: claim.url,
          name: claim.name,
          reason: failure.reason,
          detail: failure.detail,
          attempts: claim.attempts,
          source: { kind: claim.source_kind, keyId: claim.source_key, name: claim.source_name },
        },
      });
      return true;
    });
    return recorded ? 'failed' : 'lost';
  }
}

/**
 * The job's work: claims due links a few at a time and fetches each batch together, round after
 * round until none is due. Safe to run in several processes at once (claims skip locked rows and
 * every outcome is written only while the claim is still the run's).
 */
export async function fetchDueAttachments(
  deps: Deps,
  config: AttachmentFetchConfig,
): Promise<{ fetched: number; retried: number; failed: number }> {
  const store = new BlobStore(attachmentRoot(config.storageDir));
  const total = { fetched: 0, retried: 0, failed: 0 };
  for (let round = 0; round < ATTACHMENT_FETCH.rounds; round++) {
    const now = deps.clock.now();
    const claimed = await claimDueFetches(
      deps.db,
      now,
      new Date(now.getTime() + ATTACHMENT_FETCH.leaseMs),
      ATTACHMENT_FETCH.batch,
    );
    if (claimed.length === 0) break;
    const outcomes = await Promise.all(claimed.map((claim) => fetchOne(deps, config, store, claim)));
    for (const outcome of outcomes) if (outcome !== 'lost') total[outcome]++;
  }
  return total;
}

const isFailure = (code: string | null): code is AttachmentFetchFailure =>
  code !== null && (ATTACHMENT_FETCH_FAILURES as readonly string[]).includes(code);

/**
 * The links another platform sent with a case that are not attachments yet: those the job still
 * tries (with the attempts made, the next try and the last failure) and those it gave up (why).
 * For the staff who may see the case; a case outside the caller's scope is 404.
 */
export async function caseUnfetchedLinks(deps: Deps, actor: Actor, caseId: string): Promise<PendingFetchDto[]> {
  requireRole(actor, PENDING_LINK_READER_ROLES);
  if (!(await findCaseVisibleTo(deps.db, actor, caseId))) throw new AppError('CASE_NOT_FOUND');
  const rows = await unfetchedOfCase(deps.db, caseId);
  return rows.map((r) => {
    const [code = null, ...detail] = r.last_error?.split(': ') ?? [];
    return {
      id: Number(r.id),
      sourceName: r.source_name,
      url: r.url,
      name: r.name,
      status: r.status === 'failed' ? 'failed' : 'pending',
      attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
      failure: isFailure(code) ? code : null,
      detail: detail.length > 0 ? detail.join(': ') : null,
      receivedAt: r.created_at.toISOString(),
    };
  });
}
