import { api } from './client';
import type { BodyOf, ResponseOf } from './models';

/** A week's coverage of the caller's ledger (`GET /api/v1/solicitations/coverage`). */
export type Coverage = ResponseOf<'/api/v1/solicitations/coverage'>;

/** A round as lists show it, with the cases its problems became. */
export type SolicitationRound = ResponseOf<'/api/v1/solicitations'>[number];

/** The soliciting units of a week and their weekly ledgers (`GET /api/v1/solicitations/ledgers`). */
export type WeeklyLedgers = ResponseOf<'/api/v1/solicitations/ledgers'>;

/** One unit's line of `WeeklyLedgers`. */
export type WeeklyLedgerUnit = WeeklyLedgers['units'][number];

/** What records a round (`POST /api/v1/solicitations`). */
export type NewSolicitation = BodyOf<'/api/v1/solicitations'>;

/** The unit's weekly ledger as sent. */
export type SentLedger = ResponseOf<'/api/v1/solicitations/ledgers', 'post'>;

const weekQuery = (week: string) => `week=${encodeURIComponent(week)}`;

/** The paths the solicitation screens read, for a week. */
export const solicitationPaths = {
  coverage: (week: string) => `/api/v1/solicitations/coverage?${weekQuery(week)}`,
  rounds: (week: string) => `/api/v1/solicitations?${weekQuery(week)}`,
  ledgers: (week: string) => `/api/v1/solicitations/ledgers?${weekQuery(week)}`,
  workbook: (unitId: string, week: string) =>
    `/api/v1/solicitations/ledgers/${encodeURIComponent(unitId)}/workbook?${weekQuery(week)}`,
};

/** Records a round; each problem becomes a case. Answers the round's id and the cases' ids. */
export function recordSolicitation(body: NewSolicitation): Promise<{ id: string; caseIds: string[] }> {
  return api<{ id: string; caseIds: string[] }>('/api/v1/solicitations', { method: 'POST', body });
}

/** Sends the caller's unit's 问题台账 of a week to the hub. */
export function sendWeeklyLedger(week: string): Promise<SentLedger> {
  return api<SentLedger>('/api/v1/solicitations/ledgers', { method: 'POST', body: { week } });
}
