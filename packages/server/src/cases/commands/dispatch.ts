import { z } from 'zod';
import type { Complexity, Profile } from '@qisu/core';
import { COMPLEXITIES, durationRange, isWithinRange, resolveLimitChoices } from '@qisu/core';
import type { CaseRow } from '../../db/schema.js';
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
    note: text(2000).optional().describe('交办意见，承办单位可见 / the hub’s instructions, shown to the units'),
    limit: z
      .string()
      .max(20)
      .optional()
      .describe(
        '办结时限，在辖区规定的区间内选定（如涪城"5-15个工作日"选 10wd）/ the resolve limit chosen within the profile’s range (e.g. 10wd of 5-15wd)',
      ),
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
    const limit =
      body.limit === undefined ? undefined : resolveLimit(profile, ctx.row, complexity as Complexity, body.limit);
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
      clocks: { trigger: 'dispatched', ...(limit ? { chosen: { resolve: limit } } : {}) },
      patch: { lead_unit_id: body.leadUnitId, complexity, ...category.patch },
      event: {
        type: 'dispatched',
        payload: {
          leadUnitId: body.leadUnitId,
          leadUnitName: names.get(body.leadUnitId) ?? null,
          coUnitIds,
          complexity,
          note: body.note ?? null,
          ...(limit ? { limit } : {}),
          ...category.payload,
        },
      },
    };
  },
});

/**
 * The resolve limit the hub chose, checked against the profile: only where the rule for this
 * complexity is a range (涪城 "5-15个工作日"), and only within it; anything else is a 400 that
 * names the range, or says there is none to choose in.
 */
function resolveLimit(profile: Profile, row: CaseRow, complexity: Complexity, chosen: string): string {
  const { spec } = resolveLimitChoices(profile, complexity, row.kind);
  const range = spec ? durationRange(spec) : null;
  if (!spec || !range) {
    throw invalidField(
      'limit',
      '本辖区该类诉求的办结时限是固定的，不能另选',
      'this limit is fixed here; there is none to choose',
    );
  }
  if (!isWithinRange(spec, chosen)) {
    throw invalidField(
      'limit',
      `办结时限须在 ${range.min}–${range.max}（${spec}）之间，如 ${range.min}${range.unit}`,
      `the limit must lie within ${spec}, e.g. ${range.min}${range.unit}`,
    );
  }
  return chosen;
}
