import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * When a case was first answered to (the lead unit signed it, or the hub answered it directly),
 * and the working minutes from receipt to that response and to its closing, measured on the
 * jurisdiction's calendar when they happen (docs/kpi.md, average times). Cases closed before
 * this version have no minutes: the averages count only the cases that have them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cases ADD COLUMN responded_at timestamptz;
    ALTER TABLE cases ADD COLUMN response_minutes integer;
    ALTER TABLE cases ADD COLUMN resolve_minutes integer;
    UPDATE cases c SET responded_at = coalesce(
      (SELECT min(a.signed_at) FROM assignments a WHERE a.case_id = c.id AND a.role = 'lead'),
      CASE WHEN c.status = 'answered' THEN c.closed_at END
    );
  `.execute(db);
}
