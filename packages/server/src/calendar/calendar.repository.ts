import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Every imported State Council notice day, shared by every jurisdiction. */
export function noticeDays(db: Executor) {
  return db.selectFrom('calendar_notices').select(['date', 'working', 'name']).execute();
}

/** A jurisdiction's local overrides. */
export function overrideDays(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('calendar_overrides')
    .select(['date', 'working', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute();
}

/** Stores a jurisdiction's override of a date, replacing one already there. */
export async function upsertOverride(
  db: Executor,
  row: { jurisdictionId: string; date: string; working: boolean; name: string | null; createdBy: string; at: Date },
): Promise<void> {
  await db
    .insertInto('calendar_overrides')
    .values({
      jurisdiction_id: row.jurisdictionId,
      date: row.date,
      working: row.working,
      name: row.name,
      created_by: row.createdBy,
      created_at: row.at,
    })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'date']).doUpdateSet({ working: row.working, name: row.name }))
    .execute();
}

/** Removes a jurisdiction's override of a date, if there is one. */
export async function deleteOverride(db: Executor, jurisdictionId: string, date: string): Promise<void> {
  await db
    .deleteFrom('calendar_overrides')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('date', '=', date)
    .execute();
}

/**
 * Replaces a year's notice days with `days`. Call it in a transaction, so readers never see the
 * year half imported.
 */
export async function replaceNoticeYear(
  trx: Transaction<Database>,
  year: number,
  days: readonly { date: string; working: boolean; name: string | null }[],
  importedBy: string,
  at: Date,
): Promise<void> {
  await trx.deleteFrom('calendar_notices').where('year', '=', year).execute();
  if (days.length === 0) return;
  await trx
    .insertInto('calendar_notices')
    .values(
      days.map((d) => ({
        date: d.date,
        year,
        working: d.working,
        name: d.name,
        imported_by: importedBy,
        imported_at: at,
      })),
    )
    .execute();
}
