import type { Transaction, Updateable } from 'kysely';
import type { CaseCommand, CaseStatus, ClockTrigger } from '@qisu/core';
import { CASE_STATUS_LABELS, decideCommand, isTerminal, plainNextStatus, rateOutcome } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import type { CaseRow, CasesTable, Database } from '../db/schema.js';
import { startPlanClocks, applyClockTrigger } from '../clocks/clocks.service.js';
import { AppError, invalidField } from '../errors.js';
import { enqueueCaseEvent, writeOutbox } from '../outbox/outbox.service.js';
import { activeProfile } from '../profiles/profiles.service.js';
import { appendEvent } from '../events/events.repository.js';
import type { AssignmentWithUnit } from './cases.repository.js';
import { caseAssignments, findVisibleCase, lockVisibleCase, pendingExtension } from './cases.repository.js';
import type { BulkDispatchInput, CaseViewDto, CommandBodies } from './cases.schemas.js';
import { buildCaseView, relationOf } from './cases.service.js';

/** What a command handler decided: the case's new columns and the one event to record. */
interface Outcome {
  patch?: Updateable<CasesTable> | undefined;
  event: { type: string; payload: Record<string, unknown> };
  /** What the command means for the case's clocks, when anything. */
  clocks?: { trigger: ClockTrigger; extendedUntil?: Date | null };
  /** Work for after the case row is written (clocks that need the new row). */
  after?: (row: CaseRow) => Promise<void>;
}

interface CommandContext {
  trx: Transaction<Database>;
  actor: Actor;
  row: CaseRow;
  now: Date;
  as: 'case' | 'co-unit';
  assignments: AssignmentWithUnit[];
  /** The actor's own assignment in the current round, when it has one. */
  mine: AssignmentWithUnit | undefined;
}

type Handler<C extends CaseCommand> = (ctx: CommandContext, body: CommandBodies[C]) => Promise<Outcome>;

function illegal(status: CaseStatus, command: CaseCommand): AppError {
  const label = CASE_STATUS_LABELS[status];
  return new AppError(
    'CASE_ILLEGAL_TRANSITION',
    { statusZh: label.zh, statusEn: label.en, command },
    { currentStatus: status },
  );
}

function assignmentState(ctx: CommandContext, command: CaseCommand, allowed: readonly string[]): AssignmentWithUnit {
  const mine = ctx.mine;
  if (!mine) throw new AppError('FORBIDDEN');
  if (!allowed.includes(mine.status)) {
    throw new AppError(
      'ASSIGNMENT_STATE',
      { assignmentStatus: mine.status, command },
      { currentStatus: ctx.row.status, assignmentStatus: mine.status },
    );
  }
  return mine;
}

const HANDLING_UNIT_KINDS = ['department', 'town', 'park', 'other'];

async function checkHandlingUnits(
  trx: Transaction<Database>,
  row: CaseRow,
  unitIds: string[],
): Promise<Map<string, string>> {
  const units = await trx
    .selectFrom('units')
    .select(['id', 'name', 'kind'])
    .where('id', 'in', unitIds)
    .where('jurisdiction_id', '=', row.jurisdiction_id)
    .where('active', '=', true)
    .execute();
  const names = new Map(units.filter((u) => HANDLING_UNIT_KINDS.includes(u.kind)).map((u) => [u.id, u.name]));
  return names;
}

/**
 * The hub confirms or corrects a case's category while screening. The event records both the
 * category and the one it replaced: these confirmations and corrections are what the category
 * model learns from.
 */
async function categoryChange(
  ctx: CommandContext,
  categoryId: string | undefined,
): Promise<{ patch?: { category_id: string }; payload: Record<string, unknown> }> {
  if (!categoryId) return { payload: {} };
  const category = await ctx.trx
    .selectFrom('categories')
    .select(['id', 'name'])
    .where('id', '=', categoryId)
    .where('jurisdiction_id', '=', ctx.row.jurisdiction_id)
    .executeTakeFirst();
  if (!category) throw invalidField('categoryId', '分类不存在', 'no such category');
  return {
    patch: { category_id: category.id },
    payload: { categoryId: category.id, categoryName: category.name, previousCategoryId: ctx.row.category_id },
  };
}

/** Opens the next round for the units of the last one: the lead starts signed, co-units must sign again. */
async function openNextRound(ctx: CommandContext): Promise<number> {
  const round = ctx.row.round + 1;
  const previous = ctx.assignments.filter((a) => a.round === ctx.row.round && a.status !== 'returned');
  if (previous.length > 0) {
    await ctx.trx
      .insertInto('assignments')
      .values(
        previous.map((a) => ({
          case_id: ctx.row.id,
          unit_id: a.unit_id,
          role: a.role,
          round,
          status: a.role === 'lead' ? 'signed' : 'dispatched',
          assigned_at: ctx.now,
          signed_at: a.role === 'lead' ? ctx.now : null,
        })),
      )
      .execute();
  }
  return round;
}

const handlers: { [C in CaseCommand]: Handler<C> } = {
  accept: async (ctx, body) => {
    const category = await categoryChange(ctx, body.categoryId);
    return {
      ...(category.patch ? { patch: category.patch } : {}),
      event: { type: 'accepted', payload: { note: body.note ?? null, ...category.payload } },
    };
  },

  reject: (ctx, body) =>
    Promise.resolve({
      patch: { reject_reason: body.reason, closed_at: ctx.now },
      event: { type: 'rejected', payload: { reason: body.reason } },
      clocks: { trigger: 'finished' },
    }),

  merge: async (ctx, body) => {
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

  answer: (ctx, body) =>
    Promise.resolve({
      patch: { answer_text: body.text, closed_at: ctx.now },
      event: { type: 'answered', payload: { text: body.text } },
      clocks: { trigger: 'finished' },
    }),

  appeal: (_ctx, body) =>
    Promise.resolve({
      patch: { closed_at: null },
      event: { type: 'appealed', payload: { reason: body.reason } },
      clocks: { trigger: 'appealed' },
    }),

  dispatch: async (ctx, body) => {
    const complexity = body.complexity ?? ctx.row.complexity ?? 'general';
    const profile = await activeProfile(ctx.trx, ctx.row.jurisdiction_id);
    if (complexity === 'complex' && profile.loop.complexDispatchByLeader && !ctx.actor.roles.includes('leader')) {
      throw new AppError('COORDINATION_REQUIRED');
    }
    const coUnitIds = [...new Set(body.coUnitIds ?? [])];
    if (coUnitIds.includes(body.leadUnitId)) {
      throw invalidField('coUnitIds', '协办单位不能与牵头单位相同', 'a co-unit cannot also be the lead unit');
    }
    const category = await categoryChange(ctx, body.categoryId);
    const names = await checkHandlingUnits(ctx.trx, ctx.row, [body.leadUnitId, ...coUnitIds]);
    if (!names.has(body.leadUnitId)) {
      throw invalidField('leadUnitId', '牵头单位不存在或不能承办', 'no such unit that can handle cases');
    }
    const unknownCo = coUnitIds.find((u) => !names.has(u));
    if (unknownCo) throw invalidField('coUnitIds', '协办单位不存在或不能承办', 'no such unit that can handle cases');
    await ctx.trx
      .insertInto('assignments')
      .values(
        [body.leadUnitId, ...coUnitIds].map((unitId, i) => ({
          case_id: ctx.row.id,
          unit_id: unitId,
          role: i === 0 ? ('lead' as const) : ('co' as const),
          round: ctx.row.round,
          status: 'dispatched',
          assigned_at: ctx.now,
        })),
      )
      .execute();
    return {
      clocks: { trigger: 'dispatched' },
      patch: { lead_unit_id: body.leadUnitId, complexity, ...category.patch },
      event: {
        type: 'dispatched',
        payload: {
          leadUnitId: body.leadUnitId,
          leadUnitName: names.get(body.leadUnitId) ?? null,
          coUnitIds,
          complexity,
          note: body.note ?? null,
          ...category.payload,
        },
      },
    };
  },

  sign: async (ctx, body) => {
    const mine = assignmentState(ctx, 'sign', ['dispatched']);
    await ctx.trx
      .updateTable('assignments')
      .set({ status: 'signed', signed_at: ctx.now })
      .where('id', '=', mine.id)
      .execute();
    return { event: { type: 'signed', payload: { role: mine.role, note: body.note ?? null } } };
  },

  contact: async (ctx, body) => {
    const mine = assignmentState(ctx, 'contact', ctx.as === 'case' ? ['signed', 'dispatched'] : ['signed']);
    await ctx.trx
      .updateTable('assignments')
      .set({ status: 'contacted', contacted_at: ctx.now, contact_note: body.note })
      .where('id', '=', mine.id)
      .execute();
    return {
      event: { type: 'contacted', payload: { role: mine.role, note: body.note } },
      ...(ctx.as === 'case' ? { clocks: { trigger: 'contacted' as const } } : {}),
    };
  },

  feedback: async (ctx, body) => {
    const mine = assignmentState(
      ctx,
      'feedback',
      ctx.as === 'case' ? ['signed', 'contacted', 'dispatched'] : ['signed', 'contacted'],
    );
    await ctx.trx
      .updateTable('assignments')
      .set({ status: 'feedback', feedback_at: ctx.now, feedback_text: body.text })
      .where('id', '=', mine.id)
      .execute();
    return {
      event: { type: 'feedback', payload: { role: mine.role, text: body.text } },
      ...(ctx.as === 'case' ? { clocks: { trigger: 'feedback' as const } } : {}),
    };
  },

  reply: async (ctx, body) => {
    if (ctx.as === 'case') await requirePlanMet(ctx);
    const mine = assignmentState(
      ctx,
      'reply',
      ctx.as === 'case' ? ['signed', 'contacted', 'feedback', 'dispatched'] : ['signed', 'contacted', 'feedback'],
    );
    await ctx.trx
      .updateTable('assignments')
      .set({ status: 'replied', replied_at: ctx.now, reply_result: body.result, reply_text: body.text })
      .where('id', '=', mine.id)
      .execute();
    return {
      patch: ctx.as === 'case' ? { result: body.result, result_text: body.text } : undefined,
      event: { type: 'replied', payload: { role: mine.role, result: body.result, text: body.text } },
      ...(ctx.as === 'case' ? { clocks: { trigger: 'replied' as const } } : {}),
    };
  },

  return: async (ctx, body) => {
    await ctx.trx
      .updateTable('assignments')
      .set({ status: 'returned' })
      .where('case_id', '=', ctx.row.id)
      .where('round', '=', ctx.row.round)
      .where('status', '!=', 'returned')
      .execute();
    return {
      patch: { lead_unit_id: null },
      event: { type: 'returned', payload: { reason: body.reason, unitId: ctx.actor.unitId } },
      clocks: { trigger: 'returned' },
    };
  },

  rate: async (ctx, body) => {
    const profile = await activeProfile(ctx.trx, ctx.row.jurisdiction_id);
    const outcome = rateOutcome(body.score, ctx.row.unsatisfied_rounds, {
      satisfiedMinScore: profile.rating.satisfiedMinScore,
      reviewAfterRounds: profile.loop.reviewAfterRounds,
    });
    await ctx.trx
      .insertInto('ratings')
      .values({
        case_id: ctx.row.id,
        round: ctx.row.round,
        score: body.score,
        satisfied: outcome.satisfied,
        comment: body.comment ?? null,
        rated_by: ctx.actor.userId,
        at: ctx.now,
      })
      .execute();
    const patch: Updateable<CasesTable> = {
      status: outcome.next,
      last_score: body.score,
      unsatisfied_rounds: outcome.unsatisfiedRounds,
    };
    if (!outcome.satisfied) patch.discipline_flag = true;
    if (outcome.next === 'redo') patch.round = await openNextRound(ctx);
    // 开化 "不满意件" go to the discipline commission at once (seed 001 二（二）3).
    const handoff = !outcome.satisfied && profile.handoffs.unsatisfiedToDiscipline ? ['discipline'] : [];
    if (handoff.length > 0) {
      await writeOutbox(ctx.trx, {
        jurisdictionId: ctx.row.jurisdiction_id,
        topic: 'case.unsatisfied',
        recipient: { kind: 'role', id: 'discipline' },
        at: ctx.now,
        payload: { caseId: ctx.row.id, number: ctx.row.number, score: body.score, round: ctx.row.round },
      });
    }
    const label = profile.rating.labels.find((l) => l.score === body.score);
    return {
      patch,
      event: {
        type: 'rated',
        payload: {
          score: body.score,
          label: label?.zh ?? null,
          satisfied: outcome.satisfied,
          comment: body.comment ?? null,
          ratedRound: ctx.row.round,
          handoff,
        },
      },
      ...(outcome.satisfied
        ? {}
        : { clocks: { trigger: outcome.next === 'redo' ? ('redo' as const) : ('review' as const) } }),
    };
  },

  revisit: async (ctx, body) => {
    await ctx.trx
      .insertInto('revisits')
      .values({
        case_id: ctx.row.id,
        round: ctx.row.round,
        method: body.method,
        note: body.note,
        actor_id: ctx.actor.userId,
        at: ctx.now,
      })
      .execute();
    return {
      event: { type: 'revisited', payload: { method: body.method, note: body.note } },
      clocks: { trigger: 'revisited' },
    };
  },

  review: async (ctx, body) => {
    const profile = await activeProfile(ctx.trx, ctx.row.jurisdiction_id);
    if (profile.loop.reviewFormRequired) {
      const form = await reviewFormOf(ctx);
      if (!form) throw new AppError('REVIEW_FORM_REQUIRED', {}, { currentStatus: ctx.row.status });
    }
    await ctx.trx
      .insertInto('reviews')
      .values({
        case_id: ctx.row.id,
        round: ctx.row.round,
        decision: body.decision,
        opinion: body.opinion,
        actor_id: ctx.actor.userId,
        at: ctx.now,
      })
      .execute();
    const patch: Updateable<CasesTable> =
      body.decision === 'close'
        ? { status: 'closed', closed_at: ctx.now }
        : { status: 'redo', round: await openNextRound(ctx) };
    return {
      patch,
      event: { type: 'reviewed', payload: { decision: body.decision, opinion: body.opinion } },
      clocks: { trigger: body.decision === 'close' ? 'closed' : 'reviewed-redo' },
    };
  },

  close: async (ctx, body) => {
    const profile = await activeProfile(ctx.trx, ctx.row.jurisdiction_id);
    if (profile.loop.revisitBeforeClose) {
      const revisit = await ctx.trx
        .selectFrom('revisits')
        .select('id')
        .where('case_id', '=', ctx.row.id)
        .where('round', '=', ctx.row.round)
        .executeTakeFirst();
      if (!revisit) throw new AppError('REVISIT_REQUIRED', {}, { currentStatus: ctx.row.status });
    }
    return {
      patch: { closed_at: ctx.now },
      event: { type: 'closed', payload: { note: body.note ?? null } },
      clocks: { trigger: 'closed' },
    };
  },

  escalate: async (ctx, body) => {
    await ctx.trx
      .insertInto('escalations')
      .values({ case_id: ctx.row.id, to_target: body.to, reason: body.reason, actor_id: ctx.actor.userId, at: ctx.now })
      .execute();
    return {
      patch: { escalated_to: body.to, ...(body.to === 'discipline' ? { discipline_flag: true } : {}) },
      event: { type: 'escalated', payload: { to: body.to, reason: body.reason } },
    };
  },

  extend: async (ctx, body) => {
    const until = new Date(body.until);
    if (until <= ctx.now)
      throw invalidField('until', '延期时间必须晚于当前时间', 'the new due time must be in the future');
    if (await pendingExtension(ctx.trx, ctx.row.id)) {
      throw new AppError('EXTENSION_ALREADY_PENDING', {}, { currentStatus: ctx.row.status });
    }
    const unitId = ctx.mine?.unit_id;
    if (!unitId) throw new AppError('FORBIDDEN');
    await ctx.trx
      .insertInto('extensions')
      .values({
        case_id: ctx.row.id,
        unit_id: unitId,
        round: ctx.row.round,
        reason: body.reason,
        requested_until: until,
        status: 'pending',
        requested_by: ctx.actor.userId,
        requested_at: ctx.now,
      })
      .execute();
    return {
      event: { type: 'extension_requested', payload: { reason: body.reason, until: until.toISOString() } },
      clocks: { trigger: 'extension-requested' },
    };
  },

  'decide-extension': async (ctx, body) => {
    const pending = await pendingExtension(ctx.trx, ctx.row.id);
    if (!pending) throw new AppError('EXTENSION_NOT_PENDING', {}, { currentStatus: ctx.row.status });
    await ctx.trx
      .updateTable('extensions')
      .set({
        status: body.approve ? 'approved' : 'denied',
        decided_by: ctx.actor.userId,
        decided_at: ctx.now,
        note: body.note ?? null,
      })
      .where('id', '=', pending.id)
      .execute();
    return {
      event: {
        type: 'extension_decided',
        payload: {
          extensionId: pending.id,
          approve: body.approve,
          until: pending.requested_until.toISOString(),
          note: body.note ?? null,
        },
      },
      clocks: { trigger: 'extension-decided', extendedUntil: body.approve ? pending.requested_until : null },
    };
  },

  supervise: async (ctx, body) => {
    const roleFor = { platform: 'hub', leader: 'leader', discipline: 'discipline' } as const;
    if (!ctx.actor.roles.includes(roleFor[body.by])) throw new AppError('FORBIDDEN');
    await ctx.trx
      .insertInto('supervisions')
      .values({
        case_id: ctx.row.id,
        by_whom: body.by,
        instruction: body.instruction,
        actor_id: ctx.actor.userId,
        at: ctx.now,
      })
      .execute();
    return {
      patch: body.by === 'discipline' ? { discipline_flag: true } : undefined,
      event: { type: 'supervised', payload: { by: body.by, instruction: body.instruction } },
    };
  },

  plan: (ctx, body) => {
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
      after: (row) => startPlanClocks(ctx.trx, row, milestones, ctx.now),
    });
  },

  'review-form': async (ctx, body) => {
    const existing = await reviewFormOf(ctx);
    if (existing) throw new AppError('CONFLICT', { detail: 'review form' }, { currentStatus: ctx.row.status });
    await ctx.trx
      .insertInto('review_forms')
      .values({
        case_id: ctx.row.id,
        round: ctx.row.round,
        unit_id: ctx.mine?.unit_id ?? (ctx.actor.unitId as string),
        statement: body.statement,
        signed_by: body.signedBy,
        submitted_by: ctx.actor.userId,
        submitted_at: ctx.now,
      })
      .execute();
    return {
      event: { type: 'review_form_submitted', payload: { statement: body.statement, signedBy: body.signedBy } },
    };
  },

  'complete-milestone': async (ctx, body) => {
    const clock = await ctx.trx
      .selectFrom('clocks')
      .select(['id', 'title', 'state', 'breached_at'])
      .where('id', '=', body.clockId)
      .where('case_id', '=', ctx.row.id)
      .where('milestone', '=', 'plan')
      .executeTakeFirst();
    if (!clock) throw invalidField('clockId', '方案节点不存在', 'no such plan milestone');
    if (clock.state === 'met' || clock.state === 'cancelled') {
      throw new AppError('CONFLICT', { detail: clock.title ?? clock.id }, { currentStatus: ctx.row.status });
    }
    await ctx.trx
      .updateTable('clocks')
      .set({ state: 'met', met_at: ctx.now, next_fire_at: null })
      .where('id', '=', clock.id)
      .execute();
    return {
      event: {
        type: 'milestone_completed',
        payload: { clockId: clock.id, title: clock.title, note: body.note, late: clock.breached_at !== null },
      },
    };
  },
};

/** The review form of the case's current round, if its unit has submitted one. */
function reviewFormOf(ctx: CommandContext) {
  return ctx.trx
    .selectFrom('review_forms')
    .select('id')
    .where('case_id', '=', ctx.row.id)
    .where('round', '=', ctx.row.round)
    .executeTakeFirst();
}

/** A long-term case is replied to only when every milestone of its plan is met (纳入清单，闭环销号). */
async function requirePlanMet(ctx: CommandContext): Promise<void> {
  const open = await ctx.trx
    .selectFrom('clocks')
    .select('title')
    .where('case_id', '=', ctx.row.id)
    .where('milestone', '=', 'plan')
    .where('state', 'in', ['running', 'warned', 'breached', 'paused'])
    .execute();
  if (open.length > 0) {
    throw new AppError(
      'PLAN_INCOMPLETE',
      { milestones: open.map((m) => m.title ?? '').join('、') },
      { currentStatus: ctx.row.status },
    );
  }
}

/**
 * Runs one named command as one transaction: lock the case (404 outside the actor's scope),
 * decide with the pure rules (403 / 409 with `currentStatus`), apply the handler, write the
 * new state and exactly one event. Anything thrown rolls the whole command back.
 */
export async function runCaseCommand<C extends CaseCommand>(
  deps: Deps,
  actor: Actor,
  caseId: string,
  command: C,
  body: CommandBodies[C],
): Promise<CaseViewDto> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockVisibleCase(trx, actor, caseId);
    if (!row) throw new AppError('CASE_NOT_FOUND');
    const status = row.status as CaseStatus;
    const assignments = await caseAssignments(trx, row.id);
    const decision = decideCommand(command, status, relationOf(actor, row, assignments));
    if (decision.kind === 'forbidden') throw new AppError('FORBIDDEN');
    if (decision.kind === 'illegal') throw illegal(status, command);

    const now = deps.clock.now();
    const mine = actor.unitId
      ? assignments.find((a) => a.round === row.round && a.unit_id === actor.unitId && a.status !== 'returned')
      : undefined;
    const ctx: CommandContext = { trx, actor, row, now, as: decision.as, assignments, mine };
    const outcome = await (handlers[command] as Handler<C>)(ctx, body);

    const patch: Updateable<CasesTable> = { ...outcome.patch, updated_at: now };
    if (decision.as === 'case' && command !== 'rate' && command !== 'review') {
      patch.status = plainNextStatus(command, status);
    }
    const updated = await trx
      .updateTable('cases')
      .set(patch)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (outcome.clocks) {
      await applyClockTrigger({
        trx,
        row: updated,
        trigger: outcome.clocks.trigger,
        at: now,
        extendedUntil: outcome.clocks.extendedUntil ?? null,
      });
    }
    if (outcome.after) await outcome.after(updated);
    await appendEvent(trx, {
      jurisdictionId: row.jurisdiction_id,
      caseId: row.id,
      type: outcome.event.type,
      actorId: actor.userId,
      unitId: actor.unitId,
      at: now,
      payload: { ...outcome.event.payload, from: status, to: updated.status, round: updated.round },
    });
    await enqueueCaseEvent(trx, {
      jurisdictionId: row.jurisdiction_id,
      caseId: row.id,
      number: row.number,
      type: outcome.event.type,
      payload: outcome.event.payload,
      at: now,
    });
    return buildCaseView(trx, actor, updated);
  });
}

/** What happened to one case of a bulk dispatch. */
export type BulkOutcome = { caseId: string; view: CaseViewDto } | { caseId: string; error: AppError };

/**
 * Dispatches several cases to the same units, each in its own transaction through
 * `runCaseCommand`, so one case that cannot go (another state, out of scope, a complex case
 * needing the coordination group) neither blocks nor undoes the others.
 */
export async function bulkDispatch(deps: Deps, actor: Actor, input: BulkDispatchInput): Promise<BulkOutcome[]> {
  requireRole(actor, ['hub', 'leader']);
  const { caseIds, ...body } = input;
  const outcomes: BulkOutcome[] = [];
  for (const caseId of caseIds) {
    try {
      outcomes.push({ caseId, view: await runCaseCommand(deps, actor, caseId, 'dispatch', body) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ caseId, error });
    }
  }
  return outcomes;
}
