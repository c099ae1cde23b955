import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  CoverageQuery,
  CoverageView,
  CreatedSolicitation,
  ListSolicitationsQuery,
  RecordSolicitationBody,
  SolicitationView,
} from './solicitations.schemas.js';
import { listSolicitations, recordSolicitation, solicitationCoverage } from './solicitations.service.js';

/** Weekly solicitation (征询, seed 003 二(一); SPEC §10): rounds, the cases they produce, the week's coverage. */
export function registerSolicitationRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['solicitations'] };
  r.post(
    '/api/v1/solicitations',
    {
      schema: {
        ...base,
        summary: '登记一次征询，发现的问题各成一件诉求 / record a solicitation round; each problem becomes a case',
        body: RecordSolicitationBody,
        response: { 201: CreatedSolicitation, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await recordSolicitation(deps, actorOf(request), request.body)),
  );
  r.get(
    '/api/v1/solicitations',
    {
      schema: {
        ...base,
        summary: '征询记录（最新在前）/ the rounds of the caller’s scope, newest first',
        querystring: ListSolicitationsQuery,
        response: { 200: z.array(SolicitationView), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listSolicitations(deps, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/solicitations/coverage',
    {
      schema: {
        ...base,
        summary: '一周征询覆盖情况（默认本周）/ the week’s coverage of the ledger (this week by default)',
        querystring: CoverageQuery,
        response: { 200: CoverageView, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => solicitationCoverage(deps, actorOf(request), request.query),
  );
}
