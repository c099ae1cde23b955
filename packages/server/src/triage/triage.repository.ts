import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
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
