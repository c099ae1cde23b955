import { z } from 'zod';
import { mayCloseUnsatisfied } from '@qisu/core';
import { AppError, invalidField } from '../../errors.js';
import { hasRevisit } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/**
 * The hub closes a rated case (销号); where the profile says so (涪城), only after a revisit. A
 * case the enterprise left unsatisfied is closed only where the profile lets the hub decide so
 * after its rounds (the seeds without a review step), as a recorded decision with its reason.
 */
export const close = defineCommand({
  name: 'close',
  summary: '销号（不满意件须说明理由）/ close (an unsatisfied case with the reason)',
  body: z.object({
    note: text(2000).optional(),
    reason: text(2000)
      .optional()
      .describe('不满意件销号的理由，必填 / why an unsatisfied case is closed, required for one'),
  }),
  handle: async (ctx, body) => {
    const profile = await ctx.profile();
    if (ctx.row.status !== 'rated') {
      const after = profile.loop.closeUnsatisfiedAfterRounds;
      if (ctx.row.unsatisfied_rounds === 0 || !mayCloseUnsatisfied(ctx.row.unsatisfied_rounds, after)) {
        throw new AppError(
          'UNSATISFIED_CLOSE_NOT_ALLOWED',
          { rounds: ctx.row.unsatisfied_rounds, after: after ?? '—' },
          { currentStatus: ctx.row.status },
        );
      }
      if (!body.reason) {
        throw invalidField('reason', '不满意件销号须说明理由', 'closing an unsatisfied case needs the reason');
      }
      return {
        patch: { closed_at: ctx.now },
        event: {
          type: 'closed',
          payload: {
            note: body.note ?? null,
            reason: body.reason,
            unsatisfied: true,
            unsatisfiedRounds: ctx.row.unsatisfied_rounds,
          },
        },
        clocks: { trigger: 'closed' },
      };
    }
    if (profile.loop.revisitBeforeClose && !(await hasRevisit(ctx.trx, ctx.row.id, ctx.row.round))) {
      throw new AppError('REVISIT_REQUIRED', {}, { currentStatus: ctx.row.status });
    }
    return {
      patch: { closed_at: ctx.now },
      event: { type: 'closed', payload: { note: body.note ?? null } },
      clocks: { trigger: 'closed' },
    };
  },
});
