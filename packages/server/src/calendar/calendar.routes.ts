import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  CalendarDayView,
  CalendarQuery,
  DueQuery,
  DueView,
  NoticeBody,
  NoticeParams,
  NoticeView,
  OverrideBody,
  OverrideParams,
  OverrideView,
} from './calendar.schemas.js';
import { calendarDays, computeDue, importNotice, removeOverride, setOverride } from './calendar.service.js';

/** The working calendar: reading days and due times, local overrides and the State Council notices. */
export function registerCalendarRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['calendar'];
  r.get(
    '/api/v1/calendar',
    {
      schema: {
        tags,
        summary: '工作日历 / working days between two dates',
        security: SECURED,
        querystring: CalendarQuery,
        response: { 200: z.array(CalendarDayView), ...errorResponses(400, 401) },
      },
    },
    (request) => calendarDays(deps, actorOf(request), request.query.from, request.query.to),
  );
  r.get(
    '/api/v1/calendar/due',
    {
      schema: {
        tags,
        summary: '计算到期时间 / when something received at `from` is due',
        security: SECURED,
        querystring: DueQuery,
        response: { 200: DueView, ...errorResponses(400, 401) },
      },
    },
    async (request) => ({
      dueAt: await computeDue(
        deps.db,
        actorOf(request).jurisdictionId,
        new Date(request.query.from),
        request.query.duration,
      ),
    }),
  );
  r.put(
    '/api/v1/calendar/overrides/:date',
    {
      schema: {
        tags,
        summary: '本地调整：增加休息日或工作日（管理员）/ a local holiday or working day (admin)',
        security: SECURED,
        params: OverrideParams,
        body: OverrideBody,
        response: { 200: OverrideView, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => setOverride(deps, actorOf(request), { date: request.params.date, ...request.body }),
  );
  r.delete(
    '/api/v1/calendar/overrides/:date',
    {
      schema: {
        tags,
        summary: '删除本地调整（管理员）/ remove a local override (admin)',
        security: SECURED,
        params: OverrideParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await removeOverride(deps, actorOf(request), request.params.date);
      return reply.status(204).send(null);
    },
  );
  r.put(
    '/api/v1/calendar/notices/:year',
    {
      schema: {
        tags,
        summary: '导入国务院办公厅放假通知（管理员）/ import the State Council holiday notice of a year (admin)',
        security: SECURED,
        params: NoticeParams,
        body: NoticeBody,
        response: { 200: NoticeView, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => importNotice(deps, actorOf(request), { year: request.params.year, days: request.body.days }),
  );
}
