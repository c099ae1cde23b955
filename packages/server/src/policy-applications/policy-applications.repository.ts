import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database, PolicyApplicationsTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Whose applications a caller sees: one enterprise, one unit, a liaison's ledger, or the jurisdiction. */
export type ApplicationScope =
  | { kind: 'enterprise'; jurisdictionId: string; enterpriseId: string }
  | { kind: 'unit'; jurisdictionId: string; unitId: string }
  | { kind: 'liaison'; jurisdictionId: string; userId: string }
  | { kind: 'jurisdiction'; jurisdictionId: string };

function selectApplications(db: Executor, scope: ApplicationScope) {
  let q = db
    .selectFrom('policy_applications as a')
    .innerJoin('policy_documents as p', 'p.id', 'a.policy_id')
    .innerJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .innerJoin('users as au', 'au.id', 'a.applicant_user_id')
    .leftJoin('units as u', 'u.id', 'a.routed_unit_id')
    .leftJoin('users as du', 'du.id', 'a.decided_by')
    .selectAll('a')
    .select([
      'p.title as policy_title',
      'e.name as enterprise_name',
      'au.name as applicant_name',
      'u.name as routed_unit_name',
      'du.name as decided_by_name',
    ])
    .where('a.jurisdiction_id', '=', scope.jurisdictionId);
  switch (scope.kind) {
    case 'enterprise':
      q = q.where('a.enterprise_id', '=', scope.enterpriseId);
      break;
    case 'unit':
      q = q.where('a.routed_unit_id', '=', scope.unitId);
      break;
    case 'liaison':
      q = q.where('e.liaison_user_id', '=', scope.userId);
      break;
    case 'jurisdiction':
      break;
  }
  return q;
}

/** The applications of a scope, newest first, optionally in one status. */
export function listApplications(db: Executor, scope: ApplicationScope, status: string | undefined, limit: number) {
  let q = selectApplications(db, scope);
  if (status) q = q.where('a.status', '=', status as PolicyApplicationsTable['status']);
  return q.orderBy('a.created_at', 'desc').orderBy('a.id').limit(limit).execute();
}

/** One application within a scope, or undefined. */
export function findApplication(db: Executor, scope: ApplicationScope, id: string) {
  return selectApplications(db, scope).where('a.id', '=', id).executeTakeFirst();
}

/** A row as lists show it. */
export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

/** Whether the enterprise has an application for the policy that is still being decided or paid. */
export async function openApplication(db: Executor, enterpriseId: string, policyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('policy_applications')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('policy_id', '=', policyId)
    .where('status', 'in', ['submitted', 'approved'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores a new application. */
export async function insertApplication(trx: Transaction<Database>, row: Insertable<PolicyApplicationsTable>) {
  return trx.insertInto('policy_applications').values(row).returning(['id', 'status']).executeTakeFirstOrThrow();
}

/** Locks an application for a decision or payout, in the caller's transaction. */
export function lockApplication(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('policy_applications')
    .select(['id', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Writes a decision or payout to a locked application. */
export async function updateApplication(
  trx: Transaction<Database>,
  id: string,
  values: Updateable<PolicyApplicationsTable>,
): Promise<void> {
  await trx.updateTable('policy_applications').set(values).where('id', '=', id).execute();
}
