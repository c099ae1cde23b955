import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  CreatedOpen311Client,
  CreateOpen311ClientBody,
  Open311ClientList,
  Open311ClientParams,
  Open311ClientView,
} from './open311-clients.schemas.js';
import { createOpen311Client, listOpen311Clients, revokeOpen311Client } from './open311-clients.service.js';

/** The admin's Open311 clients: list, create (the key answered once), revoke. */
export function registerOpen311ClientRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/admin/open311-clients',
    {
      schema: {
        tags: ['admin'],
        summary: 'Open311 客户端（管理员）/ the jurisdiction’s Open311 clients (admin)',
        description:
          '可通过 /open311/v2 提交诉求的客户端及其密钥末四位、状态和最近使用时间；不返回密钥本身。' +
          ' The clients that may file through /open311/v2, with the last characters of their key, ' +
          'whether it is active and when it was last used; never the key. Admins of the jurisdiction only.',
        security: SECURED,
        response: { 200: Open311ClientList, ...errorResponses(401, 403) },
      },
    },
    (request) => listOpen311Clients(deps, actorOf(request)),
  );
  r.post(
    '/api/v1/admin/open311-clients',
    {
      schema: {
        tags: ['admin'],
        summary: '新建 Open311 客户端，密钥仅显示一次 / create an Open311 client; its key is shown once',
        security: SECURED,
        body: CreateOpen311ClientBody,
        response: { 201: CreatedOpen311Client, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await createOpen311Client(deps, actorOf(request), request.body)),
  );
  r.post(
    '/api/v1/admin/open311-clients/:id/revoke',
    {
      schema: {
        tags: ['admin'],
        summary: '停用 Open311 客户端的密钥 / revoke an Open311 client’s key',
        security: SECURED,
        params: Open311ClientParams,
        response: { 200: Open311ClientView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => revokeOpen311Client(deps, actorOf(request), request.params.id),
  );
}
