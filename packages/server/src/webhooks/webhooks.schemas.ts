import { z } from 'zod';
import { CASE_EVENT_TYPES } from '@qisu/core';

const eventType = z.string().refine((t) => CASE_EVENT_TYPES.includes(t), {
  message: `an event type: ${CASE_EVENT_TYPES.join(', ')}`,
});

/** A subscription (SPEC §10): `url`, the signing `secret`, the event types (all when absent). */
export const CreateWebhookBody = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('接收地址（http/https）/ where deliveries are posted'),
  secret: z.string().min(16).max(200).describe('签名密钥，至少 16 位 / the signing secret, 16+ characters'),
  events: z.array(eventType).min(1).max(50).optional().describe('订阅的事件类型，缺省为全部 / the event types'),
  intakeKeyId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('只推送该接入平台提交的诉求（状态回传）/ only the cases that platform filed: its status sync'),
});

export const CreatedWebhook = z.object({ id: z.string() });

export const WebhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()).nullable(),
  intakeKeyId: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  pending: z.number().int(),
  dead: z.number().int(),
});

export const WebhookParams = z.object({ id: z.uuid() });
export const DeliveryParams = z.object({ id: z.uuid(), deliveryId: z.coerce.number().int().min(1) });

export const DeliveriesQuery = z.object({
  status: z.enum(['pending', 'delivered', 'dead']).optional().describe('状态；dead 为死信 / dead: the dead letters'),
});

export const DeliveryView = z.object({
  id: z.number().int(),
  eventId: z.string(),
  type: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
