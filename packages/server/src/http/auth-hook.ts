import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.js';
import { authenticate } from '../auth/auth.service.js';
import type { Deps } from '../context.js';
import { AppError, pickLang } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    bearerToken: string | null;
  }
}

/** Public to the bearer check: the logins, and signed intake (its signature authenticates it). */
const PUBLIC_PATHS = new Set([
  '/api/v1/auth/login',
  '/api/v1/auth/sms-code',
  '/api/v1/auth/sms-login',
  '/api/v1/intake/cases',
]);
/** Everything under this prefix is public by design (the QR entry page); its routes return no personal data. */
const PUBLIC_PREFIX = '/api/v1/public/';

/** Reads `Authorization: Bearer …` on every `/api/v1` request except the public ones and sets `request.actor`. */
export function registerAuthHook(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('bearerToken', null);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/v1/') || PUBLIC_PATHS.has(path) || path.startsWith(PUBLIC_PREFIX)) return;
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw new AppError('AUTH_REQUIRED');
    request.bearerToken = match[1];
    const actor = await authenticate(deps, match[1]);
    request.actor = { ...actor, lang: pickLang(request.headers['accept-language']), address: request.ip };
  });
}

/** The actor of an authenticated route; the hook has already refused requests without one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('AUTH_REQUIRED');
  return request.actor;
}
