import { api } from './client';
import type { BodyOf, ResponseOf } from './models';

/** A questionnaire as lists show it (`GET /api/v1/questionnaires`). */
export type QuestionnaireItem = ResponseOf<'/api/v1/questionnaires'>[number];

/** One questionnaire with its summary (readers) or the enterprise's own answers. */
export type Questionnaire = ResponseOf<'/api/v1/questionnaires/{id}'>;

/** One question's summary. */
export type QuestionSummary = NonNullable<Questionnaire['summary']>[number];

/** What sends a questionnaire (`POST /api/v1/questionnaires`). */
export type NewQuestionnaire = BodyOf<'/api/v1/questionnaires'>;

/** The path of one questionnaire. */
export const questionnairePath = (id: string) => `/api/v1/questionnaires/${encodeURIComponent(id)}`;

/** Sends a questionnaire to the enterprises solicited in the period. */
export function sendQuestionnaire(
  body: NewQuestionnaire,
): Promise<{ id: string; enterprises: number; recipients: number }> {
  return api('/api/v1/questionnaires', { method: 'POST', body });
}

/** The enterprise's answers, one per question in order. */
export function answerQuestionnaire(id: string, answers: string[]): Promise<Questionnaire> {
  return api<Questionnaire>(`${questionnairePath(id)}/answers`, { method: 'POST', body: { answers } });
}
