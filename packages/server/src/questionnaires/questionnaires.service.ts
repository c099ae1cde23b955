import type { QuestionSummary, SurveyQuestion } from '@qisu/core';
import {
  answerProblem,
  dateToDay,
  DEFAULT_SURVEY_QUESTIONS,
  hasAnyRole,
  QUESTIONNAIRE_READER_ROLES,
  QUESTIONNAIRE_SENDER_ROLES,
  shanghaiInstant,
  summariseAnswers,
} from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { enterpriseContacts } from '../enterprises/enterprises.service.js';
import { AppError, invalidField } from '../errors.js';
import { writeOutboxMany } from '../outbox/outbox.service.js';
import {
  answersOf,
  findQuestionnaire,
  insertAnswers,
  insertQuestionnaire,
  listQuestionnaires,
  questionnairesOfEnterprise,
  questionnairesSentBetween,
  recipientOf,
  silentRecipients,
  solicitedEnterprises,
} from './questionnaires.repository.js';
import type { QuestionnaireDto, QuestionnaireListItemDto, SendQuestionnaireInput } from './questionnaires.schemas.js';

/** The most questionnaires a list returns. */
const LIST_LIMIT = 100;

/** The most questionnaires a period's notice sums up. */
const NOTICE_LIMIT = 12;

/** A questionnaire sent in a period as a report sums it up: who it went to, who answered, each rating question. */
export interface QuestionnaireDigest {
  title: string;
  from: string;
  to: string;
  enterprises: number;
  answered: number;
  ratings: Extract<QuestionSummary, { kind: 'rating' }>[];
}

type Row = NonNullable<Awaited<ReturnType<typeof findQuestionnaire>>>;

const common = (r: Row) => ({
  id: r.id,
  title: r.title,
  from: r.period_from,
  to: r.period_to,
  sentAt: r.sent_at.toISOString(),
  sentBy: r.sent_by_name,
  enterprises: r.enterprise_count,
  answered: Number(r.answered ?? 0),
});

/**
 * Sends a satisfaction questionnaire (seed 003 二(五)) to every enterprise solicited in
 * `[from, to)` (Asia/Shanghai days): the questionnaire, its recipients and one notification per
 * contact are written in one transaction. A period in which nobody was solicited is refused.
 */
export async function sendQuestionnaire(
  deps: Deps,
  actor: Actor,
  input: SendQuestionnaireInput,
): Promise<{ id: string; enterprises: number; recipients: number }> {
  requireRole(actor, QUESTIONNAIRE_SENDER_ROLES);
  const start = shanghaiInstant(dateToDay(input.from), 0);
  const end = shanghaiInstant(dateToDay(input.to), 0);
  const enterprises = await solicitedEnterprises(deps.db, actor.jurisdictionId, start, end);
  if (enterprises.length === 0) {
    throw invalidField('from', '该期间没有征询过的企业，问卷无人可发', 'no enterprise was solicited in this period');
  }
  const contacts = await enterpriseContacts(
    deps.db,
    actor.jurisdictionId,
    enterprises.map((e) => e.id),
  );
  const questions: SurveyQuestion[] = input.questions ?? [...DEFAULT_SURVEY_QUESTIONS];
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const created = await insertQuestionnaire(
      trx,
      {
        jurisdiction_id: actor.jurisdictionId,
        title: input.title,
        period_from: input.from,
        period_to: input.to,
        questions: JSON.stringify(questions),
        sent_by: actor.userId,
        sent_at: now,
        enterprise_count: enterprises.length,
      },
      enterprises.map((e) => e.id),
    );
    await writeOutboxMany(
      trx,
      contacts.map((c) => ({
        jurisdictionId: actor.jurisdictionId,
        topic: 'questionnaire',
        recipient: { kind: 'user', id: c.id },
        at: now,
        payload: { title: input.title, questionnaireId: created },
      })),
    );
    return created;
  });
  return { id, enterprises: enterprises.length, recipients: contacts.length };
}

/**
 * The questionnaires the caller may read, newest first: every one of the jurisdiction for the hub,
 * leaders and the admin; those sent to its enterprise, with when it answered, for an enterprise.
 */
export async function questionnaireList(deps: Deps, actor: Actor): Promise<QuestionnaireListItemDto[]> {
  if (hasAnyRole(actor.roles, QUESTIONNAIRE_READER_ROLES)) {
    const rows = await listQuestionnaires(deps.db, actor.jurisdictionId, LIST_LIMIT);
    return rows.map((r) => ({ ...common(r), questions: r.questions.length }));
  }
  if (actor.enterpriseId) {
    const rows = await questionnairesOfEnterprise(deps.db, actor.enterpriseId, LIST_LIMIT);
    return rows.map((r) => ({
      ...common(r),
      questions: r.questions.length,
      answeredAt: r.my_answered_at ? r.my_answered_at.toISOString() : null,
    }));
  }
  throw new AppError('FORBIDDEN');
}

/**
 * One questionnaire: for the readers of the jurisdiction with the summary of its answers and the
 * enterprises that have not answered; for an enterprise it went to, with its own answers. Anyone
 * else — another enterprise, another jurisdiction — is told it does not exist.
 */
export async function questionnaireDetail(deps: Deps, actor: Actor, id: string): Promise<QuestionnaireDto> {
  const reader = hasAnyRole(actor.roles, QUESTIONNAIRE_READER_ROLES);
  if (!reader && !actor.enterpriseId) throw new AppError('FORBIDDEN');
  const row = await findQuestionnaire(deps.db, actor.jurisdictionId, id);
  if (!row) throw new AppError('QUESTIONNAIRE_NOT_FOUND');
  const questions = row.questions;
  if (reader) {
    const [answers, silent] = await Promise.all([answersOf(deps.db, id), silentRecipients(deps.db, id)]);
    return {
      ...common(row),
      questions,
      summary: summariseAnswers(
        questions,
        answers.map((a) => a.answers),
      ),
      silent,
    };
  }
  const mine = await recipientOf(deps.db, id, actor.enterpriseId ?? '');
  if (!mine) throw new AppError('QUESTIONNAIRE_NOT_FOUND');
  return {
    ...common(row),
    questions,
    mine:
      mine.answers && mine.answered_at ? { answers: mine.answers, answeredAt: mine.answered_at.toISOString() } : null,
  };
}

/**
 * An enterprise's answers to a questionnaire sent to it: one per question, checked by core's
 * `answerProblem`; an enterprise answers once (its first contact to answer speaks for it).
 */
export async function answerQuestionnaire(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { answers: string[] },
): Promise<QuestionnaireDto> {
  requireRole(actor, ['enterprise']);
  const row = await findQuestionnaire(deps.db, actor.jurisdictionId, id);
  const recipient = row && actor.enterpriseId ? await recipientOf(deps.db, id, actor.enterpriseId) : undefined;
  if (!row || !recipient || !actor.enterpriseId) throw new AppError('QUESTIONNAIRE_NOT_FOUND');
  if (recipient.answered_at) throw new AppError('QUESTIONNAIRE_ANSWERED');
  const problem = answerProblem(row.questions, input.answers);
  if (problem) {
    const field = problem.reason === 'count' ? 'answers' : `answers.${problem.index}`;
    throw problem.reason === 'count'
      ? invalidField(field, `应回答 ${row.questions.length} 个问题`, `answer all ${row.questions.length} questions`)
      : problem.reason === 'level'
        ? invalidField(
            field,
            `第 ${problem.index + 1} 题请选择满意程度`,
            `choose a level for question ${problem.index + 1}`,
          )
        : invalidField(
            field,
            `第 ${problem.index + 1} 题的回答过长`,
            `the answer to question ${problem.index + 1} is too long`,
          );
  }
  const stored = await insertAnswers(deps.db, {
    questionnaireId: id,
    enterpriseId: actor.enterpriseId,
    userId: actor.userId,
    answers: input.answers,
    at: deps.clock.now(),
  });
  if (!stored) throw new AppError('QUESTIONNAIRE_ANSWERED');
  return questionnaireDetail(deps, actor, id);
}

/**
 * The questionnaires a jurisdiction sent in `[start, end)`, oldest first, each with the counts of
 * its rating questions (seed 003 二(五): 收集汇总) — for the period's notice, which has already
 * checked the reader's role.
 */
export async function questionnairesOfPeriod(
  deps: Deps,
  jurisdictionId: string,
  start: Date,
  end: Date,
): Promise<QuestionnaireDigest[]> {
  const rows = await questionnairesSentBetween(deps.db, jurisdictionId, start, end, NOTICE_LIMIT);
  return Promise.all(
    rows.map(async (r) => {
      const answers = await answersOf(deps.db, r.id);
      const summary = summariseAnswers(
        r.questions,
        answers.map((a) => a.answers),
      );
      return {
        title: r.title,
        from: r.period_from,
        to: r.period_to,
        enterprises: r.enterprise_count,
        answered: Number(r.answered ?? 0),
        ratings: summary.filter((q): q is QuestionnaireDigest['ratings'][number] => q.kind === 'rating'),
      };
    }),
  );
}
