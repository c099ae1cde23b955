import { z } from 'zod';
import { text } from '../cases.schemas.js';
import { changeAssignment, defineCommand, requireAssignment } from './command.js';

/** The unit has been in touch with the enterprise (已联系); the lead's contact meets the contact clock. */
export const contact = defineCommand({
  name: 'contact',
  summary: '联系企业 / record contact with the enterprise',
  body: z.object({ note: text(2000) }),
  handle: async (ctx, body) => {
    const mine = requireAssignment(ctx, 'contact', ctx.as === 'case' ? ['signed', 'dispatched'] : ['signed']);
    await changeAssignment(ctx, mine, { status: 'contacted', contacted_at: ctx.now, contact_note: body.note });
    return {
      event: { type: 'contacted', payload: { role: mine.role, note: body.note } },
      ...(ctx.as === 'case' ? { clocks: { trigger: 'contacted' as const } } : {}),
    };
  },
});
