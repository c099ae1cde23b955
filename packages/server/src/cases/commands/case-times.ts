import type { Updateable } from 'kysely';
import type { CaseCommand, CaseStatus } from '@qisu/core';
import { calendarFor } from '../../calendar/calendar.service.js';
import type { CasesTable } from '../../db/schema.js';
import type { CommandContext } from './command.js';

const CLOSED: readonly string[] = ['closed', 'answered'];

/**
 * The case's response and resolve times, kept as the command happens (docs/kpi.md, average
 * times): the first response — the lead unit's first signing or the hub's direct answer — and
 * every closing, each in working minutes from receipt on the jurisdiction's calendar of that
 * moment. A case taken out of its closing (an appeal of an answer) loses its resolve time until
 * it closes again.
 */
export async function caseTimes(
  ctx: CommandContext,
  command: CaseCommand,
  next: CaseStatus,
): Promise<Updateable<CasesTable>> {
  const responds =
    ctx.row.responded_at === null && (command === 'answer' || (command === 'sign' && ctx.mine?.role === 'lead'));
  const closes = CLOSED.includes(next);
  if (!responds && !closes) return CLOSED.includes(ctx.row.status) ? { resolve_minutes: null } : {};
  const calendar = await calendarFor(ctx.trx, ctx.row.jurisdiction_id, await ctx.profile());
  const minutes = Math.round(calendar.workingTimeBetween(ctx.row.created_at, ctx.now) / 60_000);
  return {
    ...(responds ? { responded_at: ctx.now, response_minutes: minutes } : {}),
    ...(closes ? { resolve_minutes: minutes } : {}),
  };
}
