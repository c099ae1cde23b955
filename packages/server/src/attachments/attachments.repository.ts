import { sql } from 'kysely';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/actor.js';
import { scopedCases } from '../access/scope.js';
import type { AttachmentsTable, Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

const COLUMNS = [
  'a.id',
  'a.case_id',
  'a.jurisdiction_id',
  'a.sha256',
  'a.name',
  'a.size',
  'a.mime',
  'a.uploaded_by',
  'a.source_name',
  'a.source_url',
  'a.created_at',
  'u.name as uploader_name',
] as const;

/**
 * A case's attachments, oldest first, with their uploaders' names (none for a file a platform
 * sent: `source_name` names it). The caller has checked scope.
 */
export function caseAttachments(db: Executor, caseId: string) {
  return db
    .selectFrom('attachments as a')
    .leftJoin('users as u', 'u.id', 'a.uploaded_by')
    .select(COLUMNS)
    .where('a.case_id', '=', caseId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

export type AttachmentWithUploader = Awaited<ReturnType<typeof caseAttachments>>[number];

/** One attachment, found only through a case the actor may see; undefined otherwise. */
export function findVisibleAttachment(db: Executor, actor: Actor, attachmentId: string) {
  return scopedCases(db, actor)
    .innerJoin('attachments as a', 'a.case_id', 'c.id')
    .leftJoin('users as u', 'u.id', 'a.uploaded_by')
    .select(COLUMNS)
    .where('a.id', '=', attachmentId)
    .executeTakeFirst();
}

export async function countCaseAttachments(db: Executor, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertAttachment(trx: Transaction<Database>, values: Insertable<AttachmentsTable>) {
  return trx.insertInto('attachments').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Copies a case's files onto another case (of another jurisdiction: a hand-up), the same stored
 * blobs under new rows that name the sender as their source and no user of the other jurisdiction.
 */
export async function copyCaseAttachments(
  trx: Transaction<Database>,
  from: string,
  to: { caseId: string; jurisdictionId: string; sourceName: string; at: Date },
): Promise<number> {
  const rows = await trx
    .insertInto('attachments')
    .columns([
      'case_id',
      'jurisdiction_id',
      'sha256',
      'name',
      'size',
      'mime',
      'uploaded_by',
      'source_name',
      'created_at',
    ])
    .expression((eb) =>
      eb
        .selectFrom('attachments')
        .select([
          sql<string>`${to.caseId}::uuid`.as('case_id'),
          sql<string>`${to.jurisdictionId}::uuid`.as('jurisdiction_id'),
          'sha256',
          'name',
          'size',
          'mime',
          sql<null>`NULL::uuid`.as('uploaded_by'),
          sql<string>`${to.sourceName}::text`.as('source_name'),
          sql<Date>`${to.at}::timestamptz`.as('created_at'),
        ])
        .where('case_id', '=', from)
        .orderBy('created_at'),
    )
    .returning('id')
    .execute();
  return rows.length;
}
