import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Case attachments: one row per upload, pointing by SHA-256 at a content-addressed blob in the
 * data folder (the same bytes uploaded twice are two rows and one blob).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases(id),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      size bigint NOT NULL CHECK (size > 0),
      mime text NOT NULL,
      uploaded_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX attachments_case ON attachments (case_id, created_at);
    CREATE INDEX attachments_sha256 ON attachments (sha256);
  `.execute(db);
}
