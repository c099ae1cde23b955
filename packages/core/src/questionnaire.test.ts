import { describe, expect, it } from 'vitest';
import type { SurveyQuestion } from './questionnaire.js';
import { answerProblem, DEFAULT_SURVEY_QUESTIONS, summariseAnswers, SUMMARY_TEXTS } from './questionnaire.js';

const questions: SurveyQuestion[] = [
  { text: '解决情况', kind: 'rating' },
  { text: '意见建议', kind: 'text' },
];

describe('the satisfaction questionnaire', () => {
  it.each([
    [['very', ''], null],
    [['not', '希望加快审批'], null],
    [['very'], { index: 1, reason: 'count' }],
    [['very', '', ''], { index: 3, reason: 'count' }],
    [['5', ''], { index: 0, reason: 'level' }],
    [['', ''], { index: 0, reason: 'level' }],
    [['basic', '长'.repeat(2001)], { index: 1, reason: 'length' }],
  ])('checks answers %j → %j', (answers, problem) => {
    expect(answerProblem(questions, answers)).toEqual(problem);
  });

  it('counts each level, the satisfied share and the written answers, leaving out answers that do not fit', () => {
    const summary = summariseAnswers(questions, [
      ['very', ' 服务很好 '],
      ['fairly', ''],
      ['not', '审批太慢'],
      ['basic', ''],
      ['excellent', '不合规的答卷'],
    ]);
    expect(summary).toEqual([
      {
        kind: 'rating',
        text: '解决情况',
        counts: { very: 1, fairly: 1, basic: 1, not: 1 },
        answered: 4,
        satisfactionRate: 0.75,
      },
      { kind: 'text', text: '意见建议', answers: ['服务很好', '审批太慢'] },
    ]);
  });

  it('has no rate before anyone answers, and keeps at most the summary’s number of texts', () => {
    expect(summariseAnswers(questions, [])[0]).toMatchObject({ answered: 0, satisfactionRate: null });
    const many = Array.from({ length: SUMMARY_TEXTS + 5 }, (_, i) => ['very', `建议${i}`]);
    const texts = summariseAnswers(questions, many)[1];
    expect(texts?.kind === 'text' && texts.answers.length).toBe(SUMMARY_TEXTS);
  });

  it('asks by default the three judgements of seed 003 and a suggestion', () => {
    expect(DEFAULT_SURVEY_QUESTIONS.map((q) => q.kind)).toEqual(['rating', 'rating', 'rating', 'text']);
  });
});
