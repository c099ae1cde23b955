import { z } from 'zod';
import { fileUpperCase } from '../../handups/handups.service.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/**
 * 上报上级: the hub hands a case it cannot solve to the hub of the jurisdiction above (a county to
 * its city, a street to its district). The level above files it as its own case, with this case's
 * record; this case waits, its clocks stopped, until the result comes back (`handup_returned`).
 */
export const handUp = defineCommand({
  name: 'hand-up',
  summary: '上报上级 / hand the case up to the jurisdiction above',
  body: z.object({ reason: text(2000).describe('上报理由 / why this level cannot solve it') }),
  handle: async (ctx, body) => {
    const upper = await fileUpperCase(ctx.trx, ctx.deps, {
      row: ctx.row,
      actor: ctx.actor,
      reason: body.reason,
      now: ctx.now,
    });
    return {
      patch: { lead_unit_id: null },
      event: {
        type: 'handed_up',
        payload: {
          reason: body.reason,
          upperCaseId: upper.id,
          upperNumber: upper.number,
          upperJurisdictionId: upper.jurisdictionId,
          upperJurisdictionName: upper.jurisdictionName,
        },
      },
      clocks: { trigger: 'handed-up' },
    };
  },
});
