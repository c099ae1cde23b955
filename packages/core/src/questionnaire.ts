/**
 * The satisfaction questionnaire (seed 003 二(五): 推进中心……向问题征询企业下发评价问卷并收集汇总):
 * its kinds of question, the four levels of seed 003's 附件5, the default questions, and the pure
 * rules that check an enterprise's answers and sum them up.
 */

/** A question is answered on the four levels, or in words. */
export const QUESTION_KINDS = ['rating', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** The levels of 附件5, best first; the first three count as satisfied. */
export const SURVEY_LEVELS = ['very', 'fairly', 'basic', 'not'] as const;
export type SurveyLevel = (typeof SURVEY_LEVELS)[number];

/** Names of the levels, as 附件5 prints them and in English. */
export const SURVEY_LEVEL_LABELS: Record<SurveyLevel, { zh: string; en: string }> = {
  very: { zh: '非常满意', en: 'Very satisfied' },
  fairly: { zh: '比较满意', en: 'Fairly satisfied' },
  basic: { zh: '基本满意', en: 'Basically satisfied' },
  not: { zh: '不满意', en: 'Not satisfied' },
};

/** One question of a questionnaire. */
export interface SurveyQuestion {
  text: string;
  kind: QuestionKind;
}

/** The questions a questionnaire asks when the hub writes none: the three judgements of seed 003 and a suggestion. */
export const DEFAULT_SURVEY_QUESTIONS: readonly SurveyQuestion[] = [
  { text: '对企业反映问题的解决情况是否满意', kind: 'rating' },
  { text: '对联络员（征询专员）问题征询工作是否满意', kind: 'rating' },
  { text: '对问题办理时效是否满意', kind: 'rating' },
  { text: '意见建议', kind: 'text' },
];

/** The longest text answer. */
export const SURVEY_TEXT_MAX = 2000;

/**
 * Why an enterprise's answers cannot be taken, or null: one answer per question in order, a level
 * of `SURVEY_LEVELS` for a rating, at most `SURVEY_TEXT_MAX` characters (possibly none) for a text.
 * `index` names the first question answered wrongly (or the count, when the number is wrong).
 */
export function answerProblem(
  questions: readonly SurveyQuestion[],
  answers: readonly string[],
): { index: number; reason: 'count' | 'level' | 'length' } | null {
  if (answers.length !== questions.length) return { index: answers.length, reason: 'count' };
  for (const [index, q] of questions.entries()) {
    const a = answers[index] ?? '';
    if (q.kind === 'rating' && !(SURVEY_LEVELS as readonly string[]).includes(a)) return { index, reason: 'level' };
    if (q.kind === 'text' && [...a].length > SURVEY_TEXT_MAX) return { index, reason: 'length' };
  }
  return null;
}

/** What a questionnaire's answers say of one question. */
export type QuestionSummary =
  | {
      kind: 'rating';
      text: string;
      counts: Record<SurveyLevel, number>;
      answered: number;
      /** Satisfied (the first three levels) over answered; null when nobody answered. */
      satisfactionRate: number | null;
    }
  | { kind: 'text'; text: string; answers: string[] };

/** The most written answers a summary lists per question (the newest are kept by the caller's order). */
export const SUMMARY_TEXTS = 50;

/**
 * Sums up the answers of a questionnaire, question by question: the count of each level and the
 * satisfaction rate of a rating, the non-empty texts of a text question (at most `SUMMARY_TEXTS`).
 * Answers that do not fit the questions (see `answerProblem`) are left out.
 */
export function summariseAnswers(
  questions: readonly SurveyQuestion[],
  answerSets: readonly (readonly string[])[],
): QuestionSummary[] {
  const valid = answerSets.filter((a) => answerProblem(questions, a) === null);
  return questions.map((q, i) => {
    if (q.kind === 'text') {
      const answers = valid
        .map((a) => (a[i] ?? '').trim())
        .filter((a) => a !== '')
        .slice(0, SUMMARY_TEXTS);
      return { kind: 'text', text: q.text, answers };
    }
    const counts: Record<SurveyLevel, number> = { very: 0, fairly: 0, basic: 0, not: 0 };
    for (const a of valid) counts[a[i] as SurveyLevel]++;
    const answered = valid.length;
    const satisfied = answered - counts.not;
    return {
      kind: 'rating',
      text: q.text,
      counts,
      answered,
      satisfactionRate: answered === 0 ? null : satisfied / answered,
    };
  });
}
