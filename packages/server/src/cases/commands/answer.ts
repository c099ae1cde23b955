import { z } from 'zod';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** A consultation answered at once, e.g. from the policy library (即时答复). */
export const answer = defineCommand({
  name: 'answer',
  summary: '即时答复 / answer at once',
  body: z.object({ text: text(20_000) }),
  handle: (ctx, body) =>
    Promise.resolve({
      patch: { answer_text: body.text, closed_at: ctx.now },
      event: { type: 'answered', payload: { text: body.text } },
      clocks: { trigger: 'finished' },
    }),
});
