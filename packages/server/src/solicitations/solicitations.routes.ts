import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { sendOfficeFile } from '../http/office-file.js';
import {
  CoverageQuery,
  CoverageView,
  CreatedSolicitation,
  LedgerWorkbookParams,
  ListSolicitationsQuery,
  RecordSolicitationBody,
  SendWeeklyLedgerBody,
  SentWeeklyLedger,
  SolicitationView,
  WeeklyLedgersQuery,
  WeeklyLedgersView,
} from './solicitations.schemas.js';
import {
  listSolicitations,
  recordSolicitation,
  sendWeeklyLedger,
  solicitationCoverage,
  weeklyLedgers,
  weeklyLedgerWorkbook,
} from './solicitations.service.js';

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
  r.get(
    '/api/v1/solicitations/ledgers',
    {
      schema: {
        ...base,
        summary: '各单位本周问题台账报送情况 / each soliciting unit’s week and whether it sent its ledger',
        querystring: WeeklyLedgersQuery,
        response: { 200: WeeklyLedgersView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    (request) => weeklyLedgers(deps, actorOf(request), request.query),
  );
  r.post(
    '/api/v1/solicitations/ledgers',
    {
      schema: {
        ...base,
        summary: '向推进中心报送本单位一周问题台账 / send the unit’s weekly problem ledger to the hub',
        body: SendWeeklyLedgerBody,
        response: { 200: SentWeeklyLedger, ...errorResponses(400, 401, 403, 409) },
      },
    },
    (request) => sendWeeklyLedger(deps, actorOf(request), request.body),
  );
  r.get(
    '/api/v1/solicitations/ledgers/:unitId/workbook',
    {
      schema: {
        ...base,
        summary: '单位一周问题台账（附件2，Excel）/ a unit’s weekly problem ledger (annex 2) as .xlsx',
        params: LedgerWorkbookParams,
        querystring: WeeklyLedgersQuery,
        response: { 200: z.unknown().describe('the .xlsx bytes / 工作簿'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { book, fileName } = await weeklyLedgerWorkbook(
        deps,
        actorOf(request),
        request.params.unitId,
        request.query,
      );
      return sendOfficeFile(reply, 'xlsx', fileName, book);
    },
  );
}
