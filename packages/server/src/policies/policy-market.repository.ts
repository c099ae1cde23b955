import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, PolicyDocumentsTable, PolicyPushesTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Rows per INSERT of recipients: five parameters a row stays far below PostgreSQL's 65 535. */
const RECIPIENTS_PER_INSERT = 1000;

/** Writes a policy's targeting; undefined when the policy is not the jurisdiction's. */
export function updateTargeting(
  db: Executor,
  jurisdictionId: string,
  id: string,
  values: Pick<
    Insertable<PolicyDocumentsTable>,
    | 'industry_codes'
    | 'scales'
    | 'region_codes'
    | 'above_designated_size'
    | 'issuing_unit_id'
    | 'online'
    | 'automatic'
    | 'benefit'
  >,
) {
  return db
    .updateTable('policy_documents')
    .set(values)
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .returning('id')
    .executeTakeFirst();
}

/** Whether the unit is an active unit of the jurisdiction. */
export async function unitOfJurisdiction(db: Executor, jurisdictionId: string, unitId: string): Promise<boolean> {
  const row = await db
    .selectFrom('units')
    .select('id')
    .where('id', '=', unitId)
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}

/** The facts targeting reads of every ledger enterprise of the jurisdiction, by name. */
export function ledgerFacts(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'name', 'industry_code', 'industry_name', 'scale', 'region_code', 'above_designated_size'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** The facts of one enterprise of the jurisdiction. */
export function enterpriseFacts(db: Executor, jurisdictionId: string, enterpriseId: string) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'name', 'industry_code', 'scale', 'region_code', 'above_designated_size'])
    .where('id', '=', enterpriseId)
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

/** Stores a push and its recipients; call inside the push's transaction. */
export async function insertPush(
  trx: Transaction<Database>,
  push: Insertable<PolicyPushesTable>,
  recipients: readonly { enterpriseId: string; userId: string }[],
): Promise<string> {
  const { id } = await trx.insertInto('policy_pushes').values(push).returning('id').executeTakeFirstOrThrow();
  for (let at = 0; at < recipients.length; at += RECIPIENTS_PER_INSERT) {
    await trx
      .insertInto('policy_push_recipients')
      .values(
        recipients.slice(at, at + RECIPIENTS_PER_INSERT).map((r) => ({
          push_id: id,
          enterprise_id: r.enterpriseId,
          user_id: r.userId,
          notified_at: push.pushed_at,
          opened_at: null,
        })),
      )
      .execute();
  }
  return id;
}

/** A policy's pushes, newest first, with who pushed and how many opened. */
export function pushesOf(db: Executor, policyId: string) {
  return db
    .selectFrom('policy_pushes as p')
    .leftJoin('users as u', 'u.id', 'p.pushed_by')
    .select([
      'p.id',
      'p.kind',
      'p.filter',
      'p.pushed_at',
      'p.enterprise_count',
      'p.recipient_count',
      'u.name as pushed_by_name',
      (eb) =>
        eb
          .selectFrom('policy_push_recipients as r')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('r.push_id', '=', 'p.id')
          .where('r.opened_at', 'is not', null)
          .as('opened'),
    ])
    .where('p.policy_id', '=', policyId)
    .orderBy('p.pushed_at', 'desc')
    .orderBy('p.id')
    .execute();
}

/** The recipients of these pushes with their enterprise's and their own names. */
export async function recipientsOf(db: Executor, pushIds: readonly string[]) {
  if (pushIds.length === 0) return [];
  return db
    .selectFrom('policy_push_recipients as r')
    .innerJoin('enterprises as e', 'e.id', 'r.enterprise_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'r.push_id',
      'r.enterprise_id',
      'e.name as enterprise_name',
      'u.name as user_name',
      'r.notified_at',
      'r.opened_at',
    ])
    .where('r.push_id', 'in', [...pushIds])
    .orderBy('e.name')
    .orderBy('u.name')
    .execute();
}

/** Records that a user opened a policy pushed to them (each push's first opening only). */
export async function markOpened(db: Executor, userId: string, policyId: string, at: Date): Promise<number> {
  const rows = await db
    .updateTable('policy_push_recipients')
    .set({ opened_at: at })
    .where('user_id', '=', userId)
    .where('opened_at', 'is', null)
    .where('push_id', 'in', (eb) => eb.selectFrom('policy_pushes').select('id').where('policy_id', '=', policyId))
    .returning('push_id')
    .execute();
  return rows.length;
}

/** Whether any application names the policy (then it cannot be deleted). */
export async function hasApplications(db: Executor, policyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('policy_applications')
    .select('id')
    .where('policy_id', '=', policyId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
