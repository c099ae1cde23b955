import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The experience library (经验积累库, seed 002 二(一)2; 典型服务案例, seed 001 二(三)2): a closed
 * case distilled by the hub into a problem, its resolution and the policy it rested on, with the
 * units that solved it and the case's category copied at the time, so the entry stays true when
 * the case's units are renamed or reassigned later. `tokens` holds the jieba words of problem,
 * resolution and tags, written by the service, so search can use a GIN index. One entry per case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE library_entries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      case_id uuid NOT NULL UNIQUE REFERENCES cases(id),
      problem text NOT NULL,
      resolution text NOT NULL,
      policy_basis text,
      unit_ids uuid[] NOT NULL DEFAULT '{}',
      unit_names text[] NOT NULL DEFAULT '{}',
      category_id uuid REFERENCES categories(id),
      tags text[] NOT NULL DEFAULT '{}',
      tokens text[] NOT NULL DEFAULT '{}',
      typical boolean NOT NULL DEFAULT false,
      typical_at timestamptz,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX library_entries_jurisdiction ON library_entries (jurisdiction_id, created_at DESC);
    CREATE INDEX library_entries_typical ON library_entries (jurisdiction_id, typical_at) WHERE typical;
    CREATE INDEX library_entries_tokens ON library_entries USING gin (tokens);
  `.execute(db);
}
