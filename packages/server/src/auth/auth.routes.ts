import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import type { AuthDeps } from './auth.service.js';
import { login, logout } from './auth.service.js';
import { LoginBody, LoginResponse, SessionUser } from './auth.schemas.js';

/** The session user of an actor, as `SessionUser` describes it. */
export function sessionUser(actor: Actor): z.infer<typeof SessionUser> {
  return {
    id: actor.userId,
    username: actor.username,
    name: actor.name,
    roles: actor.roles,
    jurisdiction: actor.jurisdictionCode,
    ...(actor.unitId ? { unitId: actor.unitId } : {}),
    ...(actor.enterpriseId ? { enterpriseId: actor.enterpriseId } : {}),
  };
}

/** Log in, log out and who am I; login is the one route open without a token. */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthDeps & Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: '登录 / log in',
        body: LoginBody,
        response: {
          200: LoginResponse,
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request) => {
      const result = await login(deps, request.body.username, request.body.password, request.ip);
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: sessionUser(result.actor) };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录 / log out', security: SECURED, response: { 204: z.null() } } },
    async (request, reply) => {
      if (request.bearerToken) await logout(deps, request.bearerToken);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: '当前用户 / the current user',
        security: SECURED,
        response: { 200: SessionUser, ...errorResponses(401) },
      },
    },
    (request) => sessionUser(actorOf(request)),
  );
}
