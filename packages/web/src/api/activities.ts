import { api } from './client';
import type { BodyOf, ResponseOf } from './models';

/** One activity with its people, the enterprises met and its cases. */
export type Activity = ResponseOf<'/api/v1/activities'>[number];

/** What records an activity (`POST /api/v1/activities`). */
export type NewActivity = BodyOf<'/api/v1/activities'>;

/** A member of staff an activity may name as its leader or an attendee. */
export type ActivityPerson = ResponseOf<'/api/v1/activities/people'>[number];

/** The month's activities by kind and each leader's days in enterprises. */
export type ActivityReport = ResponseOf<'/api/v1/reports/activities'>;

/** The paths the activity screen reads. */
export const activityPaths = {
  list: (query: { from: string; to: string; kind?: string | undefined }) =>
    `/api/v1/activities?${new URLSearchParams({ from: query.from, to: query.to, ...(query.kind ? { kind: query.kind } : {}) }).toString()}`,
  people: '/api/v1/activities/people',
  report: (month: string) => `/api/v1/reports/activities?month=${encodeURIComponent(month)}`,
};

/** Records an activity; each problem becomes a case. Answers the activity's id and the cases' ids. */
export function recordActivity(body: NewActivity): Promise<{ id: string; caseIds: string[] }> {
  return api<{ id: string; caseIds: string[] }>('/api/v1/activities', { method: 'POST', body });
}
