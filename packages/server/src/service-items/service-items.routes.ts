import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CaseView } from '../cases/cases.schemas.js';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  FallbackBody,
  FallbackUnitSchema,
  ServiceBundleBody,
  ServiceBundleListSchema,
  ServiceBundleSchema,
  ServiceIdParams,
  ServiceItemBody,
  ServiceItemListSchema,
  ServiceItemQuery,
  ServiceItemSchema,
  ServiceRequestBody,
  ServiceRequestCreated,
} from './service-items.schemas.js';
import {
  createServiceBundle,
  createServiceItem,
  getFallbackUnit,
  getServiceItem,
  listServiceBundles,
  listServiceItems,
  requestServiceBundle,
  requestServiceItem,
  sendToFallback,
  updateServiceBundle,
  updateServiceItem,
} from './service-items.service.js';

/**
 * The service catalogues (seed 004 三(一)3: 涉企事项清单, 增值化服务清单, "一件事"), read by every
 * signed-in user of the jurisdiction, kept by the admin and the hub, requested by enterprises —
 * each request a case dispatched to the provider — and the 兜底办 (三(三)1) the hub sends a case
 * to at screening.
 */
export function registerServiceItemRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['service catalogues'] };
  r.get(
    '/api/v1/service-items',
    {
      schema: {
        ...base,
        summary: '服务清单事项（按清单、领域、关键词）/ catalogue items by catalogue, field and words',
        querystring: ServiceItemQuery,
        response: { 200: ServiceItemListSchema, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listServiceItems(deps, actorOf(request), request.query),
  );
  r.post(
    '/api/v1/service-items',
    {
      schema: {
        ...base,
        summary: '新增服务清单事项 / add a catalogue item',
        body: ServiceItemBody,
        response: { 201: ServiceItemSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await createServiceItem(deps, actorOf(request), request.body)),
  );
  r.get(
    '/api/v1/service-items/:id',
    {
      schema: {
        ...base,
        summary: '服务清单事项详情 / one catalogue item',
        params: ServiceIdParams,
        response: { 200: ServiceItemSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => getServiceItem(deps, actorOf(request), request.params.id),
  );
  r.put(
    '/api/v1/service-items/:id',
    {
      schema: {
        ...base,
        summary: '修改服务清单事项（含上下架）/ edit a catalogue item, take it on or off',
        params: ServiceIdParams,
        body: ServiceItemBody,
        response: { 200: ServiceItemSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => updateServiceItem(deps, actorOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/service-items/:id/requests',
    {
      schema: {
        ...base,
        summary:
          '企业申请服务事项（可选帮办代办、预约）→ 交提供单位办理的诉求 / request an item: a case routed to its provider',
        params: ServiceIdParams,
        body: ServiceRequestBody,
        response: { 201: ServiceRequestCreated, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await requestServiceItem(deps, actorOf(request), request.params.id, request.body)),
  );
  r.get(
    '/api/v1/service-bundles',
    {
      schema: {
        ...base,
        summary: '“一件事”清单 / the "一件事" bundles',
        response: { 200: ServiceBundleListSchema, ...errorResponses(401, 403) },
      },
    },
    (request) => listServiceBundles(deps, actorOf(request)),
  );
  r.post(
    '/api/v1/service-bundles',
    {
      schema: {
        ...base,
        summary: '新增“一件事” / add a bundle',
        body: ServiceBundleBody,
        response: { 201: ServiceBundleSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await createServiceBundle(deps, actorOf(request), request.body)),
  );
  r.put(
    '/api/v1/service-bundles/:id',
    {
      schema: {
        ...base,
        summary: '修改“一件事” / edit a bundle',
        params: ServiceIdParams,
        body: ServiceBundleBody,
        response: { 200: ServiceBundleSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => updateServiceBundle(deps, actorOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/service-bundles/:id/requests',
    {
      schema: {
        ...base,
        summary:
          '企业申请“一件事”→ 一件诉求，首项提供单位牵头、其余协办 / request a bundle: one case, lead and co-units',
        params: ServiceIdParams,
        body: ServiceRequestBody,
        response: { 201: ServiceRequestCreated, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await requestServiceBundle(deps, actorOf(request), request.params.id, request.body)),
  );
  r.get(
    '/api/v1/fallback-unit',
    {
      schema: {
        ...base,
        summary: '本辖区兜底办（无则为空）/ the jurisdiction’s fallback office, or null',
        response: { 200: FallbackUnitSchema, ...errorResponses(401, 403) },
      },
    },
    (request) => getFallbackUnit(deps, actorOf(request)),
  );
  r.post(
    '/api/v1/cases/:id/fallback',
    {
      schema: {
        ...base,
        tags: ['case commands'],
        summary: '研判转兜底办（时限按复杂程度取本辖区规则）/ send a case under screening to the fallback office',
        params: ServiceIdParams,
        body: FallbackBody,
        response: { 200: CaseView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => sendToFallback(deps, actorOf(request), request.params.id, request.body),
  );
}
