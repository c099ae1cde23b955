import { z } from 'zod';
import { startPlanClocks } from '../../clocks/clocks.service.js';
import { invalidField } from '../../errors.js';
import { text } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/**
 * A case that cannot be solved within the limit gets a solution plan with milestones and is
 * followed on the list (纳入清单常态跟进); each milestone gets its own clock.
 */
export const plan = defineCommand({
  name: 'plan',
  summary: '制定解决方案并纳入清单跟进 / file a solution plan with milestones (long-term case)',
  body: z.object({
    text: text(20_000).describe('解决方案 / the solution plan'),
    milestones: z
      .array(z.object({ title: text(200), dueAt: z.iso.datetime({ offset: true }) }))
      .min(1)
      .max(20),
  }),
  handle: (ctx, body) => {
    const milestones = body.milestones.map((m) => ({ title: m.title, dueAt: new Date(m.dueAt) }));
    const past = milestones.findIndex((m) => m.dueAt <= ctx.now);
    if (past >= 0) {
      throw invalidField(
        `milestones.${past}.dueAt`,
        '节点时间必须晚于当前时间',
        'a milestone must be due in the future',
      );
    }
    return Promise.resolve({
      patch: { long_term: true, plan_text: body.text },
      event: {
        type: 'planned',
        payload: {
          text: body.text,
          milestones: milestones.map((m) => ({ title: m.title, dueAt: m.dueAt.toISOString() })),
        },
      },
      clocks: { trigger: 'planned' },
      after: async (row) => ctx.parts.clocks.push(...(await startPlanClocks(ctx.trx, row, milestones, ctx.now))),
    });
  },
});
