import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { verifyChains } from './audit.service.js';
import { ChainReportView } from './events.schemas.js';

/** The audit surface: verifying the event chains of the caller's jurisdictions. */
export function registerEventRoutes(app: FastifyInstance, deps: Deps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: '校验本辖区流转记录哈希链 / verify the event chain of the caller’s jurisdictions',
        security: SECURED,
        response: { 200: z.array(ChainReportView), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      requireRole(actor, ['admin', 'discipline', 'hub']);
      return verifyChains(deps.db, { jurisdictionIds: actor.jurisdictionIds });
    },
  );
}
