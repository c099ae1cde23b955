import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The routing catalogue (派单目录, seed 003): category × region → lead unit, co-units and a default
 * complexity. A null category or region means "any"; a rule has at least one of them. One rule per
 * jurisdiction, category and region: the unique index compares nulls as equal through COALESCE,
 * which both PGlite and PostgreSQL 15 accept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE routing_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      category_id uuid REFERENCES categories(id),
      region_code text REFERENCES regions(code),
      lead_unit_id uuid NOT NULL REFERENCES units(id),
      co_unit_ids uuid[] NOT NULL DEFAULT '{}',
      complexity text CHECK (complexity IN ('simple','general','complex')),
      note text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL,
      CHECK (category_id IS NOT NULL OR region_code IS NOT NULL)
    );
    CREATE UNIQUE INDEX routing_rules_key ON routing_rules
      (jurisdiction_id, COALESCE(category_id::text, ''), COALESCE(region_code, ''));
    CREATE INDEX routing_rules_lead_unit ON routing_rules (lead_unit_id);
  `.execute(db);
}
