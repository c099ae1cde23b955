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
  'a.created_at',
  'u.name as uploader_name',
] as const;

/** A case's attachments, oldest first, with their uploaders' names. The caller has checked scope. */
export function caseAttachments(db: Executor, caseId: string) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('users as u', 'u.id', 'a.uploaded_by')
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
    .innerJoin('users as u', 'u.id', 'a.uploaded_by')
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
