import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { login, logout } from './auth.service.js';
import { LoginBody, LoginResponse, SessionUser, SmsCodeBody, SmsCodeResponse, SmsLoginBody } from './auth.schemas.js';
import type { SmsLoginDeps } from './sms-login.service.js';
import { loginBySmsCode, requestSmsCode } from './sms-login.service.js';

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

/**
 * Log in (by password, or by a code sent by SMS), log out and who am I; the logins are the routes
 * open without a token.
 */
export function registerAuthRoutes(app: FastifyInstance, deps: SmsLoginDeps & Deps): void {
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
    '/api/v1/auth/sms-code',
    {
      schema: {
        tags: ['auth'],
        summary: '获取短信登录验证码 / send a login code by SMS',
        description:
          '企业联系人的手机号收到 6 位验证码（5 分钟内有效、仅可使用一次）。无论该号码是否有账号，答复都相同。' +
          '每个手机号每分钟 1 次、每小时 5 次，每个地址每小时有上限；超出时 429 并给出等待秒数。\n' +
          'Sends a 6-digit code (valid 5 minutes, single use) to an enterprise contact with this mobile. The ' +
          'answer is the same whether or not an account has it. One code a minute and five an hour per mobile, ' +
          'and a limit per client address; beyond them 429 with the seconds to wait.',
        body: SmsCodeBody,
        response: { 202: SmsCodeResponse, ...errorResponses(400, 403, 429) },
      },
    },
    async (request, reply) => {
      const answer = await requestSmsCode(deps, request.body.mobile, request.ip);
      return reply.status(202).send(answer);
    },
  );

  r.post(
    '/api/v1/auth/sms-login',
    {
      schema: {
        tags: ['auth'],
        summary: '短信验证码登录 / log in with a code sent by SMS',
        description:
          '与密码登录的答复相同。验证码错误、过期、已用或手机号无账号均答复 401；连续 5 次错误锁定该手机号 15 分钟（429）。\n' +
          'Answers as the password login does. A wrong, expired or used code, or a mobile with no account, ' +
          'answers 401; five wrong codes in a row lock the mobile for 15 minutes (429).',
        body: SmsLoginBody,
        response: { 200: LoginResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const result = await loginBySmsCode(deps, request.body.mobile, request.body.code, request.ip);
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
