import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  ActivityParams,
  ActivityPerson,
  ActivityReportQuery,
  ActivityReportView,
  ActivityView,
  CreatedActivity,
  LinkCaseBody,
  ListActivitiesQuery,
  RecordActivityBody,
} from './activities.schemas.js';
import {
  activityPeople,
  activityReport,
  getActivity,
  linkActivityCase,
  listActivities,
  recordActivity,
} from './activities.service.js';

/** The activity log (走访与活动): visits and meetings with enterprises, their cases, a leader's days. */
export function registerActivityRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['activities'] };
  r.post(
    '/api/v1/activities',
    {
      schema: {
        ...base,
        summary: '登记一次走访或活动，现场问题各成一件诉求 / record a visit or meeting; each problem becomes a case',
        body: RecordActivityBody,
        response: { 201: CreatedActivity, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await recordActivity(deps, actorOf(request), request.body)),
  );
  r.get(
    '/api/v1/activities',
    {
      schema: {
        ...base,
        summary: '走访与活动（最新在前）/ the activities of the caller’s scope, newest first',
        querystring: ListActivitiesQuery,
        response: { 200: z.array(ActivityView), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listActivities(deps, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/activities/people',
    {
      schema: {
        ...base,
        summary: '可选的带队领导与参加人 / the staff an activity may name as its leader or attendees',
        response: { 200: z.array(ActivityPerson), ...errorResponses(401, 403) },
      },
    },
    (request) => activityPeople(deps, actorOf(request)),
  );
  r.get(
    '/api/v1/activities/:id',
    {
      schema: {
        ...base,
        summary: '一次活动（企业、人员、诉求）/ one activity with its enterprises, people and cases',
        params: ActivityParams,
        response: { 200: ActivityView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => getActivity(deps, actorOf(request), request.params.id),
  );
  r.post(
    '/api/v1/activities/:id/cases',
    {
      schema: {
        ...base,
        summary: '为活动关联已有诉求 / link an existing case to an activity',
        params: ActivityParams,
        body: LinkCaseBody,
        response: { 200: ActivityView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => linkActivityCase(deps, actorOf(request), request.params.id, request.body.caseId),
  );
  r.get(
    '/api/v1/reports/activities',
    {
      schema: {
        ...base,
        tags: ['activities', 'reports'],
        summary:
          '月度走访与活动统计、领导深入企业天数 / the month’s activities by kind and each leader’s days in enterprises',
        querystring: ActivityReportQuery,
        response: { 200: ActivityReportView, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => activityReport(deps, actorOf(request), request.query.month),
  );
}
