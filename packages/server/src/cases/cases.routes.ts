import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CaseCommand } from '@qisu/core';
import { CASE_COMMANDS } from '@qisu/core';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { appErrorBody } from '../http/errors.js';
import { pickLang } from '../errors.js';
import { bulkDispatch, runCaseCommand } from './case-commands.service.js';
import {
  BulkDispatchBody,
  BulkDispatchResult,
  CaseChain,
  CaseEvent,
  CaseIdParams,
  CaseList,
  CaseView,
  COMMAND_BODIES,
  CreateCaseBody,
  CreatedCase,
  ListCasesQuery,
} from './cases.schemas.js';
import { createCase, getCase, getCaseChain, getCaseEvents, listCases } from './cases.service.js';

const COMMAND_SUMMARIES: Record<CaseCommand, string> = {
  accept: '受理，进入研判 / accept for screening',
  reject: '不予受理 / reject with a reason',
  merge: '合并到另一诉求 / merge into another open case',
  answer: '即时答复 / answer at once',
  dispatch: '交办牵头及协办单位 / dispatch to a lead unit and co-units',
  sign: '签收 / sign for the case',
  contact: '联系企业 / record contact with the enterprise',
  feedback: '初步反馈 / initial feedback',
  reply: '办结答复 / reply with the result',
  return: '退回（非本单位职责）/ return a misrouted case',
  rate: '企业评价（1–5）/ rate the reply (1–5)',
  revisit: '回访 / revisit',
  review: '不满意诉求审核 / review after unsatisfied rounds',
  close: '销号 / close',
  escalate: '提级 / escalate',
  extend: '申请延期 / request an extension',
  'decide-extension': '审批延期 / decide an extension request',
  supervise: '督办 / supervise',
  plan: '制定解决方案并纳入清单跟进 / file a solution plan with milestones (long-term case)',
  'complete-milestone': '完成方案节点 / complete a plan milestone',
  'review-form': '提交不满意诉求审核反馈表（单位负责人）/ the unit head’s review form',
  appeal: '企业对答复或不予受理提出申诉，退回研判 / the enterprise appeals an answer or a refusal',
};

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
    const bodySchema = COMMAND_BODIES[command];
    r.post(
      `/api/v1/cases/:id/${command}`,
      {
        schema: {
          tags: ['case commands'],
          summary: COMMAND_SUMMARIES[command],
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
