import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  ApplicationCreated,
  ApplicationIdParams,
  ApplicationListQuery,
  ApplicationView,
  CreateApplicationBody,
  DecideBody,
  PayBody,
} from './policy-applications.schemas.js';
import {
  createApplication,
  decideApplication,
  getPolicyApplication,
  listPolicyApplications,
  payApplication,
} from './policy-applications.service.js';

/**
 * Policy applications (政策申报, seed 004 三(二)4 一窗受理、分类流转、部门办理、统一反馈): filed by an
 * enterprise online, routed to the issuing unit, decided with a reason, paid out.
 */
export function registerPolicyApplicationRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['policy supermarket'] };

  r.post(
    '/api/v1/policy-applications',
    {
      schema: {
        ...base,
        summary: '企业在线申报政策 / an enterprise applies for a policy online',
        body: CreateApplicationBody,
        response: { 201: ApplicationCreated, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createApplication(deps, actorOf(request), request.body)),
  );
  r.get(
    '/api/v1/policy-applications',
    {
      schema: {
        ...base,
        summary:
          '政策申请（企业见本企业的，单位见交本单位的，营商办、领导、管理员见本辖区的）/ applications within the caller’s scope',
        querystring: ApplicationListQuery,
        response: { 200: z.array(ApplicationView), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listPolicyApplications(deps, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/policy-applications/:id',
    {
      schema: {
        ...base,
        summary: '一件政策申请 / one application',
        params: ApplicationIdParams,
        response: { 200: ApplicationView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => getPolicyApplication(deps, actorOf(request), request.params.id),
  );
  r.post(
    '/api/v1/policy-applications/:id/decide',
    {
      schema: {
        ...base,
        summary: '审核政策申请并说明理由（受理单位或营商办）/ decide an application with the reason',
        params: ApplicationIdParams,
        body: DecideBody,
        response: { 200: ApplicationView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => decideApplication(deps, actorOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/policy-applications/:id/pay',
    {
      schema: {
        ...base,
        summary: '登记兑现（已通过的申请）/ record the payout of an approved application',
        params: ApplicationIdParams,
        body: PayBody,
        response: { 200: ApplicationView, ...errorResponses(400, 401, 403, 404, 409) },
      },
      // Sent without a body, it is validated as `{}`: every field is optional.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
    },
    (request) => payApplication(deps, actorOf(request), request.params.id, request.body),
  );
}
