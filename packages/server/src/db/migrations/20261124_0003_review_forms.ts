import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** The lead unit's 不满意诉求审核反馈表: its statement, signed by its head (seed 003 二（四）3). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE review_forms (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases(id),
      round integer NOT NULL,
      unit_id uuid NOT NULL REFERENCES units(id),
      statement text NOT NULL,
      signed_by text NOT NULL,
      submitted_by uuid REFERENCES users(id),
      submitted_at timestamptz NOT NULL,
      UNIQUE (case_id, round)
    );
  `.execute(db);
}
