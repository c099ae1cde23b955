import { z } from 'zod';
import { AppError } from '../../errors.js';
import { insertReviewForm, reviewFormOf } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** The lead unit's head files the 不满意诉求审核反馈表 of the round, once (seed 003 二（四）3). */
export const reviewForm = defineCommand({
  name: 'review-form',
  summary: '提交不满意诉求审核反馈表（单位负责人）/ the unit head’s review form',
  body: z.object({
    statement: text(20_000).describe('承办单位情况说明 / the unit’s statement'),
    signedBy: text(100).describe('主要负责同志签字 / name of the head who signs'),
  }),
  handle: async (ctx, body) => {
    if (await reviewFormOf(ctx.trx, ctx.row.id, ctx.row.round)) {
      throw new AppError('CONFLICT', { detail: 'review form' }, { currentStatus: ctx.row.status });
    }
    await insertReviewForm(ctx.trx, {
      case_id: ctx.row.id,
      round: ctx.row.round,
      unit_id: ctx.mine?.unit_id ?? (ctx.actor.unitId as string),
      statement: body.statement,
      signed_by: body.signedBy,
      submitted_by: ctx.actor.userId,
      submitted_at: ctx.now,
    });
    return {
      event: { type: 'review_form_submitted', payload: { statement: body.statement, signedBy: body.signedBy } },
    };
  },
});
