import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { pickLang } from '../errors.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { NotificationIdParams, NotificationList, NotificationRead } from './notifications.schemas.js';
import { listNotifications, markNotificationRead } from './notifications.service.js';

/** The caller's notifications (SPEC §10): the console's bell reads and marks them. */
export function registerNotificationRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: '我的通知 / what the platform told me, newest first, with the unread count',
        security: SECURED,
        response: { 200: NotificationList, ...errorResponses(401) },
      },
    },
    (request) => listNotifications(deps, actorOf(request), pickLang(request.headers['accept-language'])),
  );
  r.post(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags,
        summary: '标为已读 / mark one of my notifications read',
        security: SECURED,
        params: NotificationIdParams,
        response: { 200: NotificationRead, ...errorResponses(401, 404) },
      },
    },
    (request) => markNotificationRead(deps, actorOf(request), request.params.id),
  );
}
