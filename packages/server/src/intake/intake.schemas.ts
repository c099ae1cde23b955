import { z } from 'zod';
import { ATTACHMENT_FETCH_FAILURES, CASE_KINDS, STAFF_INTAKE_CHANNELS } from '@qisu/core';
import { contactMobile, text } from '../cases/cases.schemas.js';
import { normalLink } from './attachment-fetches.http.js';
import { ATTACHMENT_FETCH } from './attachment-fetches.service.js';

/** The channels another platform's cases may carry; the key's own when the body names none. */
export const INTAKE_CHANNELS = STAFF_INTAKE_CHANNELS.filter((c) => c !== 'mobile' && c !== 'qr');

const channel = z.enum(INTAKE_CHANNELS as unknown as readonly [string, ...string[]]);

/** A case from another platform (SPEC §10 signed intake). */
export const IntakeBody = z.object({
  externalRef: text(200).describe('来源平台工单号，幂等 / the source’s reference, idempotent'),
  title: text(200),
  content: text(20_000),
  channel: channel.optional().describe('默认取密钥的渠道 / the key’s channel when absent'),
  kind: z.enum(CASE_KINDS).optional(),
  enterprise: z
    .object({
      uscc: z.string().trim().min(1).max(40).describe('统一社会信用代码 / unified social credit code'),
      name: text(200).optional().describe('登记新企业时必填 / required to register a new enterprise'),
    })
    .optional(),
  contactName: text(100).optional(),
  contactMobile: contactMobile.optional(),
  location: text(500).optional(),
  attachments: z
    .array(
      z.object({
        url: z
          .url({ protocol: /^https?$/ })
          .max(2000)
          .refine((v) => normalLink(v) !== null, { message: 'an http(s) URL without credentials' })
          .describe('文件链接（http/https），稍后由平台下载 / the file’s link (http/https), fetched later'),
        name: text(200).optional().describe('显示的文件名 / the name to show'),
      }),
    )
    .max(ATTACHMENT_FETCH.maxLinks)
    .optional()
    .describe(
      `附件链接，至多 ${ATTACHMENT_FETCH.maxLinks} 个：诉求立即建立，文件由后台任务下载（大小、类型与上传附件相同的限制），失败时诉求记录 attachment_fetch_failed 事件 / ` +
        `at most ${ATTACHMENT_FETCH.maxLinks} links; the case is filed at once and each file fetched later within the attachment limits, a failure recorded on the case as an attachment_fetch_failed event`,
    ),
});
export type IntakeInput = z.infer<typeof IntakeBody>;

/** A key as the admin sees it: never its secret. */
export const IntakeKeyView = z.object({
  id: z.string(),
  source: z.string().describe('来源平台 / the platform'),
  channel: z.string(),
  active: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

/** A new key: its secret is shown this once. */
export const CreatedIntakeKey = IntakeKeyView.extend({
  secret: z.string().describe('仅此一次显示 / shown this once'),
});

export const CreateIntakeKeyBody = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{3,64}$/, { message: '3–64 letters, digits, dot, dash or underscore' })
    .optional()
    .describe('密钥编号，缺省自动生成 / key id, generated when absent'),
  source: text(100).describe('来源平台名称，如“12345 热线” / the platform, e.g. 12345'),
  channel: channel.describe('该平台诉求的渠道 / the channel its cases carry'),
});

export const IntakeKeyParams = z.object({ id: z.string().min(1).max(64) });

/** A link another platform sent with a case that is not an attachment yet: still to fetch, or given up. */
export const PendingFetchView = z.object({
  id: z.number().int(),
  sourceName: z.string().describe('发来链接的平台 / the platform that sent the link'),
  url: z.string(),
  name: z.string().nullable(),
  status: z.enum(['pending', 'failed']),
  attempts: z.number().int().describe('已尝试次数 / attempts made'),
  nextAttemptAt: z.string().nullable().describe('下次尝试时间（等待中）/ the next attempt, while pending'),
  failure: z.enum(ATTACHMENT_FETCH_FAILURES).nullable().describe('最近一次失败的原因 / why the last attempt failed'),
  detail: z.string().nullable().describe('对方服务器的回答等细节 / what the other server answered, if anything'),
  receivedAt: z.string(),
});

export type PendingFetchDto = z.infer<typeof PendingFetchView>;
