import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { OPEN_STATUSES } from '@qisu/core';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The active model of a jurisdiction, else the active model for every jurisdiction. */
export function findActiveModel(db: Executor, jurisdictionId: string | null) {
  return db
    .selectFrom('triage_models')
    .select(['id', 'jurisdiction_id', 'version', 'model'])
    .where('active', '=', true)
    .where((eb) =>
      jurisdictionId
        ? eb.or([eb('jurisdiction_id', '=', jurisdictionId), eb('jurisdiction_id', 'is', null)])
        : eb('jurisdiction_id', 'is', null),
    )
    .orderBy(sql`jurisdiction_id IS NULL`)
    .limit(1)
    .executeTakeFirst();
}

/** Stores a model as the next version of its scope and makes it the only active one there. */
export async function insertActiveModel(
  trx: Transaction<Database>,
  row: {
    jurisdictionId: string | null;
    model: string;
    labels: string[];
    examples: number;
    quality: object | null;
    at: Date;
  },
) {
  // One writer per scope at a time: the advisory lock keys on the scope, so versions never clash.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`triage:${row.jurisdictionId ?? 'all'}`}))`.execute(trx);
  const last = await trx
    .selectFrom('triage_models')
    .select((eb) => eb.fn.max('version').as('version'))
    .where((eb) =>
      row.jurisdictionId ? eb('jurisdiction_id', '=', row.jurisdictionId) : eb('jurisdiction_id', 'is', null),
    )
    .executeTakeFirst();
  await trx
    .updateTable('triage_models')
    .set({ active: false })
    .where('active', '=', true)
    .where((eb) =>
      row.jurisdictionId ? eb('jurisdiction_id', '=', row.jurisdictionId) : eb('jurisdiction_id', 'is', null),
    )
    .execute();
  return trx
    .insertInto('triage_models')
    .values({
      jurisdiction_id: row.jurisdictionId,
      version: Number(last?.version ?? 0) + 1,
      model: row.model,
      labels: JSON.stringify(row.labels),
      examples: row.examples,
      quality: row.quality ? JSON.stringify(row.quality) : null,
      active: true,
      created_at: row.at,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

/** The models that may serve a jurisdiction, its own and those for all, newest first. */
export function listModels(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('triage_models')
    .select(['id', 'jurisdiction_id', 'version', 'labels', 'examples', 'quality', 'active', 'created_at'])
    .where((eb) => eb.or([eb('jurisdiction_id', '=', jurisdictionId), eb('jurisdiction_id', 'is', null)]))
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .limit(50)
    .execute();
}

/**
 * Cases the hub has screened with a category (neither still submitted nor merged away), oldest
 * first: the training data. Of one jurisdiction, or of all when `jurisdictionId` is null.
 */
export function screenedCases(db: Executor, jurisdictionId: string | null) {
  let query = db
    .selectFrom('cases')
    .select(['title', 'content', 'category_id', 'jurisdiction_id'])
    .where('category_id', 'is not', null)
    .where('status', 'not in', ['submitted', 'merged']);
  if (jurisdictionId) query = query.where('jurisdiction_id', '=', jurisdictionId);
  return query.orderBy('created_at').execute();
}

/** Up to `limit` open cases of an enterprise other than `exceptCaseId`, newest first. */
export function openCasesOfEnterprise(
  db: Executor,
  input: { jurisdictionId: string; enterpriseId: string; exceptCaseId: string; limit: number },
) {
  return db
    .selectFrom('cases as c')
    .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .select(['c.id', 'c.number', 'c.title', 'c.status', 'c.created_at', 'e.name as enterprise_name'])
    .where('c.jurisdiction_id', '=', input.jurisdictionId)
    .where('c.enterprise_id', '=', input.enterpriseId)
    .where('c.id', '<>', input.exceptCaseId)
    .where('c.status', 'in', OPEN_STATUSES)
    .orderBy('c.created_at', 'desc')
    .limit(input.limit)
    .execute();
}

/**
 * The jurisdiction's cases created since `since` (merged ones left out: they live on in the case
 * they joined), newest first, at most `limit`, with what the likely-duplicate list shows of them:
 * the context in which screening measures likeness as hotspot detection does.
 */
export function recentCases(
  db: Executor,
  input: { jurisdictionId: string; since: Date; exceptCaseId: string; limit: number },
) {
  return db
    .selectFrom('cases as c')
    .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.content',
      'c.status',
      'c.created_at',
      'c.enterprise_id',
      'e.name as enterprise_name',
    ])
    .where('c.jurisdiction_id', '=', input.jurisdictionId)
    .where('c.created_at', '>=', input.since)
    .where('c.id', '<>', input.exceptCaseId)
    .where('c.status', '<>', 'merged')
    .orderBy('c.created_at', 'desc')
    .limit(input.limit)
    .execute();
}

/** Lead units (active ones only) and complexity of the jurisdiction's cases of these categories created since `since`. */
export function pastLeadUnits(
  db: Executor,
  input: { jurisdictionId: string; categoryIds: readonly string[]; since: Date },
) {
  return db
    .selectFrom('cases as c')
    .innerJoin('units as u', 'u.id', 'c.lead_unit_id')
    .select(['u.id', 'u.name', 'c.complexity'])
    .where('c.jurisdiction_id', '=', input.jurisdictionId)
    .where('c.category_id', 'in', input.categoryIds)
    .where('u.active', '=', true)
    .where('c.created_at', '>=', input.since)
    .execute();
}
