import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The recorded result of a step of a job, or undefined when the step has not completed. */
export async function findStep(
  db: Kysely<Database>,
  jobId: string,
  step: string,
): Promise<{ output: unknown } | undefined> {
  return db
    .selectFrom('job_steps')
    .select('output')
    .where('job_id', '=', jobId)
    .where('step', '=', step)
    .executeTakeFirst();
}

/** Records a completed step; a second record of the same step keeps the first. */
export async function recordStep(
  db: Kysely<Database>,
  row: { jobId: string; step: string; output: unknown; at: Date },
): Promise<void> {
  await db
    .insertInto('job_steps')
    .values({
      job_id: row.jobId,
      step: row.step,
      output: row.output === undefined ? null : JSON.stringify(row.output),
      done_at: row.at,
    })
    .onConflict((oc) => oc.columns(['job_id', 'step']).doNothing())
    .execute();
}

/** Forgets the steps of jobs finished before `before`; their jobs will not be retried again. */
export async function pruneSteps(db: Kysely<Database>, before: Date): Promise<void> {
  await db.deleteFrom('job_steps').where('done_at', '<', before).execute();
}
