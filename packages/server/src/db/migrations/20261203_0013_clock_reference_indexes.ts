import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Indexes the two references to a clock: a supervision follow-up's `parent_clock_id` and a
 * card's `clock_id`. Without them every clock removed makes PostgreSQL scan all clocks and all
 * cards to check that nothing still points at it, which with a million open clocks turns
 * removing ten thousand follow-ups into hours.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX clocks_parent ON clocks (parent_clock_id) WHERE parent_clock_id IS NOT NULL;
    CREATE INDEX cards_clock ON cards (clock_id) WHERE clock_id IS NOT NULL;
  `.execute(db);
}
