import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { CardList, CardQuery } from './clocks.schemas.js';
import { listUnitCards } from './clocks.service.js';

/**
 * Cards per unit and period, within the caller's data scope: hub, leader and admin see all units;
 * the discipline commission the cards on cases it may open; a unit its own. Each reason is in the
 * language of `Accept-Language` (zh-CN by default).
 */
export function registerClockRoutes(app: FastifyInstance, deps: Deps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/cards',
    {
      schema: {
        tags: ['supervision'],
        summary: '亮牌记录（按单位、时段）/ cards per unit and period',
        security: SECURED,
        querystring: CardQuery,
        response: { 200: CardList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listUnitCards(deps, actorOf(request), request.query),
  );
}
