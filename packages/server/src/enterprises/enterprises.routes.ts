import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  ConditionBody,
  ConditionsView,
  ConditionView,
  CheckUsccQuery,
  CreateEnterpriseBody,
  EnterpriseIdParams,
  EnterpriseView,
  ListEnterprisesQuery,
  UpdateEnterpriseBody,
  UsccCheck,
} from './enterprises.schemas.js';
import {
  addCondition,
  listConditions,
  checkUscc,
  createEnterprise,
  getEnterprise,
  listEnterprises,
  updateEnterprise,
} from './enterprises.service.js';

/** The enterprise ledger's routes: list, read, register, change, and the as-you-type USCC check. */
export function registerEnterpriseRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/enterprises',
    {
      schema: {
        tags: ['enterprises'],
        summary: '企业台账 / the enterprise ledger',
        security: SECURED,
        querystring: ListEnterprisesQuery,
        response: { 200: z.object({ items: z.array(EnterpriseView), total: z.number() }), ...errorResponses(400, 401) },
      },
    },
    (request) => listEnterprises(deps, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/enterprises/check-uscc',
    {
      schema: {
        tags: ['enterprises'],
        summary: '边输边校验统一社会信用代码 / check a USCC as it is typed',
        security: SECURED,
        querystring: CheckUsccQuery,
        response: { 200: UsccCheck, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => checkUscc(deps, actorOf(request), request.query.value),
  );
  r.get(
    '/api/v1/enterprises/:id',
    {
      schema: {
        tags: ['enterprises'],
        summary: '企业详情 / one enterprise',
        security: SECURED,
        params: EnterpriseIdParams,
        response: { 200: EnterpriseView, ...errorResponses(400, 401, 404) },
      },
    },
    (request) => getEnterprise(deps, actorOf(request), request.params.id),
  );
  r.post(
    '/api/v1/enterprises',
    {
      schema: {
        tags: ['enterprises'],
        summary: '登记企业 / register an enterprise',
        security: SECURED,
        body: CreateEnterpriseBody,
        response: { 201: EnterpriseView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createEnterprise(deps, actorOf(request), request.body)),
  );
  r.put(
    '/api/v1/enterprises/:id',
    {
      schema: {
        tags: ['enterprises'],
        summary: '修改企业台账（管理员、营商办、该企业联络员）/ change a ledger entry (admin, hub, its liaison)',
        security: SECURED,
        params: EnterpriseIdParams,
        body: UpdateEnterpriseBody,
        response: { 200: EnterpriseView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => updateEnterprise(deps, actorOf(request), request.params.id, request.body),
  );
  r.get(
    '/api/v1/enterprises/:id/conditions',
    {
      schema: {
        tags: ['enterprises'],
        summary:
          '企业经营情况、困难问题、发展计划（当前与历史）/ an enterprise’s operations, difficulties and plans, current and history',
        security: SECURED,
        params: EnterpriseIdParams,
        response: { 200: ConditionsView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => listConditions(deps, actorOf(request), request.params.id),
  );
  r.post(
    '/api/v1/enterprises/:id/conditions',
    {
      schema: {
        tags: ['enterprises'],
        summary: '记录企业情况（只增不改）/ record an enterprise’s condition (append-only)',
        security: SECURED,
        params: EnterpriseIdParams,
        body: ConditionBody,
        response: { 201: ConditionView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addCondition(deps, actorOf(request), request.params.id, request.body)),
  );
}
