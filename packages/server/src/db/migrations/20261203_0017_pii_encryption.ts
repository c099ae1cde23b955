import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Personal data at rest. Mobiles and ID numbers stay `text` columns (and `mobile` members of
 * `enterprises.contacts`) but hold `enc:v1:<keyId>:…` from now on; the key is not known to SQL,
 * so the rows written before are encrypted at start in batches (`encryptPlainPii`), found
 * through a partial index on the large table. `pii_views` records every answer that showed a
 * whole mobile or ID number; like events it is append-only. `pii_key_store` holds the key of a
 * PostgreSQL deployment that configures none (a fallback that protects less, said at each start).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX cases_contact_mobile_plain ON cases (id)
      WHERE contact_mobile IS NOT NULL AND contact_mobile NOT LIKE 'enc:%';

    CREATE TABLE pii_views (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      viewer_id uuid NOT NULL REFERENCES users(id),
      viewed_at timestamptz NOT NULL,
      subject_kind text NOT NULL CHECK (subject_kind IN ('case', 'enterprise', 'user')),
      subject_id uuid NOT NULL,
      case_id uuid,
      field text NOT NULL,
      action text NOT NULL,
      address text
    );
    -- The keys of a PostgreSQL deployment that sets no QISU_PII_KEYS (one row; a warning at every start).
    CREATE TABLE pii_key_store (
      id integer PRIMARY KEY CHECK (id = 1),
      keys text NOT NULL,
      created_at timestamptz NOT NULL
    );

    CREATE INDEX pii_views_jurisdiction_at ON pii_views (jurisdiction_id, viewed_at DESC, id DESC);
    CREATE INDEX pii_views_case_at ON pii_views (case_id, viewed_at DESC) WHERE case_id IS NOT NULL;
    CREATE INDEX pii_views_viewer_at ON pii_views (viewer_id, viewed_at DESC);

    CREATE FUNCTION pii_views_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'pii_views is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$;
    CREATE TRIGGER pii_views_append_only BEFORE UPDATE OR DELETE ON pii_views
      FOR EACH ROW EXECUTE FUNCTION pii_views_refuse_change();
    CREATE TRIGGER pii_views_no_truncate BEFORE TRUNCATE ON pii_views
      FOR EACH STATEMENT EXECUTE FUNCTION pii_views_refuse_change();
  `.execute(db);
}
