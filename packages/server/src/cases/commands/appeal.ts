import { z } from 'zod';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** The enterprise disputes an answer or a refusal; the case goes back to the hub's screening. */
export const appeal = defineCommand({
  name: 'appeal',
  summary: '企业对答复或不予受理提出申诉，退回研判 / the enterprise appeals an answer or a refusal',
  body: z.object({ reason: text(5000).describe('申诉理由 / why the answer or refusal is disputed') }),
  handle: (_ctx, body) =>
    Promise.resolve({
      patch: { closed_at: null },
      event: { type: 'appealed', payload: { reason: body.reason } },
      clocks: { trigger: 'appealed' },
    }),
});
