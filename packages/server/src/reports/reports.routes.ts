import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { sendOfficeFile } from '../http/office-file.js';
import { FORM_DEFINITIONS, FORMS } from './forms.js';
import {
  DocumentIdParams,
  GenerateDocumentBody,
  KpiQuery,
  KpiReport,
  NoticeQuery,
  RangeQuery,
  Ranking,
  RankingQuery,
  ReportDocumentView,
  ServiceReportQuery,
  Trend,
  TrendQuery,
} from './reports.schemas.js';
import { documentFile, generateDocument, listDocuments } from './documents.js';
import {
  FORM_ROW_LIMIT,
  formExport,
  kpiReport,
  kpiTrend,
  periodNotice,
  periodServiceReport,
  ranking,
} from './reports.service.js';

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
    '/api/v1/reports/trend',
    {
      schema: {
        ...base,
        summary: '指标走势（逐期受理、办结率、满意率等）/ the KPIs of consecutive periods, oldest first',
        querystring: TrendQuery,
        response: { 200: Trend, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => kpiTrend(deps, actorOf(request), request.query),
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

  r.get(
    '/api/v1/reports/monthly-notice.docx',
    {
      schema: {
        ...base,
        summary:
          '通报（Word：总体情况、排名与红黑榜、超时与黄红牌、督办、不满意与典型案例）/ the notice of a month, quarter, half-year or year',
        querystring: NoticeQuery,
        response: { 200: z.unknown().describe('the .docx bytes / 文档'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { document, fileName } = await periodNotice(deps, actorOf(request), request.query);
      return sendOfficeFile(reply, 'docx', fileName, document);
    },
  );

  r.get(
    '/api/v1/reports/service-report.docx',
    {
      schema: {
        ...base,
        summary:
          '服务企业报告（Word：与上期对比、企业评价、回访、类别与渠道、单位与联络员晾晒、典型案例、需关注的问题）/ the service report of a period (seed 001)',
        querystring: ServiceReportQuery,
        response: { 200: z.unknown().describe('the .docx bytes / 文档'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { document, fileName } = await periodServiceReport(deps, actorOf(request), request.query);
      return sendOfficeFile(reply, 'docx', fileName, document);
    },
  );

  r.get(
    '/api/v1/reports/documents',
    {
      schema: {
        ...base,
        summary:
          '已生成的通报与服务企业报告（定时与按需，含生成人）/ the notices and service reports kept, by the schedule or on demand, with who generated them',
        response: { 200: z.array(ReportDocumentView), ...errorResponses(401, 403) },
      },
    },
    (request) => listDocuments(deps, actorOf(request)),
  );

  r.post(
    '/api/v1/reports/documents',
    {
      schema: {
        ...base,
        summary: '生成并保存一期通报或服务企业报告 / generate a period’s notice or service report now and keep it',
        body: GenerateDocumentBody,
        response: { 201: ReportDocumentView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await generateDocument(deps, actorOf(request), request.body)),
  );

  r.get(
    '/api/v1/reports/documents/:id',
    {
      schema: {
        ...base,
        summary: '下载已保存的通报或服务企业报告 / download a kept notice or service report',
        params: DocumentIdParams,
        response: { 200: z.unknown().describe('the .docx bytes / 文档'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { content, fileName } = await documentFile(deps, actorOf(request), request.params.id);
      return sendOfficeFile(reply, 'docx', fileName, content);
    },
  );

  for (const name of FORMS) {
    const form = FORM_DEFINITIONS[name];
    r.get(
      `/api/v1/exports/${name}.xlsx`,
      {
        schema: {
          ...base,
          summary: `${form.annex}《${form.title}》（Excel，受理日期 [from, to)）/ seed 003's ${name} form`,
          description: `滕州 003 ${form.annex} 的列，顺序一致，位于第一张工作表的第一行；至多 ${FORM_ROW_LIMIT} 件。The columns of seed 003's ${form.annex} in its order, in the first row of the first sheet; at most ${FORM_ROW_LIMIT} cases.`,
          querystring: RangeQuery,
          response: { 200: z.unknown().describe('the .xlsx bytes / 工作簿'), ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { book, fileName } = await formExport(deps, actorOf(request), name, request.query);
        return sendOfficeFile(reply, 'xlsx', fileName, book);
      },
    );
  }
}
