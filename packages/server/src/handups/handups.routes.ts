import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { CaseIdParams } from '../cases/cases.schemas.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { HandupsViewSchema } from './handups.schemas.js';
import { caseHandups } from './handups.service.js';

/**
 * The hand-ups of a case between levels (上报上级 / 下级上报). The hand-up itself is the case
 * command `hand-up`; the result comes back by itself once the level above has one.
 */
export function registerHandupRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/cases/:id/handups',
    {
      schema: {
        security: SECURED,
        tags: ['cases'],
        summary: '诉求的上报记录（上报上级 / 下级上报）/ the hand-ups of a case between levels',
        params: CaseIdParams,
        response: { 200: HandupsViewSchema, ...errorResponses(400, 401, 404) },
      },
    },
    (request) => caseHandups(deps, actorOf(request), request.params.id),
  );
}
