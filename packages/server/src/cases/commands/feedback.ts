import { z } from 'zod';
import { text } from '../cases.schemas.js';
import { changeAssignment, defineCommand, requireAssignment } from './command.js';

/** The unit's initial feedback (初步反馈); the lead's meets the feedback clock. */
export const feedback = defineCommand({
  name: 'feedback',
  summary: '初步反馈 / initial feedback',
  body: z.object({ text: text(20_000) }),
  handle: async (ctx, body) => {
    const mine = requireAssignment(
      ctx,
      'feedback',
      ctx.as === 'case' ? ['signed', 'contacted', 'dispatched'] : ['signed', 'contacted'],
    );
    await changeAssignment(ctx, mine, { status: 'feedback', feedback_at: ctx.now, feedback_text: body.text });
    return {
      event: { type: 'feedback', payload: { role: mine.role, text: body.text } },
      ...(ctx.as === 'case' ? { clocks: { trigger: 'feedback' as const } } : {}),
    };
  },
});
