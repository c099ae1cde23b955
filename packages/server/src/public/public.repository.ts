import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The jurisdiction with this code, with only the columns a public page may show. */
export function findJurisdictionByCode(db: Kysely<Database>, code: string) {
  return db
    .selectFrom('jurisdictions')
    .select(['id', 'code', 'name', 'full_name', 'brand'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** The office phones of the jurisdiction's active hub units, oldest unit first. */
export async function hubPhones(db: Kysely<Database>, jurisdictionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('units')
    .select('contact_phone')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('kind', '=', 'hub')
    .where('active', '=', true)
    .where('contact_phone', 'is not', null)
    .orderBy('created_at')
    .orderBy('name')
    .execute();
  return rows.flatMap((r) => (r.contact_phone ? [r.contact_phone] : []));
}
