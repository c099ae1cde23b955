import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * A case handed up from one jurisdiction to the one above it on the same platform (a county to its
 * city, a street to its district): the lower case waits, the upper case is the level above's own,
 * filed in its jurisdiction. The row links the two, keeps the lower case's record as the upper
 * level received it, and when the result went back down. One upper case per hand-up; a lower case
 * may be handed up again in a later round.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_handups (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      lower_case_id uuid NOT NULL REFERENCES cases(id),
      lower_jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      lower_round integer NOT NULL,
      upper_case_id uuid NOT NULL UNIQUE REFERENCES cases(id),
      upper_jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      reason text NOT NULL,
      history jsonb NOT NULL,
      handed_by uuid REFERENCES users(id),
      handed_at timestamptz NOT NULL,
      returned_at timestamptz,
      returned_to text CHECK (returned_to IN ('replied', 'screening'))
    );
    CREATE INDEX case_handups_lower ON case_handups (lower_case_id, handed_at DESC);
    CREATE INDEX case_handups_pending ON case_handups (upper_jurisdiction_id) WHERE returned_at IS NULL;
  `.execute(db);
}
