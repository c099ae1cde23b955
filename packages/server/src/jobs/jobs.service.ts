import { z } from 'zod';
import { sweepDue } from '../clocks/sweep.service.js';
import type { Deps } from '../context.js';
import { anchorChainHeads } from '../events/anchors.service.js';
import { detectHotspots } from '../hotspots/hotspots.service.js';
import type { ChannelProvider } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { generateScheduledNotices } from '../reports/documents.js';
import { catchUpAllKpis } from '../reports/rollups.js';
import { deliverWebhooks, enqueueWebhookDeliveries } from '../webhooks/webhooks.service.js';
import type { AttachmentFetchConfig } from '../intake/attachment-fetches.service.js';
import { fetchDueAttachments } from '../intake/attachment-fetches.service.js';
import { remindLiaisons } from '../solicitations/solicitations.service.js';
import { returnHandupResults } from '../handups/handups.service.js';
import type { JobDefinition } from './job.js';
import { defineJob } from './job.js';
import { forgetSpentLoginGuards } from '../auth/auth.service.js';
import { pruneSteps } from './jobs.repository.js';
import type { JobQueue } from './queue.js';
import { startJobQueue } from './queue.js';

/** Recurring jobs take no payload: each run looks at what is due now. */
const NoPayload = z.object({}).strict();

/**
 * The clock sweep: fires due warnings and breaches. Its own row claims make a firing happen once
 * even if two runs overlapped; a failed run is simply retried, the rows it fired being done.
 */
export const sweepJob = defineJob({
  name: 'clocks.sweep',
  payload: NoPayload,
  retry: { attempts: 3, delaySeconds: 5, backoff: true },
  expireSeconds: 15 * 60,
  handler: async (ctx) => {
    const r = await sweepDue(ctx.deps);
    return { status: r.warned + r.breached > 0 ? 'done' : 'idle', detail: { ...r } };
  },
});

/** Hotspot detection: reads weeks of cases, so it runs every five minutes, not with every sweep. */
export const hotspotsJob = defineJob({
  name: 'hotspots.detect',
  payload: NoPayload,
  retry: { attempts: 3, delaySeconds: 30, backoff: true },
  expireSeconds: 15 * 60,
  handler: async (ctx) => {
    await detectHotspots(ctx.deps);
    return { status: 'done' };
  },
});

/** The outbox dispatcher over the given channel providers (see `dispatchOutbox`). */
export function outboxJob(providers: readonly ChannelProvider[]) {
  return defineJob({
    name: 'outbox.dispatch',
    payload: NoPayload,
    retry: { attempts: 3, delaySeconds: 5, backoff: true },
    expireSeconds: 10 * 60,
    handler: async (ctx) => {
      const r = await dispatchOutbox(ctx.deps, providers);
      return { status: r.delivered + r.retried > 0 ? 'done' : 'idle', detail: { ...r } };
    },
  });
}

/**
 * Anchoring: each chain's head recorded in `chain_anchors` and written to the outbox for the upper
 * platform. A head is anchored once, so a retry or a second process adds nothing.
 */
export const anchorJob = defineJob({
  name: 'audit.anchor',
  payload: NoPayload,
  retry: { attempts: 3, delaySeconds: 60, backoff: true },
  expireSeconds: 10 * 60,
  handler: async (ctx) => {
    const r = await anchorChainHeads(ctx.deps);
    return { status: r.anchored > 0 ? 'done' : 'idle', detail: { ...r } };
  },
});

/**
 * The KPI rollups follow the event stream, so that a report reads sums instead of scanning cases;
 * a report catches up too before it reads, and finds little left after this job.
 */
export const kpiRollupJob = defineJob({
  name: 'kpi.rollup',
  payload: NoPayload,
  retry: { attempts: 3, delaySeconds: 30, backoff: true },
  expireSeconds: 30 * 60,
  handler: async (ctx) => {
    const r = await catchUpAllKpis(ctx.deps.db);
    return { status: r.events + r.cases > 0 ? 'done' : 'idle', detail: { ...r } };
  },
});

/**
 * The notices of each jurisdiction's cadence (`reports.notices`), written once the period is
 * complete; a run that finds them written does nothing.
 */
export const noticesJob = defineJob({
  name: 'reports.notices',
  payload: NoPayload,
  retry: { attempts: 3, delaySeconds: 300, backoff: true },
  expireSeconds: 30 * 60,
  handler: async (ctx) => {
    const r = await generateScheduledNotices(ctx.deps);
    return { status: r.generated > 0 ? 'done' : 'idle', detail: { ...r } };
  },
});

/**
 * Webhooks: offers the new case events to the subscriptions, then posts what is due. Deliveries are
 * claimed a lease at a time, so a retried run or a second process posts nothing twice.
 */
export const webhooksJob = defineJob({
  name: 'webhooks.deliver',
  payload: NoPayload,
  retry: { attempts: 3, delaySeconds: 10, backoff: true },
  expireSeconds: 10 * 60,
  handler: async (ctx) => {
    const offered = await enqueueWebhookDeliveries(ctx.deps);
    const r = await deliverWebhooks(ctx.deps);
    return {
      status: offered.offered + r.delivered + r.retried + r.dead > 0 ? 'done' : 'idle',
      detail: { ...offered, ...r },
    };
  },
});

/**
 * Hand-ups: sends the results of the level above down to the cases handed up. Each is claimed in
 * its own transaction, so a retried run or a second process sends nothing twice.
 */
export const handupsJob = defineJob({
  name: 'handups.return',
  payload: NoPayload,
  retry: { attempts: 3, delaySeconds: 10, backoff: true },
  expireSeconds: 10 * 60,
  handler: async (ctx) => {
    const r = await returnHandupResults(ctx.deps);
    return { status: r.returned > 0 ? 'done' : 'idle', detail: { ...r } };
  },
});

/**
 * The weekly solicitation reminder: from Thursday 09:00 each liaison with ledger enterprises not
 * solicited this week is told once (claimed per liaison and week, so nothing goes twice).
 */
export const solicitationRemindersJob = defineJob({
  name: 'solicitations.remind',
  payload: NoPayload,
  retry: { attempts: 3, delaySeconds: 60, backoff: true },
  expireSeconds: 10 * 60,
  handler: async (ctx) => {
    const r = await remindLiaisons(ctx.deps);
    return { status: r.reminded > 0 ? 'done' : 'idle', detail: { ...r } };
  },
});

/**
 * Attachments that platforms sent as links: fetches what is due within the limits and adds it to
 * its case. Links are claimed a lease at a time and marked fetched in the attachment's own
 * transaction, so a retried run or a second process adds no file twice.
 */
export function attachmentFetchJob(config: AttachmentFetchConfig) {
  return defineJob({
    name: 'attachments.fetch',
    payload: NoPayload,
    retry: { attempts: 3, delaySeconds: 10, backoff: true },
    expireSeconds: 10 * 60,
    handler: async (ctx) => {
      const r = await fetchDueAttachments(ctx.deps, config);
      return { status: r.fetched + r.retried + r.failed > 0 ? 'done' : 'idle', detail: { ...r } };
    },
  });
}

/** Notices are looked for every hour: one is due at most once a month. */
export const NOTICES_EVERY_SECONDS = 3600;

/** The rollups are brought up to date every minute. */
export const KPI_ROLLUP_EVERY_SECONDS = 60;

/** Chain heads are anchored once a day (and when a process starts). */
export const ANCHOR_EVERY_SECONDS = 24 * 3600;

/** How long the completed steps of a job are kept: far longer than any job is retried. */
export const KEEP_STEPS_DAYS = 7;

/** Forgets the recorded steps of old jobs and spent login guards, so both tables stay small. */
export const pruneStepsJob = defineJob({
  name: 'jobs.prune',
  payload: NoPayload,
  retry: { attempts: 2, delaySeconds: 60, backoff: false },
  expireSeconds: 10 * 60,
  handler: async (ctx) => {
    await pruneSteps(ctx.deps.db, new Date(+ctx.deps.clock.now() - KEEP_STEPS_DAYS * 86_400_000));
    await forgetSpentLoginGuards(ctx.deps.db, ctx.deps.clock.now());
    return { status: 'done' };
  },
});

/** Hotspot mining reads weeks of cases; once every few minutes is early enough for a warning. */
export const HOTSPOT_EVERY_SECONDS = 5 * 60;

/** The outbox is looked at at least this often, so a notification arrives well within 60 s. */
export const OUTBOX_EVERY_SECONDS = 10;

/** The configuration of a process's background work, from `env.ts`. */
export interface BackgroundOptions {
  /** `QISU_SWEEP_SECONDS`: how often to sweep; 0 means this process runs no background work. */
  sweepSeconds: number;
  providers: readonly ChannelProvider[];
  /** Where fetched attachments go and the fetch's limits. */
  attachmentFetch: AttachmentFetchConfig;
  onError: (error: unknown, job?: string) => void;
}

/**
 * Starts this process's share of the background work: every process works the same queues and
 * sends the recurring jobs; the queue runs each job once. With `sweepSeconds` 0 nothing starts
 * (tests and processes that only serve requests).
 */
export async function startBackgroundJobs(deps: Deps, options: BackgroundOptions): Promise<Pick<JobQueue, 'stop'>> {
  if (options.sweepSeconds === 0) return { stop: () => Promise.resolve() };
  const outbox = outboxJob(options.providers);
  const attachmentFetch = attachmentFetchJob(options.attachmentFetch);
  const jobs: JobDefinition[] = [
    sweepJob,
    hotspotsJob,
    outbox,
    pruneStepsJob,
    anchorJob,
    kpiRollupJob,
    noticesJob,
    webhooksJob,
    attachmentFetch,
    handupsJob,
    solicitationRemindersJob,
  ];
  return startJobQueue(deps, {
    jobs,
    recurring: [
      { job: sweepJob, everySeconds: options.sweepSeconds },
      { job: hotspotsJob, everySeconds: HOTSPOT_EVERY_SECONDS },
      { job: outbox, everySeconds: Math.min(options.sweepSeconds, OUTBOX_EVERY_SECONDS) },
      { job: pruneStepsJob, everySeconds: 3600 },
      { job: anchorJob, everySeconds: ANCHOR_EVERY_SECONDS },
      { job: kpiRollupJob, everySeconds: KPI_ROLLUP_EVERY_SECONDS },
      { job: noticesJob, everySeconds: NOTICES_EVERY_SECONDS },
      { job: webhooksJob, everySeconds: Math.min(options.sweepSeconds, OUTBOX_EVERY_SECONDS) },
      { job: attachmentFetch, everySeconds: Math.min(options.sweepSeconds, OUTBOX_EVERY_SECONDS) },
      { job: handupsJob, everySeconds: Math.min(options.sweepSeconds, OUTBOX_EVERY_SECONDS) },
      { job: solicitationRemindersJob, everySeconds: 3600 },
    ],
    pollSeconds: Math.min(2, options.sweepSeconds),
    onError: options.onError,
  });
}
