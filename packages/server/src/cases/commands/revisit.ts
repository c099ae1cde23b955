import { z } from 'zod';
import { REVISIT_METHODS } from '@qisu/core';
import { insertRevisit } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** The hub or the liaison revisits the enterprise (回访) by phone, on site or otherwise. */
export const revisit = defineCommand({
  name: 'revisit',
  summary: '回访 / revisit',
  body: z.object({ method: z.enum(REVISIT_METHODS), note: text(2000) }),
  handle: async (ctx, body) => {
    await insertRevisit(ctx.trx, {
      case_id: ctx.row.id,
      round: ctx.row.round,
      method: body.method,
      note: body.note,
      actor_id: ctx.actor.userId,
      at: ctx.now,
    });
    return {
      event: { type: 'revisited', payload: { method: body.method, note: body.note } },
      clocks: { trigger: 'revisited' },
    };
  },
});
