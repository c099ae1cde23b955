import type { z } from 'zod';
import type { Deps } from '../context.js';

/**
 * How a failed run is tried again, declared once per job: at most `attempts` runs in all, the
 * first retry `delaySeconds` after the failure, and with `backoff` each later delay about twice
 * the one before (with jitter, so processes that failed together do not retry together).
 */
export interface RetryPolicy {
  attempts: number;
  delaySeconds: number;
  backoff: boolean;
}

/** What a run reports: it did work (`done`) or found nothing to do (`idle`), with counts for the log. */
export interface JobStatus {
  status: 'done' | 'idle';
  detail?: Record<string, number>;
}

/** What a handler gets besides its payload. */
export interface JobContext {
  deps: Deps;
  /** The queue's id of this job; the same on every retry of it. */
  jobId: string;
  /** 1 on the first run, 2 on the first retry … */
  attempt: number;
  /**
   * Runs `work` once per job: its JSON-able result is recorded under `name` when it succeeds,
   * and a retry of the same job returns the recorded result without running `work` again.
   * A step that crashes after its effect but before the record runs again on retry, so a step's
   * effect must itself be idempotent or inside the database (see `runStep`).
   */
  step<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/**
 * One kind of background work: a name (the queue's), a zod payload checked before the handler
 * runs, the retry policy and the longest a run may take before another process may take the
 * job over. Every server process that runs jobs works every queue; a job is claimed by one
 * process at a time (`FOR UPDATE SKIP LOCKED` in the queue's fetch), so it runs once.
 */
export interface JobDefinition<P extends z.ZodType = z.ZodType> {
  name: string;
  payload: P;
  retry: RetryPolicy;
  expireSeconds: number;
  handler(ctx: JobContext, payload: z.infer<P>): Promise<JobStatus>;
}

/** Declares a job with its types tied together; the definition is plain data plus the handler. */
export function defineJob<P extends z.ZodType>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}
