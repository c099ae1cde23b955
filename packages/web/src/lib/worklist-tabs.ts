import type { CaseStatus } from '@qisu/core';
import { UNIT_ROLES, mayAct } from '@qisu/core';
import type { MessageKey } from '../i18n/messages';

/**
 * The worklist's tabs per role: each tab is a set of states (or the overdue / warned clock
 * filter) with a count from `GET /api/v1/cases/counts`. The tabs replace a dropdown of all
 * fifteen states, which no one used: a unit sees its inbox in the words of its working day and
 * is never offered a state only the hub meets (submitted, screening, returned, rejected, merged,
 * answered).
 */
export interface WorklistTab {
  key: string;
  label: MessageKey;
  /** The states shown; empty with no clock means every case. */
  statuses: readonly CaseStatus[];
  clock?: 'overdue' | 'warned';
}

/** What `GET /api/v1/cases/counts` answers. */
export interface CaseCounts {
  total: number;
  byStatus: Record<string, number>;
  overdue: number;
  warned: number;
}

/** The states a hub never hands to a unit: a unit's tabs and home never name them. */
export const HUB_ONLY_STATUSES: readonly CaseStatus[] = [
  'submitted',
  'screening',
  'returned',
  'rejected',
  'merged',
  'answered',
  'handed_up',
];

const HANDLING: readonly CaseStatus[] = ['dispatched', 'signed', 'contacted', 'feedback'];
const FINISHED: readonly CaseStatus[] = ['rated', 'closed', 'answered', 'rejected', 'merged'];
/** Every state a unit's case can be in once dispatched to it. */
const UNIT_STATUSES: readonly CaseStatus[] = [
  'dispatched',
  'signed',
  'contacted',
  'feedback',
  'redo',
  'replied',
  'rated',
  'review',
  'closed',
];

const overdue: WorklistTab = { key: 'overdue', label: 'tabOverdue', statuses: [], clock: 'overdue' };
const all: WorklistTab = { key: 'all', label: 'tabAll', statuses: [] };

const HUB_TABS: WorklistTab[] = [
  { key: 'submitted', label: 'tabSubmitted', statuses: ['submitted'] },
  { key: 'screening', label: 'tabScreening', statuses: ['screening', 'returned'] },
  { key: 'handling', label: 'tabHandling', statuses: HANDLING },
  { key: 'replied', label: 'tabReplied', statuses: ['replied'] },
  { key: 'redo', label: 'tabRedo', statuses: ['redo'] },
  { key: 'review', label: 'tabReview', statuses: ['review'] },
  { key: 'rated', label: 'tabRated', statuses: ['rated'] },
  { key: 'handedUp', label: 'tabHandedUp', statuses: ['handed_up'] },
  overdue,
  all,
];

const UNIT_TABS: WorklistTab[] = [
  { key: 'dispatched', label: 'tabToSign', statuses: ['dispatched'] },
  { key: 'handling', label: 'tabHandling', statuses: ['signed', 'contacted', 'feedback'] },
  { key: 'redo', label: 'tabRedo', statuses: ['redo'] },
  { key: 'done', label: 'tabDone', statuses: ['replied', 'rated', 'closed'] },
  overdue,
  { key: 'warned', label: 'tabWarned', statuses: [], clock: 'warned' },
  { key: 'all', label: 'tabAll', statuses: UNIT_STATUSES },
];

const ENTERPRISE_TABS: WorklistTab[] = [
  { key: 'accepting', label: 'tabAccepting', statuses: ['submitted', 'screening', 'returned'] },
  { key: 'handling', label: 'tabHandling', statuses: [...HANDLING, 'redo', 'review', 'handed_up'] },
  { key: 'replied', label: 'tabToRate', statuses: ['replied'] },
  { key: 'done', label: 'tabDone', statuses: FINISHED },
  all,
];

const OVERSIGHT_TABS: WorklistTab[] = [
  { key: 'screening', label: 'tabToDispatch', statuses: ['submitted', 'screening', 'returned'] },
  { key: 'handling', label: 'tabHandling', statuses: [...HANDLING, 'handed_up'] },
  { key: 'redo', label: 'tabRedo', statuses: ['redo'] },
  { key: 'review', label: 'tabReview', statuses: ['review'] },
  { key: 'replied', label: 'tabReplied', statuses: ['replied'] },
  { key: 'done', label: 'tabDone', statuses: FINISHED },
  overdue,
  all,
];

/**
 * The tabs of the user's roles: the hub's queues first (a hub operator may hold other roles
 * too), then a unit's inbox, then an enterprise's own demands, then everyone who oversees
 * (leader, discipline, admin, liaison).
 */
export function tabsFor(roles: readonly string[]): WorklistTab[] {
  if (roles.includes('hub')) return HUB_TABS;
  if (mayAct(roles, UNIT_ROLES)) return UNIT_TABS;
  if (roles.includes('enterprise')) return ENTERPRISE_TABS;
  return OVERSIGHT_TABS;
}

/** Whether the user's list is a unit's inbox: it opens with what falls due first. */
export function isUnitInbox(roles: readonly string[]): boolean {
  return !roles.includes('hub') && mayAct(roles, UNIT_ROLES);
}

/** The URL filters of a tab (`status`, `clock`), empty strings for what it clears. */
export function tabFilters(tab: WorklistTab): { status: string; clock: string } {
  return { status: tab.statuses.join(','), clock: tab.clock ?? '' };
}

/** How many cases a tab holds under the counts. */
export function tabCount(tab: WorklistTab, counts: CaseCounts): number {
  if (tab.clock === 'overdue') return counts.overdue;
  if (tab.clock === 'warned') return counts.warned;
  if (tab.statuses.length === 0) return counts.total;
  return tab.statuses.reduce((sum, s) => sum + (counts.byStatus[s] ?? 0), 0);
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The tab the URL's `status` and `clock` show, or null when they match none (a saved view or a
 * link may ask for any states: the page then shows them as a tab of their own). No state and no
 * clock is the "all" tab of the roles whose "all" has no state filter.
 */
export function activeTab(tabs: readonly WorklistTab[], params: URLSearchParams): WorklistTab | null {
  const statuses = (params.get('status') ?? '').split(',').filter(Boolean);
  const clock = params.get('clock') ?? '';
  const found = tabs.find((tab) =>
    clock ? tab.clock === clock && statuses.length === 0 : !tab.clock && sameSet(tab.statuses, statuses),
  );
  return found ?? null;
}

/**
 * The URL as the list reads it: a unit's inbox opens due-first (overdue at the top) and, with
 * no tab chosen, on every state a unit meets. Other roles read the URL as it is.
 */
export function worklistParams(params: URLSearchParams, roles: readonly string[]): URLSearchParams {
  if (!isUnitInbox(roles)) return params;
  const next = new URLSearchParams(params);
  if (!next.get('sort')) next.set('sort', 'due');
  if (!next.get('status') && !next.get('clock')) next.set('status', UNIT_STATUSES.join(','));
  return next;
}

/** A queue on the home page: a tab of the worklist under the name the home page gives it. */
export interface HomeQueue {
  tab: WorklistTab;
  label: MessageKey;
}

const HOME_KEYS: Record<'hub' | 'unit' | 'enterprise' | 'oversight', readonly string[]> = {
  hub: ['submitted', 'screening', 'redo', 'review', 'rated', 'overdue'],
  unit: ['dispatched', 'handling', 'redo', 'overdue', 'warned'],
  enterprise: ['accepting', 'handling', 'replied'],
  oversight: ['screening', 'handling', 'redo', 'review', 'overdue'],
};

/**
 * The queues the home page counts: what the role must act on. The hub's are its daily round —
 * 待受理, 研判中, 重办, 不满意 (cases under review after unsatisfied ratings), 待回访, 超期.
 */
export function homeQueues(roles: readonly string[]): HomeQueue[] {
  const tabs = tabsFor(roles);
  const kind = roles.includes('hub')
    ? 'hub'
    : isUnitInbox(roles)
      ? 'unit'
      : roles.includes('enterprise')
        ? 'enterprise'
        : 'oversight';
  return HOME_KEYS[kind].flatMap((key) => {
    const tab = tabs.find((x) => x.key === key);
    if (!tab) return [];
    return [{ tab, label: kind === 'hub' && key === 'review' ? 'homeUnsatisfied' : tab.label }];
  });
}

/** The worklist link of a home queue: its tab, clock queues due-first. */
export function queueLink(tab: WorklistTab): string {
  const { status, clock } = tabFilters(tab);
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (clock) {
    query.set('clock', clock);
    query.set('sort', 'due');
  }
  return `/cases${query.size > 0 ? `?${query.toString()}` : ''}`;
}

/**
 * The query of the home page's most urgent cases: due-first, overdue at the top. A unit's are
 * the cases it still works on (a replied case's clock is the hub's revisit, not the unit's).
 */
export function urgentQuery(roles: readonly string[], size: number): string {
  const query = new URLSearchParams({ sort: 'due', page: '1', pageSize: String(size) });
  if (isUnitInbox(roles)) query.set('status', ['dispatched', 'signed', 'contacted', 'feedback', 'redo'].join(','));
  return query.toString();
}
