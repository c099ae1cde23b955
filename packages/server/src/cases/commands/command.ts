import type { Transaction, Updateable } from 'kysely';
import type { z } from 'zod';
import type { CaseCommand, ClockTrigger, CommandChoice, Milestone, Profile } from '@qisu/core';
import type { Actor } from '../../access/actor.js';
import type { Deps } from '../../context.js';
import type { CaseRow, CasesTable, Database } from '../../db/schema.js';
import { AppError, invalidField } from '../../errors.js';
import type { OutboxMessage } from '../../outbox/outbox.service.js';
import { categoryOf } from '../../routing/routing.service.js';
import type { AssignmentWithUnit, CaseParts } from '../cases.repository.js';
import { newAssignment, updateAssignment } from '../cases.repository.js';

/**
 * Everything a command's handler may read, loaded once by the runner: the locked case, its
 * assignments, the actor's own assignment of the current round and the jurisdiction's profile.
 */
export interface CommandContext {
  /** The platform's services, for the rare command that files or writes beyond its own case (hand-up). */
  deps: Deps;
  trx: Transaction<Database>;
  actor: Actor;
  /** The case as locked at the start of the command. */
  row: CaseRow;
  now: Date;
  /** Whether the command moves the case, or only a co-unit's own assignment (see `decideCommand`). */
  as: 'case' | 'co-unit';
  assignments: AssignmentWithUnit[];
  /**
   * Everything the case's view shows, read with the lock. Handlers keep it current through the
   * helpers below as they write, so the command answers the view without reading again.
   */
  parts: CaseParts;
  /** The actor's own assignment in the current round, when it has one. */
  mine: AssignmentWithUnit | undefined;
  /** The jurisdiction's active profile, read at most once per command. */
  profile: () => Promise<Profile>;
  /** Assignments the command opened, written by the runner together with the case row. */
  opened: AssignmentWithUnit[];
}

/** What a handler decided: the case's new columns, the one event to record, and what follows. */
export interface Outcome {
  patch?: Updateable<CasesTable> | undefined;
  event: { type: string; payload: Record<string, unknown> };
  /** For `rate` and `review`: what the rating or review chose, from which core derives the next state. */
  choice?: CommandChoice;
  /** What the command means for the case's clocks, when anything. */
  clocks?: {
    trigger: ClockTrigger;
    extendedUntil?: Date | null;
    /** Limits the hub chose within the profile's ranges, by milestone (`{ resolve: '10wd' }`). */
    chosen?: Partial<Record<Milestone, string>>;
  };
  /** Work for after the case row is written (clocks that need the new row). */
  after?: (row: CaseRow) => Promise<unknown>;
  /** Messages for the outbox, written in the transaction and delivered after commit. */
  messages?: OutboxMessage[];
}

/** One named command of SPEC §10: its request body, its summary for the API document, its handler. */
export interface CaseCommandDef<C extends CaseCommand, B extends z.ZodType = z.ZodType> {
  name: C;
  summary: string;
  body: B;
  handle(ctx: CommandContext, body: z.infer<B>): Promise<Outcome>;
}

/** Declares a command with its body's type inferred from its schema. */
export function defineCommand<C extends CaseCommand, B extends z.ZodType>(def: CaseCommandDef<C, B>) {
  return def;
}

/** The actor's assignment, which must be in one of the allowed states (409 naming its state otherwise). */
export function requireAssignment(
  ctx: CommandContext,
  command: CaseCommand,
  allowed: readonly string[],
): AssignmentWithUnit {
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

/**
 * The hub confirms or corrects a case's category while screening. The event records both the
 * category and the one it replaced: these confirmations and corrections are what the category
 * model learns from.
 */
export async function categoryChange(
  ctx: CommandContext,
  categoryId: string | undefined,
): Promise<{ patch?: { category_id: string }; payload: Record<string, unknown> }> {
  if (!categoryId) return { payload: {} };
  const category = await categoryOf(ctx.trx, ctx.row.jurisdiction_id, categoryId);
  if (!category) throw invalidField('categoryId', '分类不存在', 'no such category');
  ctx.parts.category = { id: category.id, name: category.name };
  return {
    patch: { category_id: category.id },
    payload: { categoryId: category.id, categoryName: category.name, previousCategoryId: ctx.row.category_id },
  };
}

/** Opens the next round for the units of the last one: the lead starts signed, co-units must sign again. */
export function openNextRound(ctx: CommandContext): number {
  const round = ctx.row.round + 1;
  const previous = ctx.assignments.filter((a) => a.round === ctx.row.round && a.status !== 'returned');
  addAssignments(
    ctx,
    previous.map((a) => ({
      case_id: ctx.row.id,
      unit_id: a.unit_id,
      unit_name: a.unit_name,
      role: a.role,
      round,
      status: a.role === 'lead' ? 'signed' : 'dispatched',
      assigned_at: ctx.now,
      signed_at: a.role === 'lead' ? ctx.now : null,
    })),
  );
  return round;
}

/**
 * Opens new assignments: they join the case's view at once and are written by the runner in the
 * same statement as the case row.
 */
export function addAssignments(
  ctx: CommandContext,
  rows: (Parameters<typeof newAssignment>[0] & { unit_name: string })[],
): void {
  const opened = rows.map(({ unit_name, ...row }) => ({ ...newAssignment(row), unit_name }));
  ctx.opened.push(...opened);
  ctx.parts.assignments.push(...opened);
}

/** Changes one assignment of the case, in the database (or the one still to write) and in the case's view. */
export async function changeAssignment(
  ctx: CommandContext,
  assignment: AssignmentWithUnit,
  patch: Partial<Pick<AssignmentWithUnit, Exclude<keyof AssignmentWithUnit, 'id' | 'unit_name'>>>,
): Promise<void> {
  if (!ctx.opened.includes(assignment)) await updateAssignment(ctx.trx, assignment.id, patch);
  Object.assign(assignment, patch);
}
