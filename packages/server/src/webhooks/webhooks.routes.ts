import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  CreatedWebhook,
  CreateWebhookBody,
  DeliveriesQuery,
  DeliveryParams,
  DeliveryView,
  WebhookParams,
  WebhookView,
} from './webhooks.schemas.js';
import { createWebhook, disableWebhook, replayDelivery, webhookDeliveries, webhooks } from './webhooks.service.js';

/**
 * Webhooks (SPEC §10), the admin's: subscriptions to the case events, each delivery a signed
 * POST retried with back-off, the attempts listed, the dead letters replayed.
 */
export function registerWebhookRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['webhooks'] };
  r.post(
    '/api/v1/webhooks',
    {
      schema: {
        ...base,
        summary: '新建 Webhook（签名推送诉求事件）/ a new webhook',
        description:
          '每次推送为 POST {"id","type","caseId","number","at","payload"}，头 X-Qisu-Signature 为密钥对请求体的 HMAC-SHA256（十六进制）；非 2xx 按指数退避重试，多次失败后进入死信。Each delivery POSTs {"id","type","caseId","number","at","payload"} with X-Qisu-Signature, the hex HMAC-SHA256 of the body; retried with exponential back-off until a 2xx, then dead.',
        body: CreateWebhookBody,
        response: { 201: CreatedWebhook, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await createWebhook(deps, actorOf(request), request.body)),
  );
  r.get(
    '/api/v1/webhooks',
    {
      schema: {
        ...base,
        summary: 'Webhook 列表（含待推送与死信数）/ the webhooks, with pending and dead counts',
        response: { 200: z.array(WebhookView), ...errorResponses(401, 403) },
      },
    },
    (request) => webhooks(deps, actorOf(request)),
  );
  r.delete(
    '/api/v1/webhooks/:id',
    {
      schema: {
        ...base,
        summary: '停用 Webhook / stop a webhook',
        params: WebhookParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await disableWebhook(deps, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  r.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      schema: {
        ...base,
        summary: '推送记录（status=dead 为死信）/ the deliveries; status=dead lists the dead letters',
        params: WebhookParams,
        querystring: DeliveriesQuery,
        response: { 200: z.array(DeliveryView), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => webhookDeliveries(deps, actorOf(request), request.params.id, request.query.status),
  );
  r.post(
    '/api/v1/webhooks/:id/deliveries/:deliveryId/replay',
    {
      schema: {
        ...base,
        summary: '重放死信 / replay a dead letter',
        params: DeliveryParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await replayDelivery(deps, actorOf(request), request.params.id, request.params.deliveryId);
      return reply.code(204).send(null);
    },
  );
}
