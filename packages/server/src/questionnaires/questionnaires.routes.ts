import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  AnswerBody,
  CreatedQuestionnaire,
  QuestionnaireListItem,
  QuestionnaireParams,
  QuestionnaireView,
  SendQuestionnaireBody,
} from './questionnaires.schemas.js';
import {
  answerQuestionnaire,
  questionnaireDetail,
  questionnaireList,
  sendQuestionnaire,
} from './questionnaires.service.js';

/** Satisfaction questionnaires to the enterprises solicited in a period (seed 003 二(五)). */
export function registerQuestionnaireRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['questionnaires'] };
  r.post(
    '/api/v1/questionnaires',
    {
      schema: {
        ...base,
        summary: '向期间内征询过的企业发放满意度问卷 / send a questionnaire to the enterprises solicited in a period',
        body: SendQuestionnaireBody,
        response: { 201: CreatedQuestionnaire, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await sendQuestionnaire(deps, actorOf(request), request.body)),
  );
  r.get(
    '/api/v1/questionnaires',
    {
      schema: {
        ...base,
        summary: '满意度问卷（最新在前）/ the questionnaires the caller may read, newest first',
        response: { 200: z.array(QuestionnaireListItem), ...errorResponses(401, 403) },
      },
    },
    (request) => questionnaireList(deps, actorOf(request)),
  );
  r.get(
    '/api/v1/questionnaires/:id',
    {
      schema: {
        ...base,
        summary: '问卷及汇总（企业：本企业的答卷）/ a questionnaire with its summary, or the enterprise’s own answers',
        params: QuestionnaireParams,
        response: { 200: QuestionnaireView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => questionnaireDetail(deps, actorOf(request), request.params.id),
  );
  r.post(
    '/api/v1/questionnaires/:id/answers',
    {
      schema: {
        ...base,
        summary: '企业填写问卷 / the enterprise answers',
        params: QuestionnaireParams,
        body: AnswerBody,
        response: { 201: QuestionnaireView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await answerQuestionnaire(deps, actorOf(request), request.params.id, request.body)),
  );
}
