import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { similarCases } from './similar.service.js';
import { CaseIdParams, CaseSuggestions, ModelsOverview, Retraining, SimilarCases } from './triage.schemas.js';
import { modelsOverview, startRetraining, suggestForCase } from './triage.service.js';

/** Screening suggestions for one case, and the category models behind them. */
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
        params: CaseIdParams,
        response: { 200: CaseSuggestions, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => suggestForCase(deps, actorOf(request), request.params.id),
  );
  r.get(
    '/api/v1/cases/:id/similar',
    {
      schema: {
        tags: ['triage'],
        summary:
          '疑似重复与相似已办结诉求（含相似度与办理结果）/ likely duplicates and similar solved cases, with scores and resolutions',
        security: SECURED,
        params: CaseIdParams,
        response: { 200: SimilarCases, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => similarCases(deps, actorOf(request), request.params.id),
  );
  r.get(
    '/api/v1/triage/models',
    {
      schema: {
        tags: ['triage'],
        summary: '诉求分类模型的版本与质量 / category model versions with their measured quality',
        security: SECURED,
        response: { 200: ModelsOverview, ...errorResponses(401, 403) },
      },
    },
    (request) => modelsOverview(deps, actorOf(request)),
  );
  r.post(
    '/api/v1/triage/models',
    {
      schema: {
        tags: ['triage'],
        summary:
          '用已研判诉求重新训练本辖区模型（后台进行）/ retrain this jurisdiction’s model on its screened cases, in the background',
        security: SECURED,
        response: { 202: Retraining, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(202).send(await startRetraining(deps, actorOf(request))),
  );
}
