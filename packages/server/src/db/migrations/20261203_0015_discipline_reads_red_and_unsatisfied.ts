import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Opens to the discipline commission the cases its profile lets it read (SPEC §2, the profile's
 * `discipline` section, both readings when absent): every case with a red card, every case
 * rated unsatisfied. Such cases were flagged only when the profile handed them over; from now
 * on the sweep and the rating flag them as they happen, and this flags those already there,
 * under each jurisdiction's active profile (none stored: the presets, which read both). A
 * partial index serves the commission's worklist, which reads only flagged cases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE cases AS c SET discipline_flag = true
    FROM jurisdictions AS j
    LEFT JOIN profiles AS p ON p.jurisdiction_id = j.id AND p.version = j.profile_version
    WHERE c.jurisdiction_id = j.id
      AND NOT c.discipline_flag
      AND (
        (COALESCE((p.document -> 'discipline' ->> 'readsRedCards')::boolean, true)
          AND EXISTS (SELECT 1 FROM cards AS k WHERE k.case_id = c.id AND k.colour = 'red'))
        OR
        (COALESCE((p.document -> 'discipline' ->> 'readsUnsatisfied')::boolean, true)
          AND EXISTS (SELECT 1 FROM ratings AS r WHERE r.case_id = c.id AND NOT r.satisfied))
      );
    CREATE INDEX cases_discipline ON cases (jurisdiction_id, created_at DESC) WHERE discipline_flag;
  `.execute(db);
}
