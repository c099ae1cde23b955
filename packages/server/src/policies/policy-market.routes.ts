import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { PolicyDocumentDetail, PolicyIdParams } from './policies.schemas.js';
import {
  EligibleEnterprise,
  GrantResult,
  PolicyTargetingBody,
  PushBody,
  PushPreview,
  PushResult,
  PushView,
} from './policy-market.schemas.js';
import {
  eligibleEnterprises,
  grantAutomatic,
  listPushes,
  previewPush,
  pushPolicy,
  setPolicyTargeting,
} from './policy-market.service.js';

/**
 * The policy supermarket's staff side (政策超市): a policy's targeting, pushes to the enterprises it
 * is for with who received and opened them, and 免申即享 — the eligible ledger entries and the grant.
 */
export function registerPolicyMarketRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['policy supermarket'] };

  r.put(
    '/api/v1/policies/:id/targeting',
    {
      schema: {
        ...base,
        summary:
          '设置政策的适用对象、受理单位、申报方式（营商办、管理员）/ set whom a policy is for and how it is claimed',
        params: PolicyIdParams,
        body: PolicyTargetingBody,
        response: { 200: PolicyDocumentDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => setPolicyTargeting(deps, actorOf(request), request.params.id, request.body),
  );
  r.get(
    '/api/v1/policies/:id/push-preview',
    {
      schema: {
        ...base,
        summary: '推送预览：将送达的企业数和联系人数 / how many enterprises and contacts a push would reach',
        params: PolicyIdParams,
        querystring: PushBody,
        response: { 200: PushPreview, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => previewPush(deps, actorOf(request), request.params.id, request.query),
  );
  r.post(
    '/api/v1/policies/:id/push',
    {
      schema: {
        ...base,
        summary:
          '推送政策给符合条件企业的联系人（营商办、管理员）/ push a policy to the contacts of the enterprises it is for',
        params: PolicyIdParams,
        body: PushBody,
        response: { 200: PushResult, ...errorResponses(400, 401, 403, 404) },
      },
      // Sent without a body, it is validated as `{}`: every field is optional.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
    },
    (request) => pushPolicy(deps, actorOf(request), request.params.id, request.body),
  );
  r.get(
    '/api/v1/policies/:id/pushes',
    {
      schema: {
        ...base,
        summary: '政策的推送记录：接收与打开情况 / a policy’s pushes with who received and opened them',
        params: PolicyIdParams,
        response: { 200: z.array(PushView), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => listPushes(deps, actorOf(request), request.params.id),
  );
  r.get(
    '/api/v1/policies/:id/eligible',
    {
      schema: {
        ...base,
        summary: '符合政策条件的台账企业（免申即享）/ the ledger enterprises the policy is for',
        params: PolicyIdParams,
        response: { 200: z.array(EligibleEnterprise), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => eligibleEnterprises(deps, actorOf(request), request.params.id),
  );
  r.post(
    '/api/v1/policies/:id/grant-automatic',
    {
      schema: {
        ...base,
        summary: '免申即享：告知符合条件的企业将享受的内容 / tell each eligible enterprise what it will receive',
        params: PolicyIdParams,
        response: { 200: GrantResult, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => grantAutomatic(deps, actorOf(request), request.params.id),
  );
}
