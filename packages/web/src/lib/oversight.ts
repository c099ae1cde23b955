import { CHANNELS } from '@qisu/core';
import type { MessageKey } from '../i18n/messages';
import type { DayRange } from './period';

/** Who a supervision is recorded as (the API's `by`): each needs its own role on the server. */
export type SupervisionBy = 'platform' | 'leader' | 'discipline';

/**
 * What a user supervises as on the leader's screen: a leader as the leader, the hub as the
 * platform. Other roles (an admin) cannot supervise, so the action is not offered to them.
 */
export function leaderSupervisor(roles: readonly string[]): SupervisionBy | null {
  if (roles.includes('leader')) return 'leader';
  if (roles.includes('hub')) return 'platform';
  return null;
}

/** The discipline commission opens its records (倒查) as itself; no other role may. */
export function disciplineSupervisor(roles: readonly string[]): SupervisionBy | null {
  return roles.includes('discipline') ? 'discipline' : null;
}

/** The text key of each kind of supervision. */
export const SUPERVISION_BY_KEYS: Record<SupervisionBy, MessageKey> = {
  platform: 'ovsByPlatform',
  leader: 'ovsByLeader',
  discipline: 'ovsByDiscipline',
};

/** The text key of an intake channel; unknown channels fall under "other". */
export function channelKey(channel: string): MessageKey {
  return CHANNELS.some((c) => c === channel) ? (`channel.${channel}` as MessageKey) : 'channel.other';
}

/** The discipline commission's two lists of cases (纪检监督: 不满意诉求, 红牌诉求). */
export type DisciplineList = 'unsatisfied' | 'red';

/**
 * The worklist export's filters (`GET /api/v1/cases/export.xlsx`) that hold the cases of one of
 * the discipline commission's lists: those rated unsatisfied, or those given a red card in the
 * period the red-card tab shows (Shanghai days, both included). The server applies the
 * caller's data scope to the export as to the list, so each role exports what it is shown.
 */
export function disciplineExportQuery(list: DisciplineList, range: DayRange): string {
  switch (list) {
    case 'unsatisfied':
      return new URLSearchParams({ rating: 'unsatisfied' }).toString();
    case 'red':
      return new URLSearchParams({ card: 'red', cardFrom: range.from, cardTo: range.to }).toString();
  }
}
