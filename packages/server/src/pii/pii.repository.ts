import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, EnterpriseContact, PiiViewsTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Which stored values a pass over the personal-data columns takes up. */
export type SealScope = { kind: 'plain' } | { kind: 'not-under'; keyId: string };

/** A LIKE pattern that matches text starting with `prefix` (its `%`, `_` and `\` taken literally). */
const startsWith = (prefix: string) => `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * The SQL condition "this column holds a value the pass must take up". Plain text is written as a
 * literal so that the planner matches the partial index `cases_contact_mobile_plain`.
 */
function needs(column: string, scope: SealScope) {
  const ref = sql.ref(column);
  return scope.kind === 'plain'
    ? sql<boolean>`(${ref} IS NOT NULL AND ${ref} NOT LIKE 'enc:%')`
    : sql<boolean>`(${ref} IS NOT NULL AND ${ref} NOT LIKE ${startsWith(`enc:v1:${scope.keyId}:`)})`;
}

/** The same condition over the `mobile` members of an enterprise's contacts. */
function contactsNeed(scope: SealScope) {
  const pattern = scope.kind === 'plain' ? 'enc:%' : startsWith(`enc:v1:${scope.keyId}:`);
  return sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements(contacts) AS c
    WHERE c->>'mobile' IS NOT NULL AND c->>'mobile' NOT LIKE ${pattern})`;
}

/**
 * The next cases after `after` (by id) whose contact mobile the pass takes up, locked until the
 * caller's transaction ends, so a command changing the same case waits rather than racing.
 */
export function lockCaseMobiles(trx: Transaction<Database>, scope: SealScope, after: string | null, limit: number) {
  return trx
    .selectFrom('cases')
    .select(['id', 'contact_mobile'])
    .where(needs('contact_mobile', scope))
    .$if(after !== null, (qb) => qb.where('id', '>', after ?? ''))
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .execute();
}

/** Writes the cases' contact mobiles in one statement. */
export async function writeCaseMobiles(trx: Transaction<Database>, ids: string[], values: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    UPDATE cases AS c SET contact_mobile = u.value
    FROM unnest(${ids}::uuid[], ${values}::text[]) AS u(id, value)
    WHERE c.id = u.id`.execute(trx);
}

/** The next users after `after` whose mobile or ID number the pass takes up, locked. */
export function lockUserPii(trx: Transaction<Database>, scope: SealScope, after: string | null, limit: number) {
  return trx
    .selectFrom('users')
    .select(['id', 'mobile', 'id_number'])
    .where((eb) => eb.or([needs('mobile', scope), needs('id_number', scope)]))
    .$if(after !== null, (qb) => qb.where('id', '>', after ?? ''))
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .execute();
}

/** Writes users' mobiles and ID numbers in one statement. */
export async function writeUserPii(
  trx: Transaction<Database>,
  rows: { id: string; mobile: string | null; idNumber: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    UPDATE users AS t SET mobile = u.mobile, id_number = u.id_number
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.mobile)}::text[],
                ${rows.map((r) => r.idNumber)}::text[]) AS u(id, mobile, id_number)
    WHERE t.id = u.id`.execute(trx);
}

/** The next enterprises after `after` with a contact mobile the pass takes up, locked. */
export function lockEnterpriseContacts(
  trx: Transaction<Database>,
  scope: SealScope,
  after: string | null,
  limit: number,
) {
  return trx
    .selectFrom('enterprises')
    .select(['id', 'contacts'])
    .where(contactsNeed(scope))
    .$if(after !== null, (qb) => qb.where('id', '>', after ?? ''))
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .execute();
}

/** Writes one enterprise's contacts. */
export async function writeEnterpriseContacts(
  trx: Transaction<Database>,
  id: string,
  contacts: EnterpriseContact[],
): Promise<void> {
  await trx
    .updateTable('enterprises')
    .set({ contacts: JSON.stringify(contacts) })
    .where('id', '=', id)
    .execute();
}

/** How many rows of each table a pass would take up, for its progress. */
export async function countPending(db: Executor, scope: SealScope) {
  const [cases, users, enterprises] = await Promise.all([
    db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(needs('contact_mobile', scope))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where((eb) => eb.or([needs('mobile', scope), needs('id_number', scope)]))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('enterprises')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(contactsNeed(scope))
      .executeTakeFirstOrThrow(),
  ]);
  return { cases: Number(cases.n), users: Number(users.n), enterprises: Number(enterprises.n) };
}

/** The keys kept in the database, when the deployment configures none. */
export async function storedPiiKeys(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('pii_key_store').select('keys').where('id', '=', 1).executeTakeFirst();
  return row?.keys ?? null;
}

/** Keeps a first key in the database; a concurrent first start of another process keeps its own instead. */
export async function storePiiKeysOnce(db: Executor, keys: string, at: Date): Promise<void> {
  await db
    .insertInto('pii_key_store')
    .values({ id: 1, keys, created_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Whether any personal value is stored encrypted (so a key must already exist somewhere). */
export async function anyEncryptedPii(db: Executor): Promise<boolean> {
  const found = await sql<{ one: number }>`
    SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM cases WHERE contact_mobile LIKE 'enc:%')
      OR EXISTS (SELECT 1 FROM users WHERE mobile LIKE 'enc:%' OR id_number LIKE 'enc:%')
      OR EXISTS (SELECT 1 FROM enterprises, jsonb_array_elements(contacts) AS c WHERE c->>'mobile' LIKE 'enc:%')`.execute(
    db,
  );
  return found.rows.length > 0;
}

/** Records the whole values one answer showed, in one statement. */
export async function insertPiiViews(db: Executor, rows: Insertable<PiiViewsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('pii_views').values(rows).execute();
}

/** Filters of the admin's view log; `until` is exclusive. */
export interface PiiViewFilter {
  jurisdictionIds: string[];
  since?: Date | undefined;
  until?: Date | undefined;
  viewerId?: string | undefined;
  caseId?: string | undefined;
  page: number;
  pageSize: number;
}

/** One page of the view log, newest first, with who viewed and what the subject is called; and the total. */
export async function listPiiViews(db: Executor, filter: PiiViewFilter) {
  let base = db.selectFrom('pii_views as v').where('v.jurisdiction_id', 'in', filter.jurisdictionIds);
  if (filter.since) base = base.where('v.viewed_at', '>=', filter.since);
  if (filter.until) base = base.where('v.viewed_at', '<', filter.until);
  if (filter.viewerId) base = base.where('v.viewer_id', '=', filter.viewerId);
  if (filter.caseId) base = base.where('v.case_id', '=', filter.caseId);
  const [rows, total] = await Promise.all([
    base
      .innerJoin('users as viewer', 'viewer.id', 'v.viewer_id')
      .leftJoin('cases as c', 'c.id', 'v.case_id')
      .leftJoin('enterprises as e', (join) =>
        join.onRef('e.id', '=', 'v.subject_id').on('v.subject_kind', '=', 'enterprise'),
      )
      .leftJoin('users as su', (join) => join.onRef('su.id', '=', 'v.subject_id').on('v.subject_kind', '=', 'user'))
      .select([
        'v.id',
        'v.viewed_at',
        'v.viewer_id',
        'viewer.name as viewer_name',
        'viewer.username as viewer_username',
        'v.subject_kind',
        'v.subject_id',
        'v.case_id',
        'c.number as case_number',
        'e.name as enterprise_name',
        'su.name as user_name',
        'su.username as user_username',
        'v.field',
        'v.action',
        'v.address',
      ])
      .orderBy('v.viewed_at', 'desc')
      .orderBy('v.id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/**
 * The next users after `after` whose mobile blind index is missing, stale (under another key than
 * `activeKeyId`) or left over from a removed mobile, locked until the caller's transaction ends.
 */
export function lockStaleMobileLookups(
  trx: Transaction<Database>,
  activeKeyId: string,
  after: string | null,
  limit: number,
) {
  const current = startsWith(`${activeKeyId}:`);
  return trx
    .selectFrom('users')
    .select(['id', 'mobile'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('mobile', 'is not', null),
          eb.or([eb('mobile_lookup', 'is', null), eb('mobile_lookup', 'not like', current)]),
        ]),
        eb.and([eb('mobile', 'is', null), eb('mobile_lookup', 'is not', null)]),
      ]),
    )
    .$if(after !== null, (qb) => qb.where('id', '>', after ?? ''))
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .execute();
}

/** Writes users' mobile blind indexes in one statement. */
export async function writeMobileLookups(
  trx: Transaction<Database>,
  rows: { id: string; lookup: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    UPDATE users AS t SET mobile_lookup = u.lookup
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.lookup)}::text[]) AS u(id, lookup)
    WHERE t.id = u.id`.execute(trx);
}
