import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * What finds a case's near duplicates: its distinct words, their MinHash signature and the
 * signature's LSH keys. A GIN index on the keys turns "cases sharing a key" into an index lookup;
 * the signature then scores the candidates. Cases written before this table are filled in by the
 * server at start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_fingerprints (
      case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      tokens text[] NOT NULL,
      signature text NOT NULL,
      bands integer[] NOT NULL
    );
    CREATE INDEX case_fingerprints_bands ON case_fingerprints USING gin (bands);
    CREATE INDEX case_fingerprints_jurisdiction ON case_fingerprints (jurisdiction_id);
  `.execute(db);
}
