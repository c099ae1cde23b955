import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  ListRoutingRulesQuery,
  RoutingRuleBody,
  RoutingRuleIdParams,
  RoutingRuleList,
  RoutingRuleView,
  RoutingSuggestion,
  SuggestQuery,
} from './routing.schemas.js';
import {
  createRoutingRule,
  deleteRoutingRule,
  listRoutingRules,
  suggestRouting,
  updateRoutingRule,
} from './routing.service.js';

/** The routing catalogue (派单目录): reading for hub, leader and admin, changes by the admin. */
export function registerRoutingRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['routing catalogue'] };

  r.get(
    '/api/v1/routing-rules',
    {
      schema: {
        ...base,
        summary: '派单目录 / the routing catalogue',
        querystring: ListRoutingRulesQuery,
        response: { 200: RoutingRuleList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listRoutingRules(deps, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/routing-rules/suggest',
    {
      schema: {
        ...base,
        summary: '按分类与区划建议承办单位 / suggest units for a category and a region',
        querystring: SuggestQuery,
        response: { 200: RoutingSuggestion, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => suggestRouting(deps, actorOf(request), request.query),
  );
  r.post(
    '/api/v1/routing-rules',
    {
      schema: {
        ...base,
        summary: '新增派单规则（管理员）/ add a rule (admin)',
        body: RoutingRuleBody,
        response: { 201: RoutingRuleView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createRoutingRule(deps, actorOf(request), request.body)),
  );
  r.put(
    '/api/v1/routing-rules/:id',
    {
      schema: {
        ...base,
        summary: '修改派单规则（管理员）/ replace a rule (admin)',
        params: RoutingRuleIdParams,
        body: RoutingRuleBody,
        response: { 200: RoutingRuleView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => updateRoutingRule(deps, actorOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/v1/routing-rules/:id',
    {
      schema: {
        ...base,
        summary: '删除派单规则（管理员）/ delete a rule (admin)',
        params: RoutingRuleIdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteRoutingRule(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
