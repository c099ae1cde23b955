import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** Service reports (服务企业报告, seed 001) are kept beside the notices. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE report_documents DROP CONSTRAINT report_documents_kind_check;
    ALTER TABLE report_documents ADD CONSTRAINT report_documents_kind_check
      CHECK (kind IN ('notice', 'service-report'));
  `.execute(db);
}
