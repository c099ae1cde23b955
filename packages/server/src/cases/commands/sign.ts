import { z } from 'zod';
import { text } from '../cases.schemas.js';
import { changeAssignment, defineCommand, requireAssignment } from './command.js';

/** A unit signs for its assignment (签收), as lead or co-unit. */
export const sign = defineCommand({
  name: 'sign',
  summary: '签收 / sign for the case',
  body: z.object({ note: text(2000).optional() }),
  handle: async (ctx, body) => {
    const mine = requireAssignment(ctx, 'sign', ['dispatched']);
    await changeAssignment(ctx, mine, { status: 'signed', signed_at: ctx.now });
    return { event: { type: 'signed', payload: { role: mine.role, note: body.note ?? null } } };
  },
});
