import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Category models, versioned, with their measured quality. A model of a jurisdiction serves
 * that jurisdiction; a model without one serves every jurisdiction that has none of its own.
 * At most one model per scope is active.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE triage_models (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid REFERENCES jurisdictions(id),
      version integer NOT NULL,
      model text NOT NULL,
      labels jsonb NOT NULL,
      examples integer NOT NULL,
      quality jsonb,
      active boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL
    );
    CREATE UNIQUE INDEX triage_models_version ON triage_models (
      COALESCE(jurisdiction_id, '00000000-0000-0000-0000-000000000000'::uuid), version
    );
    CREATE UNIQUE INDEX triage_models_active ON triage_models (
      COALESCE(jurisdiction_id, '00000000-0000-0000-0000-000000000000'::uuid)
    ) WHERE active;
  `.execute(db);
}
