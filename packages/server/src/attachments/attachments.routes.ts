import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { invalidField, malformedForm } from '../errors.js';
import { actorOf } from '../http/auth-hook.js';
import { ErrorBody, errorResponses, SECURED } from '../http/common-schemas.js';
import { AttachmentIdParams, AttachmentView, CaseAttachmentsParams } from './attachments.schemas.js';
import type { AttachmentDeps, IncomingFile } from './attachments.service.js';
import { addAttachment, listAttachments, openAttachment, tooLarge } from './attachments.service.js';
import { contentDisposition } from './attachments.sniff.js';
import { attachmentRoot, BlobStore } from './attachments.storage.js';

/** 10 MB, the default of `QISU_ATTACHMENT_MAX_BYTES`. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1_048_576;

export interface AttachmentRouteOptions {
  /** The data folder; blobs go to `<storageDir>/attachments`. Default `./data`, as `QISU_DATA_DIR`. */
  storageDir?: string | undefined;
  /** Largest file accepted, in bytes. */
  maxBytes?: number | undefined;
}

/**
 * Reads the one file of a multipart upload from field `file`. The parser's own limit stops an
 * oversized file without buffering it whole; any other field is ignored, a second file refused.
 */
async function receiveFile(request: FastifyRequest, maxBytes: number): Promise<IncomingFile> {
  if (!request.isMultipart()) {
    throw invalidField('file', '请以 multipart/form-data 上传文件', 'send the file as multipart/form-data');
  }
  let found: IncomingFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file') found = { filename: part.filename, bytes };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw invalidField('file', '每次只能上传一个文件', 'send one file at a time');
    }
    throw malformedForm();
  }
  if (!found) throw invalidField('file', '缺少文件（表单字段 file）', 'no file in form field "file"');
  return found;
}

/**
 * Case attachments: upload (multipart, one file in field `file`), list, and download. The
 * multipart parser is registered in this scope only, so every other route keeps its JSON body
 * handling and the global body limit.
 */
export function registerAttachmentRoutes(app: FastifyInstance, deps: Deps, options: AttachmentRouteOptions = {}): void {
  const maxBytes = options.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  const attachmentDeps: AttachmentDeps = {
    ...deps,
    store: new BlobStore(attachmentRoot(options.storageDir ?? './data')),
    maxBytes,
  };

  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 10_000, parts: 11, headerPairs: 100 },
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/cases/:id/attachments',
      {
        schema: {
          tags: ['attachments'],
          summary: '上传附件（multipart/form-data，字段 file）/ attach a file (multipart/form-data, field "file")',
          description:
            '类型按文件内容识别：JPG、PNG、WebP、GIF、PDF、docx、xlsx、pptx、doc、xls、UTF-8 纯文本；单个文件上限见 QISU_ATTACHMENT_MAX_BYTES，每件诉求最多 20 个。\n' +
            'The type is sniffed from the bytes: JPG, PNG, WebP, GIF, PDF, docx, xlsx, pptx, doc, xls, UTF-8 plain text; ' +
            'at most QISU_ATTACHMENT_MAX_BYTES per file and 20 per case.',
          consumes: ['multipart/form-data'],
          security: SECURED,
          params: CaseAttachmentsParams,
          response: { 201: AttachmentView, ...errorResponses(400, 401, 403, 404, 409), 413: ErrorBody, 415: ErrorBody },
        },
      },
      async (request, reply) => {
        const created = await addAttachment(attachmentDeps, actorOf(request), request.params.id, () =>
          receiveFile(request, maxBytes),
        );
        return reply.status(201).send(created);
      },
    );

    r.get(
      '/api/v1/cases/:id/attachments',
      {
        schema: {
          tags: ['attachments'],
          summary: '诉求的附件（最早的在前）/ the case’s attachments, oldest first',
          security: SECURED,
          params: CaseAttachmentsParams,
          response: { 200: z.array(AttachmentView), ...errorResponses(400, 401, 404) },
        },
      },
      (request) => listAttachments(deps, actorOf(request), request.params.id),
    );

    r.get(
      '/api/v1/attachments/:id',
      {
        schema: {
          tags: ['attachments'],
          summary: '下载附件 / download an attachment',
          description:
            '返回文件内容，content-type 为识别出的类型，content-disposition 为 attachment（RFC 5987 文件名）。\n' +
            "Answers the bytes with the sniffed content-type and `content-disposition: attachment; filename*=UTF-8''…`.",
          security: SECURED,
          params: AttachmentIdParams,
          response: {
            200: z.unknown().describe('the file’s bytes / 文件内容'),
            ...errorResponses(400, 401, 404),
          },
        },
      },
      async (request, reply) => {
        const { attachment, stream } = await openAttachment(attachmentDeps, actorOf(request), request.params.id);
        return reply
          .header('content-type', attachment.mime)
          .header('content-length', attachment.size)
          .header('content-disposition', contentDisposition(attachment.name))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private')
          .send(stream);
      },
    );
  });
}
