import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DAY_SOURCES } from '@qisu/core';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { calendarDays, computeDue, importNotice, removeOverride, setOverride } from './calendar.service.js';

const LocalDate = z.iso.date();

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
        querystring: z.object({ from: LocalDate, to: LocalDate }),
        response: {
          200: z.array(
            z.object({
              date: z.string(),
              working: z.boolean(),
              source: z.enum(DAY_SOURCES),
              name: z.string().nullable(),
            }),
          ),
          ...errorResponses(400, 401),
        },
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
        querystring: z.object({ from: z.iso.datetime({ offset: true }), duration: z.string().max(20) }),
        response: { 200: z.object({ dueAt: z.string() }), ...errorResponses(400, 401) },
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
        params: z.object({ date: LocalDate }),
        body: z.object({ working: z.boolean(), name: z.string().trim().max(50).optional() }),
        response: {
          200: z.object({ date: z.string(), working: z.boolean(), name: z.string().nullable() }),
          ...errorResponses(400, 401, 403),
        },
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
        params: z.object({ date: LocalDate }),
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
        params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        body: z.object({
          days: z
            .array(z.object({ date: LocalDate, working: z.boolean(), name: z.string().trim().max(50).optional() }))
            .max(200),
        }),
        response: { 200: z.object({ year: z.number(), days: z.number() }), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => importNotice(deps, actorOf(request), { year: request.params.year, days: request.body.days }),
  );
}
