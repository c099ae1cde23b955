import { z } from 'zod';
import { AppError } from '../../errors.js';
import { insertSupervisions } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** Who may supervise in whose name: the platform is the hub, a leader, the discipline commission. */
const ROLE_FOR = { platform: 'hub', leader: 'leader', discipline: 'discipline' } as const;

/** A supervision (督办) with its instruction; the discipline commission's opens the case to it. */
export const supervise = defineCommand({
  name: 'supervise',
  summary: '督办 / supervise',
  body: z.object({ by: z.enum(['platform', 'discipline', 'leader']), instruction: text(5000) }),
  handle: async (ctx, body) => {
    if (!ctx.actor.roles.includes(ROLE_FOR[body.by])) throw new AppError('FORBIDDEN');
    await insertSupervisions(ctx.trx, [
      { case_id: ctx.row.id, by_whom: body.by, instruction: body.instruction, actor_id: ctx.actor.userId, at: ctx.now },
    ]);
    return {
      patch: body.by === 'discipline' ? { discipline_flag: true } : undefined,
      event: { type: 'supervised', payload: { by: body.by, instruction: body.instruction } },
    };
  },
});
