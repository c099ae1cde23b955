import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Database, LibraryEntriesTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Most entries a search or a likeness pass reads at once; a county's library is far smaller. */
const READ_LIMIT = 2000;

const ENTRY_COLUMNS = [
  'e.id',
  'e.jurisdiction_id',
  'e.case_id',
  'e.problem',
  'e.resolution',
  'e.policy_basis',
  'e.unit_ids',
  'e.unit_names',
  'e.category_id',
  'e.tags',
  'e.tokens',
  'e.typical',
  'e.typical_at',
  'e.created_by',
  'e.created_at',
  'e.updated_at',
  'c.number as case_number',
  'c.title as case_title',
  'cat.name as category_name',
  'u.name as created_by_name',
] as const;

function entries(db: Executor) {
  return db
    .selectFrom('library_entries as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .leftJoin('categories as cat', 'cat.id', 'e.category_id')
    .leftJoin('users as u', 'u.id', 'e.created_by')
    .select(ENTRY_COLUMNS);
}

/** One library entry row with its case number, category and author names. */
export type LibraryEntryRow = Awaited<ReturnType<typeof findEntry>> & object;

export function insertEntry(trx: Executor, row: Insertable<LibraryEntriesTable>) {
  return trx.insertInto('library_entries').values(row).returning('id').executeTakeFirstOrThrow();
}

/** The entry made from a case, if any (one per case). */
export function entryOfCase(db: Executor, caseId: string) {
  return db.selectFrom('library_entries').select('id').where('case_id', '=', caseId).executeTakeFirst();
}

/** An entry of the jurisdiction, or undefined (another jurisdiction's entry is never named). */
export function findEntry(db: Executor, jurisdictionId: string, id: string) {
  return entries(db).where('e.id', '=', id).where('e.jurisdiction_id', '=', jurisdictionId).executeTakeFirst();
}

export function updateEntry(db: Executor, jurisdictionId: string, id: string, set: Updateable<LibraryEntriesTable>) {
  return db
    .updateTable('library_entries')
    .set(set)
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .returning('id')
    .executeTakeFirst();
}

/**
 * Entries of the jurisdiction, newest first; with words, those sharing a word with them (GIN on
 * `tokens`) or holding the raw query in their text, so a word jieba splits otherwise still finds.
 */
export function listEntries(
  db: Executor,
  filter: { jurisdictionId: string; words?: readonly string[]; raw?: string; typical?: boolean },
) {
  let q = entries(db).where('e.jurisdiction_id', '=', filter.jurisdictionId);
  if (filter.typical !== undefined) q = q.where('e.typical', '=', filter.typical);
  const words = filter.words ?? [];
  const raw = filter.raw;
  if (words.length > 0 || raw) {
    q = q.where((eb) => {
      const ors = [];
      if (words.length > 0) ors.push(sql<boolean>`e.tokens && ${sql.val([...words])}::text[]`);
      if (raw) {
        const like = `%${raw.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        ors.push(eb('e.problem', 'ilike', like), eb('e.resolution', 'ilike', like));
        ors.push(sql<boolean>`array_to_string(e.tags, ' ') ILIKE ${like}`);
      }
      return eb.or(ors);
    });
  }
  return q.orderBy('e.created_at', 'desc').orderBy('e.id').limit(READ_LIMIT).execute();
}

/** Typical entries of the jurisdiction marked typical within `[from, to)`, oldest first. */
export function typicalEntriesBetween(db: Executor, jurisdictionId: string, from: Date, to: Date) {
  return entries(db)
    .where('e.jurisdiction_id', '=', jurisdictionId)
    .where('e.typical', '=', true)
    .where('e.typical_at', '>=', from)
    .where('e.typical_at', '<', to)
    .orderBy('e.typical_at')
    .orderBy('e.id')
    .execute();
}

/** A jurisdiction's name, for the heading of its 简报. */
export async function jurisdictionName(db: Executor, id: string): Promise<string> {
  const row = await db.selectFrom('jurisdictions').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? '';
}
