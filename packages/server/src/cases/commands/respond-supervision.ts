import { z } from 'zod';
import { meetClock } from '../../clocks/clocks.service.js';
import { AppError } from '../../errors.js';
import { answerSupervision, openSupervision } from '../cases.repository.js';
import { id, text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** Who is told of a response: whoever supervised, as a role of the jurisdiction. */
const ROLE_OF = { platform: 'hub', leader: 'leader', discipline: 'discipline' } as const;

/**
 * The supervised unit answers a 督办 (the one named, or the oldest still open): the response is
 * recorded on the supervision and in the event, its deadline's clock is met (late when it had
 * breached), and whoever supervised is told.
 */
export const respondSupervision = defineCommand({
  name: 'respond-supervision',
  summary: '答复督办 / answer a supervision',
  body: z.object({
    supervisionId: id
      .optional()
      .describe('答复哪一条督办；省略时为最早一条未答复的 / which one; the oldest open by default'),
    response: text(5000).describe('办理情况说明 / what the unit has done'),
  }),
  handle: async (ctx, body) => {
    const open = await openSupervision(ctx.trx, ctx.row.id, body.supervisionId);
    if (
      !open ||
      !(await answerSupervision(ctx.trx, open.id, {
        response: body.response,
        responderId: ctx.actor.userId,
        at: ctx.now,
      }))
    ) {
      throw new AppError('SUPERVISION_NOT_OPEN', {}, { currentStatus: ctx.row.status });
    }
    const clock = open.clock_id ? ctx.parts.clocks.find((c) => c.id === open.clock_id) : undefined;
    const late = (clock?.breached_at ?? null) !== null || (open.due_at !== null && open.due_at < ctx.now);
    if (clock && (clock.state === 'running' || clock.state === 'warned' || clock.state === 'breached')) {
      Object.assign(clock, await meetClock(ctx.trx, clock, ctx.now));
    }
    const shown = ctx.parts.supervisions.find((v) => v.id === open.id);
    if (shown) Object.assign(shown, { response: body.response, responded_at: ctx.now, responder_name: ctx.actor.name });
    return {
      event: {
        type: 'supervision_responded',
        payload: { supervisionId: open.id, by: open.by_whom, response: body.response, late },
      },
      messages: [
        {
          jurisdictionId: ctx.row.jurisdiction_id,
          topic: 'case.supervision_responded',
          recipient: { kind: 'role' as const, id: ROLE_OF[open.by_whom] },
          at: ctx.now,
          payload: { caseId: ctx.row.id, number: ctx.row.number, supervisionId: open.id },
        },
      ],
    };
  },
});
