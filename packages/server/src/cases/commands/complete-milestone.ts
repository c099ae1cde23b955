import { z } from 'zod';
import { completePlanMilestone } from '../../clocks/clocks.service.js';
import { AppError, invalidField } from '../../errors.js';
import { id, text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** The lead unit completes one milestone of its plan; a late one is recorded as late. */
export const completeMilestone = defineCommand({
  name: 'complete-milestone',
  summary: '完成方案节点 / complete a plan milestone',
  body: z.object({ clockId: id, note: text(2000) }),
  handle: async (ctx, body) => {
    const done = await completePlanMilestone(ctx.trx, ctx.row.id, body.clockId, ctx.now);
    if (!done) throw invalidField('clockId', '方案节点不存在', 'no such plan milestone');
    const { clock } = done;
    if (!done.done) {
      throw new AppError('CONFLICT', { detail: clock.title ?? clock.id }, { currentStatus: ctx.row.status });
    }
    return {
      event: {
        type: 'milestone_completed',
        payload: { clockId: clock.id, title: clock.title, note: body.note, late: clock.breached_at !== null },
      },
    };
  },
});
