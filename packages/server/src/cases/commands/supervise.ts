import { z } from 'zod';
import { startSupervisionClock } from '../../clocks/clocks.service.js';
import { AppError, invalidField } from '../../errors.js';
import { insertSupervision } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** Who may supervise in whose name: the platform is the hub, a leader, the discipline commission. */
const ROLE_FOR = { platform: 'hub', leader: 'leader', discipline: 'discipline' } as const;

/**
 * A supervision (督办) with its instruction and, when given, a deadline: a clock owned by the unit
 * that holds the case, which breaches like any other and is met by the unit's response or reply.
 * The unit is told (`case.supervised`); the discipline commission's supervision opens the case to it.
 */
export const supervise = defineCommand({
  name: 'supervise',
  summary: '督办（可设办理时限）/ supervise, optionally with a deadline',
  body: z.object({
    by: z.enum(['platform', 'discipline', 'leader']),
    instruction: text(5000),
    dueAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('督办时限，须晚于当前时间 / the deadline of the supervision, in the future'),
  }),
  handle: async (ctx, body) => {
    if (!ctx.actor.roles.includes(ROLE_FOR[body.by])) throw new AppError('FORBIDDEN');
    const dueAt = body.dueAt ? new Date(body.dueAt) : null;
    if (dueAt && dueAt <= ctx.now) {
      throw invalidField('dueAt', '督办时限必须晚于当前时间', 'the deadline must be in the future');
    }
    const clock = dueAt ? await startSupervisionClock(ctx.trx, ctx.row, dueAt, ctx.now) : null;
    if (clock) ctx.parts.clocks.push(clock);
    const supervision = await insertSupervision(ctx.trx, {
      case_id: ctx.row.id,
      by_whom: body.by,
      instruction: body.instruction,
      actor_id: ctx.actor.userId,
      at: ctx.now,
      due_at: dueAt,
      clock_id: clock?.id ?? null,
    });
    ctx.parts.supervisions.push({
      id: supervision.id,
      by_whom: body.by,
      instruction: body.instruction,
      at: ctx.now,
      due_at: dueAt,
      clock_id: clock?.id ?? null,
      response: null,
      responded_at: null,
      actor_name: ctx.actor.name,
      responder_name: null,
    });
    return {
      patch: body.by === 'discipline' ? { discipline_flag: true } : undefined,
      event: {
        type: 'supervised',
        payload: {
          by: body.by,
          instruction: body.instruction,
          dueAt: dueAt?.toISOString() ?? null,
          supervisionId: supervision.id,
        },
      },
    };
  },
});
