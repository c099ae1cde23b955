import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The service catalogues (seed 004 三(一)3): items of the 涉企事项清单 and the 增值化服务清单, each
 * with its provider unit, what to bring, its time limit and whether 帮办代办 and appointments are
 * offered (seed 002 二(四)10); "一件事" bundles of items in order; and each enterprise request of
 * an item or a bundle beside the case it became. `units.fallback` marks a jurisdiction's 兜底办
 * (seed 004 三(三)1), at most one per jurisdiction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE units ADD COLUMN fallback boolean NOT NULL DEFAULT false;
    CREATE UNIQUE INDEX units_one_fallback ON units (jurisdiction_id) WHERE fallback;
    CREATE TABLE service_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      catalogue text NOT NULL,
      field text NOT NULL,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      provider_unit_id uuid NOT NULL REFERENCES units(id),
      materials text,
      time_limit text,
      working_days integer,
      assisted boolean NOT NULL DEFAULT false,
      appointment boolean NOT NULL DEFAULT false,
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (jurisdiction_id, catalogue, name)
    );
    CREATE INDEX service_items_jurisdiction ON service_items (jurisdiction_id, catalogue, field);
    CREATE TABLE service_bundles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      item_ids uuid[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (jurisdiction_id, name)
    );
    CREATE TABLE service_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      case_id uuid NOT NULL UNIQUE REFERENCES cases(id),
      item_id uuid REFERENCES service_items(id),
      bundle_id uuid REFERENCES service_bundles(id),
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      requested_by uuid REFERENCES users(id),
      wants_assistance boolean NOT NULL DEFAULT false,
      appointment_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((item_id IS NULL) <> (bundle_id IS NULL))
    );
    CREATE INDEX service_requests_enterprise ON service_requests (enterprise_id, created_at DESC);
  `.execute(db);
}
