import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  OversightSummary,
  PagingQuery,
  PeriodQuery,
  RedCardList,
  RedCardsQuery,
  SupervisionList,
  SupervisionsQuery,
  UnsatisfiedList,
} from './oversight.schemas.js';
import { oversightSummary, redCardCases, supervisionRecords, unsatisfiedCases } from './oversight.service.js';

/**
 * The oversight API for the leader's dashboard and the discipline commission: the summary of a
 * period, supervision records, unsatisfied cases and red-card cases. Hub, leader, admin and discipline only,
 * each over their own data scope.
 */
export function registerOversightRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['oversight'] };

  r.get(
    '/api/v1/oversight/summary',
    {
      schema: {
        ...base,
        summary: '督查统计（按时段，上海日历日）/ oversight figures for a period of Shanghai calendar days',
        querystring: PeriodQuery,
        response: { 200: OversightSummary, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => oversightSummary(deps, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/oversight/unsatisfied',
    {
      schema: {
        ...base,
        summary: '不满意诉求 / cases with an unsatisfied rating',
        querystring: PagingQuery,
        response: { 200: UnsatisfiedList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => unsatisfiedCases(deps, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/oversight/red-cards',
    {
      schema: {
        ...base,
        summary: '红牌诉求（数据范围内）/ red cards on cases in the caller’s scope',
        querystring: RedCardsQuery,
        response: { 200: RedCardList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => redCardCases(deps, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/supervisions',
    {
      schema: {
        ...base,
        summary: '督办记录（平台 / 纪委 / 领导）/ supervision records',
        querystring: SupervisionsQuery,
        response: { 200: SupervisionList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => supervisionRecords(deps, actorOf(request), request.query),
  );
}
