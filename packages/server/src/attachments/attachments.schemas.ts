import { z } from 'zod';

const id = z.uuid();

export const CaseAttachmentsParams = z.object({ id });

export const AttachmentIdParams = z.object({ id });

/** One attachment as every endpoint answers it; the stable contract of the case and mobile pages. */
export const AttachmentView = z.object({
  id,
  caseId: id,
  name: z.string().describe('the uploader’s file name, for display only / 上传时的文件名，仅用于显示'),
  size: z.number().int().describe('bytes / 字节数'),
  mime: z.string().describe('the type sniffed from the bytes / 按内容识别的类型'),
  sha256: z.string(),
  uploadedBy: z.object({
    id: id.nullable().describe('null when a platform sent the file / 由对接平台发送时为 null'),
    name: z.string().describe('the user, or the platform that sent the file / 上传人或发送文件的平台'),
  }),
  sourceUrl: z
    .string()
    .nullable()
    .describe('the link the file was fetched from, when a platform sent a link / 平台发来的文件链接'),
  createdAt: z.string(),
});
export type AttachmentDto = z.infer<typeof AttachmentView>;
