import { z } from 'zod';
import { REPLY_RESULTS } from '@qisu/core';
import { openPlanMilestones } from '../../clocks/clocks.service.js';
import { AppError } from '../../errors.js';
import { text } from '../cases.schemas.js';
import { changeAssignment, defineCommand, requireAssignment } from './command.js';

/**
 * The unit replies with its result (办结答复). The lead's reply moves the case to the rating; a
 * long-term case replies only when every milestone of its plan is met (纳入清单，闭环销号).
 */
export const reply = defineCommand({
  name: 'reply',
  summary: '办结答复 / reply with the result',
  body: z.object({ result: z.enum(REPLY_RESULTS), text: text(20_000) }),
  handle: async (ctx, body) => {
    if (ctx.as === 'case') {
      const open = openPlanMilestones(ctx.parts.clocks);
      if (open.length > 0) {
        throw new AppError('PLAN_INCOMPLETE', { milestones: open.join('、') }, { currentStatus: ctx.row.status });
      }
    }
    const mine = requireAssignment(
      ctx,
      'reply',
      ctx.as === 'case' ? ['signed', 'contacted', 'feedback', 'dispatched'] : ['signed', 'contacted', 'feedback'],
    );
    await changeAssignment(ctx, mine, {
      status: 'replied',
      replied_at: ctx.now,
      reply_result: body.result,
      reply_text: body.text,
    });
    return {
      patch: ctx.as === 'case' ? { result: body.result, result_text: body.text } : undefined,
      event: { type: 'replied', payload: { role: mine.role, result: body.result, text: body.text } },
      ...(ctx.as === 'case' ? { clocks: { trigger: 'replied' as const } } : {}),
    };
  },
});
