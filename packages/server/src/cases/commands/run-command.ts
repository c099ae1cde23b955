import type { Updateable } from 'kysely';
import type { CaseCommand, CaseStatus, Profile } from '@qisu/core';
import { CASE_STATUS_LABELS, decideCommand, nextStatus } from '@qisu/core';
import type { Actor } from '../../access/actor.js';
import { applyClockTrigger } from '../../clocks/clocks.service.js';
import type { Deps } from '../../context.js';
import type { CasesTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { appendEvent } from '../../events/events.service.js';
import { caseEventMessages, writeOutboxMany } from '../../outbox/outbox.service.js';
import { profileOf } from '../../profiles/profiles.service.js';
import { lockCaseForCommand, updateCase } from '../cases.repository.js';
import type { CaseViewDto } from '../cases.schemas.js';
import { caseViewOf, recordCaseContactView, relationOf } from '../cases.service.js';
import { caseTimes } from './case-times.js';
import type { CommandContext, Outcome } from './command.js';
import type { CommandBodies } from './registry.js';
import { COMMANDS } from './registry.js';

function illegal(status: CaseStatus, command: CaseCommand): AppError {
  const label = CASE_STATUS_LABELS[status];
  return new AppError(
    'CASE_ILLEGAL_TRANSITION',
    { statusZh: label.zh, statusEn: label.en, command },
    { currentStatus: status },
  );
}

/**
 * Runs one named command as one transaction: lock the case (404 outside the actor's scope),
 * decide with core's rules (403, or 409 with `currentStatus`), run the command's handler, write
 * the next state core derives, the clocks, exactly one event and the outbox messages (delivered
 * after commit by the outbox job). Anything thrown rolls the whole command back.
 *
 * The answer is the case after the change; when it shows the whole contact mobile, that is
 * recorded in the view log in the same transaction. `answer: 'masked'` masks it instead and
 * records nothing, for callers that do not show the case to anyone (bulk dispatch, the demo).
 */
export async function runCaseCommand<C extends CaseCommand>(
  deps: Deps,
  actor: Actor,
  caseId: string,
  command: C,
  body: CommandBodies[C],
  options: { answer?: 'whole' | 'masked' } = {},
): Promise<CaseViewDto> {
  return deps.db.transaction().execute(async (trx) => {
    const locked = await lockCaseForCommand(trx, actor, caseId);
    if (!locked) throw new AppError('CASE_NOT_FOUND');
    const { row, parts } = locked;
    const status = row.status as CaseStatus;
    const decision = decideCommand(command, status, relationOf(actor, row, parts.assignments));
    if (decision.kind === 'forbidden') throw new AppError('FORBIDDEN');
    if (decision.kind === 'illegal') throw illegal(status, command);

    const now = deps.clock.now();
    let profile: Promise<Profile> | undefined;
    const jurisdiction = {
      id: row.jurisdiction_id,
      code: parts.jurisdiction_code ?? '',
      profile_version: parts.profile_version,
    };
    const ctx: CommandContext = {
      deps,
      trx,
      actor,
      row,
      now,
      as: decision.as,
      assignments: parts.assignments,
      parts,
      mine: actor.unitId
        ? parts.assignments.find((a) => a.round === row.round && a.unit_id === actor.unitId && a.status !== 'returned')
        : undefined,
      profile: () => (profile ??= profileOf(trx, jurisdiction)),
      opened: [],
    };
    // The registry pairs each name with its own body's type; indexing by a generic name loses the pairing.
    const def = COMMANDS[command] as unknown as {
      handle(ctx: CommandContext, body: CommandBodies[C]): Promise<Outcome>;
    };
    const outcome = await def.handle(ctx, body);

    const next = nextStatus(command, status, decision.as, outcome.choice);
    const patch: Updateable<CasesTable> = {
      ...outcome.patch,
      ...(await caseTimes(ctx, command, next)),
      status: next,
      updated_at: now,
    };
    const updated = await updateCase(
      trx,
      row.id,
      patch,
      ctx.opened.map(({ unit_name: _, ...a }) => a),
    );
    if (outcome.clocks) {
      const changed = await applyClockTrigger({
        trx,
        row: updated,
        trigger: outcome.clocks.trigger,
        at: now,
        extendedUntil: outcome.clocks.extendedUntil ?? null,
        chosen: outcome.clocks.chosen,
        profile: ctx.profile,
        clocks: parts.clocks,
      });
      for (const clock of changed) {
        const at = parts.clocks.findIndex((c) => c.id === clock.id);
        if (at >= 0) parts.clocks[at] = clock;
        else parts.clocks.push(clock);
      }
    }
    if (outcome.after) await outcome.after(updated);
    await appendEvent(trx, {
      jurisdictionId: row.jurisdiction_id,
      caseId: row.id,
      type: outcome.event.type,
      actorId: actor.source ? null : actor.userId,
      unitId: actor.unitId,
      at: now,
      payload: { ...outcome.event.payload, from: status, to: updated.status, round: updated.round },
    });
    const notice = {
      jurisdictionId: row.jurisdiction_id,
      caseId: row.id,
      number: row.number,
      at: now,
      ...outcome.event,
    };
    await writeOutboxMany(trx, [...(outcome.messages ?? []), ...caseEventMessages(notice)]);
    const whole = options.answer !== 'masked';
    const view = caseViewOf(actor, updated, parts, deps.pii, whole);
    if (whole) await recordCaseContactView(trx, actor, updated, parts, `case.${command}`, now);
    return view;
  });
}
