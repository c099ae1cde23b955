import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * A supervision (督办) may set a deadline, kept as a clock of milestone `supervision` owned by the
 * supervised unit, and is answered by that unit: the response, when and by whom.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE supervisions ADD COLUMN due_at timestamptz;
    ALTER TABLE supervisions ADD COLUMN clock_id uuid REFERENCES clocks(id);
    ALTER TABLE supervisions ADD COLUMN responded_at timestamptz;
    ALTER TABLE supervisions ADD COLUMN responder_id uuid REFERENCES users(id);
    CREATE INDEX supervisions_open ON supervisions (case_id) WHERE response IS NULL;
  `.execute(db);
}
