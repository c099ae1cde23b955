import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { suggestForCase } from './triage.service.js';

const Ranked = z.object({ label: z.string(), probability: z.number(), categoryId: z.string().nullable() });

export const CaseSuggestions = z.object({
  category: z
    .object({
      modelVersion: z.number().int(),
      label: z.string(),
      categoryId: z.string().nullable().describe('the jurisdiction’s category of that name / 本辖区同名分类'),
      confidence: z.number(),
      evidence: z.array(z.object({ term: z.string(), weight: z.number() })),
      ranking: z.array(Ranked),
    })
    .nullable()
    .describe('null when no model is trained / 尚无模型时为空'),
  routing: z
    .object({ basis: z.enum(['case', 'suggestion', 'region']) })
    .catchall(z.unknown())
    .describe('the routing catalogue’s suggestion, as /routing-rules/suggest answers / 派单目录建议'),
});

/** Screening suggestions for one case. */
export function registerTriageRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/cases/:id/suggestions',
    {
      schema: {
        tags: ['triage'],
        summary:
          '研判建议：分类（置信度与依据）与承办单位 / screening suggestions: category with confidence and evidence, units',
        security: SECURED,
        params: z.object({ id: z.uuid() }),
        response: { 200: CaseSuggestions, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => suggestForCase(deps, actorOf(request), request.params.id),
  );
}
