import type { FastifyReply } from 'fastify';
import { contentDisposition } from '../attachments/attachments.sniff.js';

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/**
 * Answers with a workbook or a document the server built: its type, the name to save it under
 * (Chinese names kept), and never cached, since it holds the caller's data.
 */
export function sendOfficeFile(reply: FastifyReply, kind: keyof typeof TYPES, name: string, bytes: Buffer) {
  return reply
    .header('content-type', TYPES[kind])
    .header('content-disposition', contentDisposition(name))
    .header('cache-control', 'private, no-store')
    .send(bytes);
}
