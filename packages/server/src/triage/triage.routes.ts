import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CASE_STATUSES, COMPLEXITIES } from '@qisu/core';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { RoutingSuggestion } from '../routing/routing.schemas.js';
import { similarCases } from './similar.service.js';
import { modelsOverview, startRetraining, suggestForCase } from './triage.service.js';

const Named = z.object({ id: z.string(), name: z.string() });
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
  routing: RoutingSuggestion.extend({ basis: z.enum(['case', 'suggestion', 'region']) }).describe(
    'the routing catalogue’s suggestion, as /routing-rules/suggest answers / 派单目录建议',
  ),
  learned: z
    .object({
      leadUnit: Named,
      complexity: z.enum(COMPLEXITIES).nullable(),
      basis: z.enum(['similar', 'category']),
      support: z.number().int().describe('past dispatched cases considered / 参考的已派单诉求数'),
      agreeing: z.number().int().describe('of them led by this unit / 其中由该单位牵头的件数'),
      reason: z.object({ zh: z.string(), en: z.string() }),
    })
    .nullable()
    .describe('lead unit and complexity learned from past dispatches / 从历史派单学到的牵头单位与复杂程度'),
});

const CaseBrief = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(CASE_STATUSES),
  score: z.number().describe('word overlap (Jaccard) with the case / 与本件的词语重合度'),
  enterpriseName: z.string().nullable(),
  createdAt: z.string(),
});

export const SimilarCases = z.object({
  open: z.array(
    CaseBrief.extend({
      duplicate: z.boolean().describe('overlap at or above the duplicate threshold / 疑似重复'),
      sameEnterprise: z.boolean(),
    }),
  ),
  solved: z.array(
    CaseBrief.extend({
      closedAt: z.string().nullable(),
      leadUnit: Named.nullable(),
      resolution: z.object({
        kind: z.enum(['answered', 'replied']),
        result: z.string().nullable(),
        text: z.string().nullable(),
        score: z.number().nullable().describe('the enterprise’s last rating / 企业最近评价'),
      }),
    }),
  ),
  thresholds: z.object({ duplicate: z.number(), similar: z.number() }),
});

const Retraining = z
  .object({
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    examples: z.number().int(),
    version: z.number().int().nullable().describe('the version it stored / 训练出的版本'),
    error: z.string().nullable(),
  })
  .describe('the last retraining started in this process / 本进程最近一次重新训练');

export const ModelsOverview = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      version: z.number().int(),
      scope: z.enum(['jurisdiction', 'all']).describe('this jurisdiction’s own, or for all / 本辖区专用或通用'),
      labels: z.array(z.string()),
      examples: z.number().int(),
      quality: z.object({ accuracy: z.number(), macroF1: z.number(), method: z.string() }).nullable(),
      active: z.boolean(),
      serving: z.boolean().describe('the model that answers this jurisdiction now / 当前为本辖区提供建议'),
      createdAt: z.string(),
    }),
  ),
  retraining: Retraining.nullable(),
});

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
        params: z.object({ id: z.uuid() }),
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
        params: z.object({ id: z.uuid() }),
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
