import { z } from 'zod';
import { insertEscalation } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** Any open case is raised (提级) to a leader, the level above, the coordination group or 纪委. */
export const escalate = defineCommand({
  name: 'escalate',
  summary: '提级 / escalate',
  body: z.object({ to: z.enum(['leader', 'upper', 'coordination', 'discipline']), reason: text(2000) }),
  handle: async (ctx, body) => {
    await insertEscalation(ctx.trx, {
      case_id: ctx.row.id,
      to_target: body.to,
      reason: body.reason,
      actor_id: ctx.actor.userId,
      at: ctx.now,
    });
    return {
      patch: { escalated_to: body.to, ...(body.to === 'discipline' ? { discipline_flag: true } : {}) },
      // `to` of every event is the status it reached, so the target has a name of its own.
      event: { type: 'escalated', payload: { escalatedTo: body.to, reason: body.reason } },
    };
  },
});
