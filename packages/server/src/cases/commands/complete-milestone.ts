import { z } from 'zod';
import { meetClock } from '../../clocks/clocks.service.js';
import { AppError, invalidField } from '../../errors.js';
import { id, text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** The lead unit completes one milestone of its plan; a late one is recorded as late. */
export const completeMilestone = defineCommand({
  name: 'complete-milestone',
  summary: '完成方案节点 / complete a plan milestone',
  body: z.object({ clockId: id, note: text(2000) }),
  handle: async (ctx, body) => {
    const clock = ctx.parts.clocks.find((c) => c.id === body.clockId && c.milestone === 'plan');
    if (!clock) throw invalidField('clockId', '方案节点不存在', 'no such plan milestone');
    if (clock.state === 'met' || clock.state === 'cancelled') {
      throw new AppError('CONFLICT', { detail: clock.title ?? clock.id }, { currentStatus: ctx.row.status });
    }
    Object.assign(clock, await meetClock(ctx.trx, clock, ctx.now));
    return {
      event: {
        type: 'milestone_completed',
        payload: { clockId: clock.id, title: clock.title, note: body.note, late: clock.breached_at !== null },
      },
    };
  },
});
