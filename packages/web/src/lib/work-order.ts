import type { CaseView, ClockView } from '../api/models';

/**
 * The time limits a printed work order (交办单) lists: those of the case's current round that
 * still bind or were met, earliest first. Cancelled clocks and the hub's own screening limit
 * (spent by the dispatch the order records) are left out.
 */
export function workOrderClocks(view: Pick<CaseView, 'round' | 'clocks'>): ClockView[] {
  return view.clocks
    .filter((c) => c.round === view.round && c.state !== 'cancelled' && c.milestone !== 'screening')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
