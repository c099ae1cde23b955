import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { KpiQuery, KpiReport, Ranking, RankingQuery } from './reports.schemas.js';
import { kpiReport, ranking } from './reports.service.js';

/**
 * Reports: the KPIs of docs/kpi.md by a dimension, and the ranking (红黑榜 / 晾晒) by the rule of the
 * jurisdiction's profile. Hub, leader, admin and discipline, each over their own data scope.
 */
export function registerReportRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['reports'] };

  r.get(
    '/api/v1/reports/kpis',
    {
      schema: {
        ...base,
        summary: '指标（按受理日期 [from, to)，上海日历日）/ KPIs of the cases received in [from, to)',
        querystring: KpiQuery,
        response: { 200: KpiReport, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => kpiReport(deps, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/reports/ranking',
    {
      schema: {
        ...base,
        summary: '排名与红黑榜（按本辖区排名办法）/ the ranking by the jurisdiction’s rule',
        querystring: RankingQuery,
        response: { 200: Ranking, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => ranking(deps, actorOf(request), request.query),
  );
}
