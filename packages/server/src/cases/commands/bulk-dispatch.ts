import { requireRole } from '../../access/require.js';
import type { Actor } from '../../access/actor.js';
import type { Deps } from '../../context.js';
import { AppError } from '../../errors.js';
import type { BulkDispatchInput, CaseViewDto } from '../cases.schemas.js';
import { runCaseCommand } from './run-command.js';

/** What happened to one case of a bulk dispatch; its view shows the contact masked (the answer names no contact). */
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
      const view = await runCaseCommand(deps, actor, caseId, 'dispatch', body, { answer: 'masked' });
      outcomes.push({ caseId, view });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ caseId, error });
    }
  }
  return outcomes;
}
