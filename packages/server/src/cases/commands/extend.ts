import { z } from 'zod';
import { AppError, invalidField } from '../../errors.js';
import { insertExtension } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** The lead unit asks for more time with its reason (延期申请); its clock pauses until the decision. */
export const extend = defineCommand({
  name: 'extend',
  summary: '申请延期 / request an extension',
  body: z.object({ reason: text(2000), until: z.iso.datetime({ offset: true }) }),
  handle: async (ctx, body) => {
    const until = new Date(body.until);
    if (until <= ctx.now) {
      throw invalidField('until', '延期时间必须晚于当前时间', 'the new due time must be in the future');
    }
    if (ctx.parts.extension) {
      throw new AppError('EXTENSION_ALREADY_PENDING', {}, { currentStatus: ctx.row.status });
    }
    const unitId = ctx.mine?.unit_id;
    if (!unitId) throw new AppError('FORBIDDEN');
    ctx.parts.extension = await insertExtension(ctx.trx, {
      case_id: ctx.row.id,
      unit_id: unitId,
      round: ctx.row.round,
      reason: body.reason,
      requested_until: until,
      status: 'pending',
      requested_by: ctx.actor.userId,
      requested_at: ctx.now,
    });
    return {
      event: { type: 'extension_requested', payload: { reason: body.reason, until: until.toISOString() } },
      clocks: { trigger: 'extension-requested' },
    };
  },
});
