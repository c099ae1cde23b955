import { z } from 'zod';
import { AppError } from '../../errors.js';
import { decideExtension as storeDecision } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** The hub or a leader approves or denies the pending extension; the paused clock resumes accordingly. */
export const decideExtension = defineCommand({
  name: 'decide-extension',
  summary: '审批延期 / decide an extension request',
  body: z.object({ approve: z.boolean(), note: text(2000).optional() }),
  handle: async (ctx, body) => {
    const pending = ctx.parts.extension;
    if (!pending) throw new AppError('EXTENSION_NOT_PENDING', {}, { currentStatus: ctx.row.status });
    await storeDecision(ctx.trx, pending.id, {
      status: body.approve ? 'approved' : 'denied',
      decided_by: ctx.actor.userId,
      decided_at: ctx.now,
      note: body.note ?? null,
    });
    ctx.parts.extension = null;
    return {
      event: {
        type: 'extension_decided',
        payload: {
          extensionId: pending.id,
          approve: body.approve,
          until: pending.requested_until.toISOString(),
          // Seed 004 三(三)1: the enterprise is told why its case takes longer.
          reason: pending.reason,
          note: body.note ?? null,
        },
      },
      clocks: { trigger: 'extension-decided', extendedUntil: body.approve ? pending.requested_until : null },
    };
  },
});
