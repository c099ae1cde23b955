import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Notices (通报) kept for download: generated on the profile's cadence by the `reports.notices`
 * job (no user) or on demand (the user who asked), one row per document with its bytes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE report_documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      kind text NOT NULL CHECK (kind IN ('notice')),
      period_code text NOT NULL,
      file_name text NOT NULL,
      content bytea NOT NULL,
      generated_by uuid REFERENCES users(id),
      generated_by_name text NOT NULL,
      generated_at timestamptz NOT NULL
    );
    CREATE INDEX report_documents_list ON report_documents (jurisdiction_id, generated_at DESC);
    CREATE UNIQUE INDEX report_documents_scheduled ON report_documents (jurisdiction_id, kind, period_code)
      WHERE generated_by IS NULL;
  `.execute(db);
}
