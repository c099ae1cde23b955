import { z } from 'zod';
import { returnRoundAssignments } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** The lead unit returns a misrouted case (退回) to the hub's screening, with its reason. */
export const returnCase = defineCommand({
  name: 'return',
  summary: '退回（非本单位职责）/ return a misrouted case',
  body: z.object({ reason: text(2000) }),
  handle: async (ctx, body) => {
    await returnRoundAssignments(ctx.trx, ctx.row.id, ctx.row.round);
    for (const a of ctx.parts.assignments) if (a.round === ctx.row.round) a.status = 'returned';
    return {
      patch: { lead_unit_id: null },
      event: { type: 'returned', payload: { reason: body.reason, unitId: ctx.actor.unitId } },
      clocks: { trigger: 'returned' },
    };
  },
});
