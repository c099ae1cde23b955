import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CASE_COMMANDS } from '@qisu/core';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { appErrorBody } from '../http/errors.js';
import { pickLang } from '../errors.js';
import { sendOfficeFile } from '../http/office-file.js';
import { bulkDispatch } from './commands/bulk-dispatch.js';
import { COMMANDS } from './commands/registry.js';
import { runCaseCommand } from './commands/run-command.js';
import {
  BulkDispatchBody,
  BulkDispatchResult,
  CaseChain,
  CaseCounts,
  CaseEvent,
  CaseFilterQuery,
  CaseIdParams,
  CaseList,
  CaseView,
  CreateCaseBody,
  CreatedCase,
  ExportCasesQuery,
  ListCasesQuery,
} from './cases.schemas.js';
import { worklistWorkbook } from './cases.export.js';
import {
  countCases,
  createCase,
  EXPORT_ROW_LIMIT,
  exportCaseRows,
  getCase,
  getCaseChain,
  getCaseEvents,
  listCases,
} from './cases.service.js';

export function registerCaseRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '提交诉求 / file a case',
        security: SECURED,
        body: CreateCaseBody,
        response: { 200: CreatedCase, 201: CreatedCase, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const result = await createCase(deps, actorOf(request), request.body);
      return reply
        .status(result.created ? 201 : 200)
        .send({ id: result.id, number: result.number, status: result.status });
    },
  );

  r.get(
    '/api/v1/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '诉求列表（数据范围内）/ cases in the caller’s scope',
        security: SECURED,
        querystring: ListCasesQuery,
        response: { 200: CaseList, ...errorResponses(400, 401) },
      },
    },
    (request) => listCases(deps, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/cases/counts',
    {
      schema: {
        tags: ['cases'],
        summary: '诉求列表各状态件数（含超期、临期）/ the worklist’s counts per state, overdue and warned',
        security: SECURED,
        querystring: CaseFilterQuery,
        response: { 200: CaseCounts, ...errorResponses(400, 401) },
      },
    },
    (request) => countCases(deps, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/cases/export.xlsx',
    {
      schema: {
        tags: ['cases'],
        summary: '导出诉求列表（Excel，按当前筛选）/ the filtered worklist as an Excel workbook',
        description: `至多 ${EXPORT_ROW_LIMIT} 行，超过时 400。At most ${EXPORT_ROW_LIMIT} rows; more answers 400.`,
        security: SECURED,
        querystring: ExportCasesQuery,
        response: { 200: z.unknown().describe('the .xlsx bytes / 工作簿'), ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const lang = pickLang(request.headers['accept-language']);
      const rows = await exportCaseRows(deps, actorOf(request), request.query);
      const now = deps.clock.now();
      const book = await worklistWorkbook(rows, lang, now);
      const name = `${lang === 'en' ? 'cases' : '诉求清单'}-${now.toISOString().slice(0, 10)}.xlsx`;
      return sendOfficeFile(reply, 'xlsx', name, book);
    },
  );

  r.get(
    '/api/v1/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: '诉求详情 / one case',
        security: SECURED,
        params: CaseIdParams,
        response: { 200: CaseView, ...errorResponses(400, 401, 404) },
      },
    },
    (request) => getCase(deps, actorOf(request), request.params.id),
  );

  r.get(
    '/api/v1/cases/:id/events',
    {
      schema: {
        tags: ['cases'],
        summary: '流转记录（哈希链）/ the case’s events with their hashes',
        security: SECURED,
        params: CaseIdParams,
        response: { 200: z.array(CaseEvent), ...errorResponses(400, 401, 404) },
      },
    },
    (request) => getCaseEvents(deps, actorOf(request), request.params.id),
  );

  r.get(
    '/api/v1/cases/:id/chain',
    {
      schema: {
        tags: ['cases'],
        summary: '核验本诉求的存证链 / check the case’s links of the tamper-evident chain',
        security: SECURED,
        params: CaseIdParams,
        response: { 200: CaseChain, ...errorResponses(400, 401, 404) },
      },
    },
    (request) => getCaseChain(deps, actorOf(request), request.params.id),
  );

  r.post(
    '/api/v1/cases/bulk-dispatch',
    {
      schema: {
        tags: ['case commands'],
        summary: '批量交办 / dispatch several cases to the same units, each on its own',
        security: SECURED,
        body: BulkDispatchBody,
        response: { 200: BulkDispatchResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const lang = pickLang(request.headers['accept-language']);
      const outcomes = await bulkDispatch(deps, actorOf(request), request.body);
      const results = outcomes.map((o) =>
        'view' in o
          ? { caseId: o.caseId, ok: true, number: o.view.number, status: o.view.status }
          : { caseId: o.caseId, ok: false, error: appErrorBody(o.error, lang).error },
      );
      const succeeded = results.filter((x) => x.ok).length;
      return { succeeded, failed: results.length - succeeded, results };
    },
  );

  for (const command of CASE_COMMANDS) {
    const { body: bodySchema, summary } = COMMANDS[command];
    r.post(
      `/api/v1/cases/:id/${command}`,
      {
        schema: {
          tags: ['case commands'],
          summary,
          security: SECURED,
          params: CaseIdParams,
          body: bodySchema,
          response: { 200: CaseView, ...errorResponses(400, 401, 403, 404, 409) },
        },
        // A command sent without a body is validated as `{}`, so the first missing field is named.
        preValidation: (request, _reply, done) => {
          request.body ??= {};
          done();
        },
      },
      (request) => runCaseCommand(deps, actorOf(request), request.params.id, command, request.body),
    );
  }
}
