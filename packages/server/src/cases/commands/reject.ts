import { z } from 'zod';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** Not accepted (不予受理), with the explanation the enterprise reads. */
export const reject = defineCommand({
  name: 'reject',
  summary: '不予受理 / reject with a reason',
  body: z.object({ reason: text(2000) }),
  handle: (ctx, body) =>
    Promise.resolve({
      patch: { reject_reason: body.reason, closed_at: ctx.now },
      event: { type: 'rejected', payload: { reason: body.reason } },
      clocks: { trigger: 'finished' },
    }),
});
