import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** A worklist filter a user keeps under a name (saved views of the hub's worklist). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE saved_views (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      name text NOT NULL,
      query jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (user_id, name)
    );
  `.execute(db);
}
