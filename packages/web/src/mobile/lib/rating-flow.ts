import type { CaseEvent, CaseView } from '../../api/models';
import type { MessageKey } from '../../i18n/messages';

/** The unit's reply the enterprise is asked to rate: who replied, when, the result and what they wrote. */
export interface ReplyToRate {
  unitName: string | null;
  at: string | null;
  result: string | null;
  text: string;
}

/**
 * The reply of the case's current round: the lead unit's assignment of this round when it has
 * replied, else the last `replied` event, else the case's own result text. Null when nothing has
 * been replied yet.
 */
export function replyToRate(
  view: Pick<CaseView, 'round' | 'assignments' | 'result' | 'resultText'>,
  events: readonly CaseEvent[],
): ReplyToRate | null {
  const lead = view.assignments.find((a) => a.role === 'lead' && a.round === view.round && a.replyText);
  if (lead?.replyText) {
    return { unitName: lead.unit.name, at: lead.repliedAt, result: lead.replyResult, text: lead.replyText };
  }
  const replied = [...events].sort((a, b) => b.seq - a.seq).find((e) => e.type === 'replied');
  const text = replied?.payload['text'];
  if (replied && typeof text === 'string' && text.trim() !== '') {
    const result = replied.payload['result'];
    return { unitName: replied.unitName, at: replied.at, result: typeof result === 'string' ? result : null, text };
  }
  if (view.resultText) return { unitName: null, at: null, result: view.result, text: view.resultText };
  return null;
}

/** What the enterprise is asked to confirm before an unsatisfied rating, by where it sends the case. */
export function confirmKeyOf(outcome: 'redo' | 'review' | 'screening'): MessageKey {
  switch (outcome) {
    case 'review':
      return 'mobRateReviewConfirm';
    case 'screening':
      return 'mobRateRedispatchConfirm';
    case 'redo':
      return 'mobRateRedoConfirm';
  }
}

/**
 * What the enterprise is told after its rating, from the state the rating left the case in:
 * handled again, reviewed, closed by the office after its check, or closed.
 */
export function afterRatingKey(status: string): MessageKey {
  switch (status) {
    case 'redo':
      return 'mobNextRedo';
    case 'review':
      return 'mobNextReview';
    case 'screening':
      return 'mobNextRedispatch';
    case 'closed':
      return 'mobNextClosed';
    default:
      return 'mobNextConfirm';
  }
}
