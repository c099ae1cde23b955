import { z } from 'zod';
import { QUESTION_KINDS, SURVEY_LEVELS, SURVEY_TEXT_MAX } from '@qisu/core';
import { id, text } from '../cases/cases.schemas.js';
import { LocalDate } from '../reports/reports.schemas.js';

const Question = z.object({
  text: text(200).describe('问题 / the question'),
  kind: z.enum(QUESTION_KINDS).describe('rating：非常满意/比较满意/基本满意/不满意；text：文字 / four levels or words'),
});

/** A questionnaire for the enterprises solicited in `[from, to)`; the default questions when none are given. */
export const SendQuestionnaireBody = z
  .object({
    title: text(200).describe('问卷标题 / title'),
    from: LocalDate.describe('征询起始日（含），上海时间 / first day of the period, included'),
    to: LocalDate.describe('征询截止日（不含）/ the day after the period'),
    questions: z.array(Question).min(1).max(20).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.to <= b.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  });

export const CreatedQuestionnaire = z.object({
  id: z.uuid(),
  enterprises: z.number().int().describe('发往的企业数 / enterprises it went to'),
  recipients: z.number().int().describe('收到通知的企业联系人数 / contacts told'),
});

export const QuestionnaireParams = z.object({ id });

const Common = {
  id: z.uuid(),
  title: z.string(),
  from: z.string(),
  to: z.string(),
  sentAt: z.string(),
  sentBy: z.string(),
  enterprises: z.number().int(),
  answered: z.number().int().describe('已答卷的企业数 / enterprises that answered'),
};

/** A questionnaire as lists show it; `answeredAt` is the caller's enterprise's, for an enterprise. */
export const QuestionnaireListItem = z.object({
  ...Common,
  questions: z.number().int(),
  answeredAt: z.string().nullable().optional(),
});

const LevelCounts = z.object(
  Object.fromEntries(SURVEY_LEVELS.map((l) => [l, z.number().int()])) as Record<
    (typeof SURVEY_LEVELS)[number],
    z.ZodNumber
  >,
);

/** What the answers say of a question (the hub, leaders and the admin). */
const QuestionSummary = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rating'),
    text: z.string(),
    counts: LevelCounts,
    answered: z.number().int(),
    satisfactionRate: z.number().nullable().describe('满意率（前三档）/ satisfied share'),
  }),
  z.object({ kind: z.literal('text'), text: z.string(), answers: z.array(z.string()) }),
]);

/**
 * One questionnaire: its questions; for the readers of the jurisdiction the summary and the
 * enterprises that have not answered; for an enterprise its own answers, if given.
 */
export const QuestionnaireView = z.object({
  ...Common,
  questions: z.array(Question),
  summary: z.array(QuestionSummary).optional(),
  silent: z.array(z.object({ id: z.uuid(), name: z.string() })).optional(),
  mine: z
    .object({ answers: z.array(z.string()), answeredAt: z.string() })
    .nullable()
    .optional(),
});

/** An enterprise's answers, one per question in order: a level for a rating, words (or nothing) for a text. */
export const AnswerBody = z.object({
  answers: z.array(z.string().trim().max(SURVEY_TEXT_MAX)).max(20),
});

export type SendQuestionnaireInput = z.infer<typeof SendQuestionnaireBody>;
export type QuestionnaireListItemDto = z.infer<typeof QuestionnaireListItem>;
export type QuestionnaireDto = z.infer<typeof QuestionnaireView>;
