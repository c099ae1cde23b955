import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Weekly solicitation (seed 003 二(一)): a round in which a liaison or the hub asked an enterprise
 * about its problems (how, when, by whom, the ISO week it counts for in Asia/Shanghai), the cases
 * its problems became (channel `solicitation`), and the reminders already sent to a liaison for a
 * week, so that a reminder goes once however many processes run the job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE solicitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      method text NOT NULL CHECK (method IN ('visit', 'phone', 'meeting', 'online')),
      held_at timestamptz NOT NULL,
      week text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
      recorded_by uuid NOT NULL REFERENCES users(id),
      unit_id uuid REFERENCES units(id),
      note text CHECK (length(note) <= 2000),
      problems integer NOT NULL CHECK (problems >= 0),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX solicitations_week ON solicitations (jurisdiction_id, week);
    CREATE INDEX solicitations_enterprise ON solicitations (enterprise_id, held_at DESC);

    CREATE TABLE solicitation_cases (
      solicitation_id uuid NOT NULL REFERENCES solicitations(id),
      case_id uuid NOT NULL UNIQUE REFERENCES cases(id),
      PRIMARY KEY (solicitation_id, case_id)
    );

    CREATE TABLE solicitation_reminders (
      user_id uuid NOT NULL REFERENCES users(id),
      week text NOT NULL,
      missing integer NOT NULL,
      sent_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, week)
    );
  `.execute(db);
}
