import { z } from 'zod';
import type { CaseStatus } from '@qisu/core';
import { isTerminal } from '@qisu/core';
import { invalidField } from '../../errors.js';
import { findVisibleCase } from '../cases.repository.js';
import { id } from '../cases.schemas.js';
import { defineCommand } from './command.js';

/** A duplicate joins another open case of the jurisdiction (已合并); the enterprise is told which. */
export const merge = defineCommand({
  name: 'merge',
  summary: '合并到另一诉求 / merge into another open case',
  body: z.object({ intoCaseId: id }),
  handle: async (ctx, body) => {
    if (body.intoCaseId === ctx.row.id) {
      throw invalidField('intoCaseId', '不能合并到自身', 'a case cannot be merged into itself');
    }
    const target = await findVisibleCase(ctx.trx, ctx.actor, body.intoCaseId);
    if (!target || target.jurisdiction_id !== ctx.row.jurisdiction_id || isTerminal(target.status as CaseStatus)) {
      throw invalidField('intoCaseId', '目标诉求不存在或已办结', 'the target case does not exist or is finished');
    }
    return {
      patch: { merged_into_id: target.id, closed_at: ctx.now },
      event: { type: 'merged', payload: { intoCaseId: target.id, intoNumber: target.number } },
      clocks: { trigger: 'finished' },
    };
  },
});
