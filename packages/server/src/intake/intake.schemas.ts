import { z } from 'zod';
import { CASE_KINDS, STAFF_INTAKE_CHANNELS } from '@qisu/core';
import { contactMobile, text } from '../cases/cases.schemas.js';

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
