import { z } from 'zod';
import { COMPLEXITIES } from '@qisu/core';
import { AppError, invalidField } from '../../errors.js';
import { handlingUnitNames } from '../../org/org.service.js';
import { id, text } from '../cases.schemas.js';
import { addAssignments, categoryChange, defineCommand } from './command.js';

/**
 * Sends the case to a lead unit (牵头) and co-units (协办). Where the profile gives complex cases
 * to the coordination group (径河街), only a leader dispatches them.
 */
export const dispatch = defineCommand({
  name: 'dispatch',
  summary: '交办牵头及协办单位 / dispatch to a lead unit and co-units',
  body: z.object({
    leadUnitId: id,
    coUnitIds: z.array(id).max(20).optional(),
    complexity: z.enum(COMPLEXITIES).optional(),
    categoryId: id.optional().describe('研判确认或更正的分类 / the category the hub confirms or corrects'),
    note: text(2000).optional(),
  }),
  handle: async (ctx, body) => {
    const complexity = body.complexity ?? ctx.row.complexity ?? 'general';
    const profile = await ctx.profile();
    if (complexity === 'complex' && profile.loop.complexDispatchByLeader && !ctx.actor.roles.includes('leader')) {
      throw new AppError('COORDINATION_REQUIRED');
    }
    const coUnitIds = [...new Set(body.coUnitIds ?? [])];
    if (coUnitIds.includes(body.leadUnitId)) {
      throw invalidField('coUnitIds', '协办单位不能与牵头单位相同', 'a co-unit cannot also be the lead unit');
    }
    const category = await categoryChange(ctx, body.categoryId);
    const names = await handlingUnitNames(ctx.trx, ctx.row.jurisdiction_id, [body.leadUnitId, ...coUnitIds]);
    if (!names.has(body.leadUnitId)) {
      throw invalidField('leadUnitId', '牵头单位不存在或不能承办', 'no such unit that can handle cases');
    }
    if (coUnitIds.some((u) => !names.has(u))) {
      throw invalidField('coUnitIds', '协办单位不存在或不能承办', 'no such unit that can handle cases');
    }
    addAssignments(
      ctx,
      [body.leadUnitId, ...coUnitIds].map((unitId, i) => ({
        case_id: ctx.row.id,
        unit_id: unitId,
        unit_name: names.get(unitId) ?? '',
        role: i === 0 ? ('lead' as const) : ('co' as const),
        round: ctx.row.round,
        status: 'dispatched',
        assigned_at: ctx.now,
      })),
    );
    return {
      clocks: { trigger: 'dispatched' },
      patch: { lead_unit_id: body.leadUnitId, complexity, ...category.patch },
      event: {
        type: 'dispatched',
        payload: {
          leadUnitId: body.leadUnitId,
          leadUnitName: names.get(body.leadUnitId) ?? null,
          coUnitIds,
          complexity,
          note: body.note ?? null,
          ...category.payload,
        },
      },
    };
  },
});
