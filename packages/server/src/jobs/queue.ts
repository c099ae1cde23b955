import PgBoss from 'pg-boss';
import type { Kysely } from 'kysely';
import { CompiledQuery } from 'kysely';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import type { JobContext, JobDefinition, JobStatus } from './job.js';
import { findStep, recordStep } from './jobs.repository.js';

/** A job that the scheduler sends every `everySeconds`, at most one waiting and one running at a time. */
export interface RecurringJob {
  job: JobDefinition;
  everySeconds: number;
}

/** What a process works and schedules, and whom it tells of outcomes. */
export interface JobQueueOptions {
  /** Every job this process works; each gets its own queue named after it. */
  jobs: readonly JobDefinition[];
  /** Jobs this process also schedules; every process may schedule, the queue keeps one per slot. */
  recurring?: readonly RecurringJob[];
  /** How often an idle worker looks for a job. */
  pollSeconds?: number;
  /** Told of a run's outcome, for the log. */
  onRun?: (name: string, status: JobStatus) => void;
  /** Told of failed runs and of the queue's own errors; the failed job is retried by its policy. */
  onError?: (error: unknown, name?: string) => void;
}

/** A started queue: send jobs, and stop working (waiting for the runs in progress). */
export interface JobQueue {
  send<J extends JobDefinition>(job: J, payload: Parameters<J['handler']>[1]): Promise<string | null>;
  stop(): Promise<void>;
}

/** The queue's tables live in their own schema, created and migrated by the queue itself. */
export const JOB_SCHEMA = 'qisu_jobs';

/**
 * pg-boss speaks to the database through our Kysely handle, so the same code runs on PostgreSQL
 * (a pool) and on PGlite (one in-process connection; the queue's statements then wait their turn
 * behind the requests' transactions).
 */
function bossDb(db: Kysely<Database>): PgBoss.Db {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows };
    },
  };
}

/** The context of one run: its steps are recorded by job id, so a retry skips the completed ones. */
function contextOf(deps: Deps, jobId: string, attempt: number): JobContext {
  return {
    deps,
    jobId,
    attempt,
    step: async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const done = await findStep(deps.db, jobId, name);
      if (done) return done.output as T;
      const output = await work();
      await recordStep(deps.db, { jobId, step: name, output, at: deps.clock.now() });
      return output;
    },
  };
}

/**
 * Starts working every job in this process on a PostgreSQL job queue (pg-boss) kept in the
 * database: a job is fetched with `FOR UPDATE SKIP LOCKED`, so across processes each job runs
 * once; a run that throws is retried by the job's policy, after a delay that doubles with each
 * failure; a run that outlives `expireSeconds` is failed and retried. Recurring jobs are sent by
 * every process on a timer into a `stately` queue, which keeps at most one waiting and one running,
 * so N processes still run one sweep at a time.
 */
export async function startJobQueue(deps: Deps, options: JobQueueOptions): Promise<JobQueue> {
  const onError = options.onError ?? (() => undefined);
  const boss = new PgBoss({
    db: bossDb(deps.db),
    schema: JOB_SCHEMA,
    // Nothing here uses pg-boss's cron; recurring jobs are sent by the timers below.
    schedule: false,
    supervise: true,
  });
  boss.on('error', (error) => onError(error));
  await boss.start();

  const recurring = new Set((options.recurring ?? []).map((r) => r.job.name));
  for (const job of options.jobs) {
    const policy: PgBoss.Queue = {
      name: job.name,
      policy: recurring.has(job.name) ? 'stately' : 'standard',
      retryLimit: Math.max(0, job.retry.attempts - 1),
      retryDelay: job.retry.delaySeconds,
      retryBackoff: job.retry.backoff,
      expireInSeconds: job.expireSeconds,
    };
    await boss.createQueue(job.name, policy);
    // The policy is declared in code; a queue created by an older version takes the current one.
    await boss.updateQueue(job.name, policy);
  }

  const pollingIntervalSeconds = options.pollSeconds ?? 2;
  for (const job of options.jobs) {
    await boss.work(job.name, { pollingIntervalSeconds, batchSize: 1, includeMetadata: true }, async ([raw]) => {
      if (!raw) return;
      const payload = job.payload.parse(raw.data ?? {});
      try {
        const status = await job.handler(contextOf(deps, raw.id, raw.retryCount + 1), payload);
        options.onRun?.(job.name, status);
        return status;
      } catch (error) {
        onError(error, job.name);
        throw error;
      }
    });
  }

  const timers = (options.recurring ?? []).map(({ job, everySeconds }) => {
    const send = () =>
      boss.send(job.name, {}, { singletonKey: job.name }).then(
        () => undefined,
        (error: unknown) => onError(error, job.name),
      );
    void send();
    const timer = setInterval(() => void send(), everySeconds * 1000);
    timer.unref();
    return timer;
  });

  return {
    send: (job, payload) => boss.send(job.name, job.payload.parse(payload) as object),
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 });
    },
  };
}
