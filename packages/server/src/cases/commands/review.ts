import { z } from 'zod';
import { AppError } from '../../errors.js';
import { insertReview, reviewFormOf } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand, openNextRound } from './command.js';

/**
 * The task force decides a case unsatisfied for the profile's rounds (不满意诉求审核): close it
 * with its opinion, or open another round. 滕州 first needs the lead unit's signed review form.
 */
export const review = defineCommand({
  name: 'review',
  summary: '不满意诉求审核 / review after unsatisfied rounds',
  body: z.object({ decision: z.enum(['close', 'redo']), opinion: text(5000) }),
  handle: async (ctx, body) => {
    const profile = await ctx.profile();
    if (profile.loop.reviewFormRequired && !(await reviewFormOf(ctx.trx, ctx.row.id, ctx.row.round))) {
      throw new AppError('REVIEW_FORM_REQUIRED', {}, { currentStatus: ctx.row.status });
    }
    await insertReview(ctx.trx, {
      case_id: ctx.row.id,
      round: ctx.row.round,
      decision: body.decision,
      opinion: body.opinion,
      actor_id: ctx.actor.userId,
      at: ctx.now,
    });
    return {
      patch: body.decision === 'close' ? { closed_at: ctx.now } : { round: openNextRound(ctx) },
      choice: { command: 'review', decision: body.decision },
      event: { type: 'reviewed', payload: { decision: body.decision, opinion: body.opinion } },
      clocks: { trigger: body.decision === 'close' ? 'closed' : 'reviewed-redo' },
    };
  },
});
