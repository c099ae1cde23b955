import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Hotspots (热点): groups of similar cases that passed a jurisdiction's warning threshold, their
 * member cases, the one warning each group raised (`warned_at`), and the systemic fix it is
 * linked to (办理一个、解决一类): a case of the same jurisdiction, followed until resolved.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE hotspot_groups (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      key text NOT NULL,
      title text NOT NULL,
      keywords jsonb NOT NULL DEFAULT '[]',
      category_id uuid REFERENCES categories(id),
      region_code text,
      industry text,
      size integer NOT NULL,
      previous_size integer NOT NULL DEFAULT 0,
      first_seen_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      warned_at timestamptz,
      fix_case_id uuid REFERENCES cases(id),
      fix_note text,
      resolve_note text,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixing', 'resolved')),
      updated_at timestamptz NOT NULL
    );
    CREATE UNIQUE INDEX hotspot_groups_key ON hotspot_groups (jurisdiction_id, key);
    CREATE INDEX hotspot_groups_status ON hotspot_groups (jurisdiction_id, status);
    CREATE TABLE hotspot_members (
      group_id uuid NOT NULL REFERENCES hotspot_groups(id) ON DELETE CASCADE,
      case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
      added_at timestamptz NOT NULL,
      PRIMARY KEY (group_id, case_id)
    );
    CREATE INDEX hotspot_members_case ON hotspot_members (case_id);
  `.execute(db);
}
