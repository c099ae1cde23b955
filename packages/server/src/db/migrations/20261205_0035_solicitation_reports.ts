import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The weekly 问题台账 a town, street or park sends to the hub (seed 003 二(一): "问题征询分析汇总后
 * 每周报推进中心"): one row per unit and ISO week, with what the week's rounds found when it was
 * sent. Sending again replaces the figures and keeps the first time it was sent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE solicitation_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      week text NOT NULL CHECK (week ~ '^[0-9]{4}-W[0-9]{2}$'),
      rounds integer NOT NULL CHECK (rounds >= 0),
      enterprises integer NOT NULL CHECK (enterprises >= 0),
      problems integer NOT NULL CHECK (problems >= 0),
      first_sent_at timestamptz NOT NULL,
      sent_at timestamptz NOT NULL,
      sent_by uuid NOT NULL REFERENCES users(id),
      UNIQUE (unit_id, week)
    );
    CREATE INDEX solicitation_reports_week ON solicitation_reports (jurisdiction_id, week);
    CREATE INDEX solicitations_unit_week ON solicitations (unit_id, week);
  `.execute(db);
}
