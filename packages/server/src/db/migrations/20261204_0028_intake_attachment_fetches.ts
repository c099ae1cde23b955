import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Attachments that another platform sends as links (signed intake, Open311 `media_url`): each link
 * is a row the fetch job claims, downloads within its limits and turns into an attachment of the
 * case, retried with back-off and then marked failed with the reason. One row per case and link,
 * so a platform's retry queues nothing twice. An attachment may now come from such a platform
 * rather than a user: `uploaded_by` is then null and `source_name` names the platform, with the
 * link it came from in `source_url`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE attachments ALTER COLUMN uploaded_by DROP NOT NULL;
    ALTER TABLE attachments ADD COLUMN source_name text;
    ALTER TABLE attachments ADD COLUMN source_url text;
    ALTER TABLE attachments ADD CONSTRAINT attachments_uploader
      CHECK (uploaded_by IS NOT NULL OR source_name IS NOT NULL);

    CREATE TABLE intake_attachment_fetches (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases(id),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      source_kind text NOT NULL CHECK (source_kind IN ('intake', 'open311')),
      source_key text NOT NULL,
      source_name text NOT NULL,
      url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 8000),
      name text CHECK (length(name) BETWEEN 1 AND 200),
      status text NOT NULL CHECK (status IN ('pending', 'fetched', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      attachment_id uuid REFERENCES attachments(id),
      created_at timestamptz NOT NULL,
      finished_at timestamptz,
      UNIQUE (case_id, url)
    );
    CREATE INDEX intake_attachment_fetches_due ON intake_attachment_fetches (next_attempt_at) WHERE status = 'pending';
  `.execute(db);
}
