import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasAnyRole, UNIT_ROLES } from '@qisu/core';
import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';

/** Cards per unit and period: hub, leader, discipline and admin see all units; a unit sees its own. */
export function registerCardRoutes(app: FastifyInstance, deps: Deps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/cards',
    {
      schema: {
        tags: ['supervision'],
        summary: '亮牌记录（按单位、时段）/ cards per unit and period',
        security: SECURED,
        querystring: z.object({
          unitId: z.uuid().optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                caseId: z.string().nullable(),
                caseNumber: z.string().nullable(),
                unitId: z.string(),
                unitName: z.string(),
                colour: z.enum(['yellow', 'red']),
                reason: z.string(),
                escalation: z.string().nullable(),
                issuedAt: z.string(),
              }),
            ),
            perUnit: z.array(
              z.object({ unitId: z.string(), unitName: z.string(), yellow: z.number(), red: z.number() }),
            ),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const staff = hasAnyRole(actor.roles, ['hub', 'leader', 'discipline', 'admin']);
      if (!staff && !(hasAnyRole(actor.roles, UNIT_ROLES) && actor.unitId)) {
        throw new AppError('FORBIDDEN');
      }
      let q = deps.db
        .selectFrom('cards as k')
        .innerJoin('units as u', 'u.id', 'k.unit_id')
        .leftJoin('cases as c', 'c.id', 'k.case_id')
        .select([
          'k.id',
          'k.case_id',
          'c.number',
          'k.unit_id',
          'u.name',
          'k.colour',
          'k.reason',
          'k.escalation',
          'k.issued_at',
        ])
        .where('k.jurisdiction_id', 'in', actor.jurisdictionIds);
      if (!staff) q = q.where('k.unit_id', '=', actor.unitId as string);
      if (request.query.unitId) q = q.where('k.unit_id', '=', request.query.unitId);
      if (request.query.from) q = q.where('k.issued_at', '>=', new Date(request.query.from));
      if (request.query.to) q = q.where('k.issued_at', '<', new Date(request.query.to));
      const rows = await q.orderBy('k.issued_at', 'desc').limit(1000).execute();
      const perUnit = new Map<string, { unitId: string; unitName: string; yellow: number; red: number }>();
      for (const r of rows) {
        const entry = perUnit.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.name, yellow: 0, red: 0 };
        entry[r.colour]++;
        perUnit.set(r.unit_id, entry);
      }
      return {
        items: rows.map((r) => ({
          id: r.id,
          caseId: r.case_id,
          caseNumber: r.number,
          unitId: r.unit_id,
          unitName: r.name,
          colour: r.colour,
          reason: r.reason,
          escalation: r.escalation,
          issuedAt: r.issued_at.toISOString(),
        })),
        perUnit: [...perUnit.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow),
      };
    },
  );
}
