import { z } from 'zod';
import { AppError } from '../../errors.js';
import { hasRevisit } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** The hub closes a rated case (销号); where the profile says so (涪城), only after a revisit. */
export const close = defineCommand({
  name: 'close',
  summary: '销号 / close',
  body: z.object({ note: text(2000).optional() }),
  handle: async (ctx, body) => {
    const profile = await ctx.profile();
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
