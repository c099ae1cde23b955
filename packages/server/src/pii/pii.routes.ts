import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { PiiViewList, PiiViewsQuery } from './pii.schemas.js';
import { listPiiViewLog } from './pii.service.js';

/** The admin's read of the personal-data view log: who was shown which whole mobile, when, from where. */
export function registerPiiRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/admin/pii-views',
    {
      schema: {
        tags: ['admin'],
        summary: '个人信息查看记录（管理员）/ who was shown a whole mobile or ID number (admin)',
        description:
          '每次接口返回完整（未脱敏）的手机号或身份证号都记一条：查看人、时间、诉求/企业/用户、字段、来源地址；记录中不含号码本身。' +
          ' One row per answer that carried a whole mobile or ID number: who, when, which case, enterprise or user, which field, ' +
          'from which address; never the number itself. Admins of the jurisdiction only (403 for every other role).',
        security: SECURED,
        querystring: PiiViewsQuery,
        response: { 200: PiiViewList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listPiiViewLog(deps, actorOf(request), request.query),
  );
}
