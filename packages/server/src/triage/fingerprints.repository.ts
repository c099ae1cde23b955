import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Stores (or replaces) a case's fingerprint: its words, MinHash signature and LSH band keys. */
export async function upsertFingerprint(
  db: Executor,
  row: { caseId: string; jurisdictionId: string; tokens: string[]; signature: string; bands: number[] },
): Promise<void> {
  const values = { tokens: row.tokens, signature: row.signature, bands: row.bands };
  await db
    .insertInto('case_fingerprints')
    .values({ case_id: row.caseId, jurisdiction_id: row.jurisdictionId, ...values })
    .onConflict((oc) => oc.column('case_id').doUpdateSet(values))
    .execute();
}

/** Up to `limit` cases that have no fingerprint yet (written before fingerprints existed). */
export function casesWithoutFingerprint(db: Executor, limit: number) {
  return db
    .selectFrom('cases as c')
    .leftJoin('case_fingerprints as f', 'f.case_id', 'c.id')
    .select(['c.id', 'c.jurisdiction_id', 'c.title', 'c.content'])
    .where('f.case_id', 'is', null)
    .limit(limit)
    .execute();
}

/**
 * Cases of a jurisdiction sharing at least one LSH key with `bands`, with their words and what
 * screening shows of them. Merged cases are left out: they live on in the case they joined.
 */
export function findCandidates(
  db: Executor,
  jurisdictionId: string,
  bands: number[],
  excludeCaseId: string,
  limit: number,
) {
  return db
    .selectFrom('case_fingerprints as f')
    .innerJoin('cases as c', 'c.id', 'f.case_id')
    .leftJoin('units as u', 'u.id', 'c.lead_unit_id')
    .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.content',
      'c.status',
      'c.created_at',
      'c.closed_at',
      'c.enterprise_id',
      'c.category_id',
      'c.complexity',
      'c.lead_unit_id',
      'c.answer_text',
      'c.result',
      'c.result_text',
      'c.last_score',
      'u.name as lead_unit_name',
      'u.active as lead_unit_active',
      'e.name as enterprise_name',
      'f.tokens',
    ])
    .where('f.jurisdiction_id', '=', jurisdictionId)
    .where(sql<boolean>`f.bands && ${sql.val(bands)}::integer[]`)
    .where('f.case_id', '<>', excludeCaseId)
    .where('c.status', '<>', 'merged')
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
}

export type Candidate = Awaited<ReturnType<typeof findCandidates>>[number];
