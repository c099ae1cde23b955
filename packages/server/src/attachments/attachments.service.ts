import { createHash } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import type { CaseStatus } from '@qisu/core';
import { CASE_STATUS_LABELS, hasAnyRole, isTerminal } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import type { AssignmentWithUnit } from '../cases/cases.service.js';
import { findCaseVisibleTo, listCaseAssignments, lockCaseVisibleTo, relationOf } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import type { Transaction } from 'kysely';
import type { CaseRow, Database } from '../db/schema.js';
import { AppError, invalidField } from '../errors.js';
import { appendEvent } from '../events/events.service.js';
import type { AttachmentWithUploader } from './attachments.repository.js';
import {
  caseAttachments,
  copyCaseAttachments,
  countCaseAttachments,
  findVisibleAttachment,
  insertAttachment,
} from './attachments.repository.js';
import type { AttachmentDto } from './attachments.schemas.js';
import type { AllowedExt } from './attachments.sniff.js';
import { displayName, formatBytes, sniffAttachment } from './attachments.sniff.js';
import type { BlobStore } from './attachments.storage.js';

/** A case holds at most this many attachments (uploads beyond it answer 409). */
export const MAX_ATTACHMENTS_PER_CASE = 20;

/** What the attachment services need beyond the database and the time. */
export interface AttachmentDeps extends Deps {
  store: BlobStore;
  /** Largest file accepted, in bytes (`QISU_ATTACHMENT_MAX_BYTES`). */
  maxBytes: number;
}

/** An uploaded file as the HTTP layer received it: the client's name and the bytes, nothing else trusted. */
export interface IncomingFile {
  filename: string | undefined;
  bytes: Buffer;
  /** The link a platform's file was fetched from, kept with it. */
  sourceUrl?: string;
}

/** What the bytes of a file were found to be: the type to store and serve it as. */
export interface InspectedFile {
  ext: AllowedExt;
  mime: string;
}

/** The bytes of one attachment with what a download needs to describe them. */
export interface AttachmentContent {
  attachment: AttachmentDto;
  stream: ReadStream;
}

/**
 * Who may add files to a case they can see: its own enterprise, the hub, a liaison, or a
 * handler or head of a unit assigned to the current round (lead or co). Finished cases take
 * no more files.
 */
export function uploadDecision(
  actor: Actor,
  row: CaseRow,
  assignments: readonly AssignmentWithUnit[],
): 'allowed' | 'forbidden' | 'finished' {
  const relation = relationOf(actor, row, assignments);
  const may =
    relation.isOwnEnterprise || relation.isLeadUnit || relation.isCoUnit || hasAnyRole(actor.roles, ['hub', 'liaison']);
  if (!may) return 'forbidden';
  return isTerminal(row.status as CaseStatus) ? 'finished' : 'allowed';
}

function checkUpload(actor: Actor, row: CaseRow, assignments: readonly AssignmentWithUnit[], count: number): void {
  const decision = uploadDecision(actor, row, assignments);
  if (decision === 'forbidden') throw new AppError('FORBIDDEN');
  if (decision === 'finished') {
    const status = row.status as CaseStatus;
    const label = CASE_STATUS_LABELS[status];
    throw new AppError(
      'ATTACHMENT_CASE_FINISHED',
      { statusZh: label.zh, statusEn: label.en },
      { currentStatus: status },
    );
  }
  if (count >= MAX_ATTACHMENTS_PER_CASE) {
    throw new AppError('ATTACHMENT_LIMIT', { max: MAX_ATTACHMENTS_PER_CASE }, { max: MAX_ATTACHMENTS_PER_CASE });
  }
}

/** The 413 of an oversized file, with the limit in words and in bytes. */
export function tooLarge(maxBytes: number): AppError {
  return new AppError('ATTACHMENT_TOO_LARGE', { limit: formatBytes(maxBytes) }, { limitBytes: maxBytes });
}

function toDto(row: AttachmentWithUploader): AttachmentDto {
  return {
    id: row.id,
    caseId: row.case_id,
    name: row.name,
    size: Number(row.size),
    mime: row.mime,
    sha256: row.sha256,
    uploadedBy: { id: row.uploaded_by, name: row.uploader_name ?? row.source_name ?? '' },
    sourceUrl: row.source_url,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Checks a file's bytes against the attachment rules: not empty (400), at most `maxBytes` (413),
 * and of an allowed type by its content alone (415). Also used before a case is filed with a
 * file (Open311's `media`), so that a refused file files no case.
 */
export async function inspectFile(maxBytes: number, bytes: Buffer): Promise<InspectedFile> {
  if (bytes.length === 0) throw invalidField('file', '文件为空', 'the file is empty');
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  const sniffed = await sniffAttachment(bytes);
  if (!sniffed.ok) {
    throw new AppError(
      'ATTACHMENT_TYPE_NOT_ALLOWED',
      {
        detectedZh: sniffed.detected ?? '无法识别的二进制内容',
        detectedEn: sniffed.detected ?? 'unrecognised binary data',
      },
      { detectedType: sniffed.detected },
    );
  }
  return { ext: sniffed.ext, mime: sniffed.mime };
}

/** Run inside the attachment's transaction once its row exists; a throw there adds nothing. */
export type WithinAttachment = (trx: Transaction<Database>, attachment: AttachmentDto) => Promise<void>;

/**
 * Adds a file to a case. Scope (404), role (403), state and count (409) are checked before the
 * body is read, so a refused caller uploads nothing; the type comes from the bytes alone. The
 * blob is written before the transaction (a failed insert leaves at most an unreferenced blob,
 * never a row without bytes); the row and its `attachment_added` event are written together
 * after the case is locked and checked again, so concurrent uploads cannot pass the count.
 * A platform (an actor with a `source`) is named on the row and the event instead of a user;
 * `within` runs in the same transaction (the fetch job marks its link fetched there, so a file
 * is added once however often the job is retried).
 */
export async function addAttachment(
  deps: AttachmentDeps,
  actor: Actor,
  caseId: string,
  receive: () => Promise<IncomingFile>,
  within?: WithinAttachment,
): Promise<AttachmentDto> {
  const visible = await findCaseVisibleTo(deps.db, actor, caseId);
  if (!visible) throw new AppError('CASE_NOT_FOUND');
  checkUpload(actor, visible, await listCaseAssignments(deps.db, caseId), await countCaseAttachments(deps.db, caseId));

  const file = await receive();
  const sniffed = await inspectFile(deps.maxBytes, file.bytes);
  const userId = actor.source ? null : actor.userId;
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const name = displayName(file.filename, sniffed.ext);
  await deps.store.put(sha256, file.bytes);

  return deps.db.transaction().execute(async (trx) => {
    const row = await lockCaseVisibleTo(trx, actor, caseId);
    if (!row) throw new AppError('CASE_NOT_FOUND');
    checkUpload(actor, row, await listCaseAssignments(trx, caseId), await countCaseAttachments(trx, caseId));
    const now = deps.clock.now();
    const inserted = await insertAttachment(trx, {
      case_id: row.id,
      jurisdiction_id: row.jurisdiction_id,
      sha256,
      name,
      size: file.bytes.length,
      mime: sniffed.mime,
      uploaded_by: userId,
      ...(actor.source ? { source_name: actor.source.name } : {}),
      ...(file.sourceUrl ? { source_url: file.sourceUrl } : {}),
      created_at: now,
    });
    await appendEvent(trx, {
      jurisdictionId: row.jurisdiction_id,
      caseId: row.id,
      type: 'attachment_added',
      actorId: userId,
      unitId: actor.unitId,
      at: now,
      payload: {
        attachmentId: inserted.id,
        name,
        size: inserted.size,
        mime: sniffed.mime,
        sha256,
        ...(actor.source ? { source: actor.source } : {}),
        ...(file.sourceUrl ? { sourceUrl: file.sourceUrl } : {}),
      },
    });
    const dto = toDto({ ...inserted, uploader_name: userId ? actor.name : null });
    await within?.(trx, dto);
    return dto;
  });
}

/** A case's attachments, oldest first, for anyone who can see the case (404 otherwise). */
export async function listAttachments(deps: Deps, actor: Actor, caseId: string): Promise<AttachmentDto[]> {
  const visible = await findCaseVisibleTo(deps.db, actor, caseId);
  if (!visible) throw new AppError('CASE_NOT_FOUND');
  return (await caseAttachments(deps.db, caseId)).map(toDto);
}

/**
 * Opens one attachment's bytes for anyone who can see its case; the attachment is found only
 * through the actor's case scope, so one outside it answers 404 like one that does not exist.
 */
export async function openAttachment(
  deps: AttachmentDeps,
  actor: Actor,
  attachmentId: string,
): Promise<AttachmentContent> {
  const row = await findVisibleAttachment(deps.db, actor, attachmentId);
  if (!row) throw new AppError('ATTACHMENT_NOT_FOUND');
  const attachment = toDto(row);
  return { attachment, stream: await deps.store.open(row.sha256, attachment.size) };
}

/**
 * The files of a handed-up case go up with it: the upper case holds the same stored files, named
 * as sent by the jurisdiction below. Runs in the hand-up's transaction; returns how many.
 */
export function copyAttachmentsUp(
  trx: Transaction<Database>,
  lowerCaseId: string,
  upper: { caseId: string; jurisdictionId: string; sourceName: string; at: Date },
): Promise<number> {
  return copyCaseAttachments(trx, lowerCaseId, upper);
}
