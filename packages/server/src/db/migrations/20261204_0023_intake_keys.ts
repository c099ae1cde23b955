import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Keys of the platforms that file cases through signed intake (12345, a city platform): a key id
 * the platform sends, the HMAC secret kept sealed like personal data, the channel its cases carry,
 * several active per source at once so that a key is rotated without a gap.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE intake_keys (
      id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{3,64}$'),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      source text NOT NULL,
      channel text NOT NULL,
      secret text NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    CREATE INDEX intake_keys_jurisdiction ON intake_keys (jurisdiction_id, created_at DESC);
  `.execute(db);
}
