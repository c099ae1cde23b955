import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, QuestionnairesTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The enterprises of a jurisdiction solicited at least once in `[start, end)`, by name. */
export async function solicitedEnterprises(db: Executor, jurisdictionId: string, start: Date, end: Date) {
  return db
    .selectFrom('enterprises as e')
    .select(['e.id', 'e.name'])
    .where('e.jurisdiction_id', '=', jurisdictionId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('solicitations as s')
          .select('s.id')
          .whereRef('s.enterprise_id', '=', 'e.id')
          .where('s.held_at', '>=', start)
          .where('s.held_at', '<', end),
      ),
    )
    .orderBy('e.name')
    .execute();
}

/** Stores a questionnaire and the enterprises it goes to; call inside the sending transaction. */
export async function insertQuestionnaire(
  trx: Transaction<Database>,
  row: Insertable<QuestionnairesTable>,
  enterpriseIds: readonly string[],
): Promise<string> {
  const { id } = await trx.insertInto('questionnaires').values(row).returning('id').executeTakeFirstOrThrow();
  if (enterpriseIds.length > 0) {
    await trx
      .insertInto('questionnaire_recipients')
      .values(enterpriseIds.map((enterprise_id) => ({ questionnaire_id: id, enterprise_id })))
      .execute();
  }
  return id;
}

const withCounts = (db: Executor) =>
  db
    .selectFrom('questionnaires as q')
    .innerJoin('users as u', 'u.id', 'q.sent_by')
    .select((eb) => [
      'q.id',
      'q.title',
      'q.period_from',
      'q.period_to',
      'q.questions',
      'q.sent_at',
      'q.enterprise_count',
      'u.name as sent_by_name',
      eb
        .selectFrom('questionnaire_answers as a')
        .whereRef('a.questionnaire_id', '=', 'q.id')
        .select((x) => x.fn.countAll<number>().as('n'))
        .as('answered'),
    ]);

/** The jurisdiction's questionnaires, newest first, with how many enterprises answered. */
export async function listQuestionnaires(db: Executor, jurisdictionId: string, limit: number) {
  return withCounts(db)
    .where('q.jurisdiction_id', '=', jurisdictionId)
    .orderBy('q.sent_at', 'desc')
    .limit(limit)
    .execute();
}

/** The questionnaires sent to an enterprise, newest first, with its own answer time if it answered. */
export async function questionnairesOfEnterprise(db: Executor, enterpriseId: string, limit: number) {
  return withCounts(db)
    .innerJoin('questionnaire_recipients as r', 'r.questionnaire_id', 'q.id')
    .leftJoin('questionnaire_answers as mine', (join) =>
      join.onRef('mine.questionnaire_id', '=', 'q.id').onRef('mine.enterprise_id', '=', 'r.enterprise_id'),
    )
    .select(['mine.answered_at as my_answered_at', 'mine.answers as my_answers'])
    .where('r.enterprise_id', '=', enterpriseId)
    .orderBy('q.sent_at', 'desc')
    .limit(limit)
    .execute();
}

/** The jurisdiction's questionnaires sent in `[start, end)`, oldest first, at most `limit`. */
export async function questionnairesSentBetween(
  db: Executor,
  jurisdictionId: string,
  start: Date,
  end: Date,
  limit: number,
) {
  return withCounts(db)
    .where('q.jurisdiction_id', '=', jurisdictionId)
    .where('q.sent_at', '>=', start)
    .where('q.sent_at', '<', end)
    .orderBy('q.sent_at')
    .limit(limit)
    .execute();
}

/** One questionnaire of the jurisdiction, or undefined. */
export async function findQuestionnaire(db: Executor, jurisdictionId: string, id: string) {
  return withCounts(db).where('q.jurisdiction_id', '=', jurisdictionId).where('q.id', '=', id).executeTakeFirst();
}

/** Whether the questionnaire went to the enterprise, and its answers if it gave them. */
export async function recipientOf(db: Executor, questionnaireId: string, enterpriseId: string) {
  return db
    .selectFrom('questionnaire_recipients as r')
    .leftJoin('questionnaire_answers as a', (join) =>
      join.onRef('a.questionnaire_id', '=', 'r.questionnaire_id').onRef('a.enterprise_id', '=', 'r.enterprise_id'),
    )
    .select(['r.enterprise_id', 'a.answers', 'a.answered_at'])
    .where('r.questionnaire_id', '=', questionnaireId)
    .where('r.enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
}

/** Every answer sheet of a questionnaire, newest first, with the enterprise's name. */
export async function answersOf(db: Executor, questionnaireId: string) {
  return db
    .selectFrom('questionnaire_answers as a')
    .innerJoin('enterprises as e', 'e.id', 'a.enterprise_id')
    .select(['a.enterprise_id', 'e.name as enterprise_name', 'a.answers', 'a.answered_at'])
    .where('a.questionnaire_id', '=', questionnaireId)
    .orderBy('a.answered_at', 'desc')
    .execute();
}

/** The enterprises a questionnaire went to that have not answered, by name. */
export async function silentRecipients(db: Executor, questionnaireId: string) {
  return db
    .selectFrom('questionnaire_recipients as r')
    .innerJoin('enterprises as e', 'e.id', 'r.enterprise_id')
    .leftJoin('questionnaire_answers as a', (join) =>
      join.onRef('a.questionnaire_id', '=', 'r.questionnaire_id').onRef('a.enterprise_id', '=', 'r.enterprise_id'),
    )
    .select(['e.id', 'e.name'])
    .where('r.questionnaire_id', '=', questionnaireId)
    .where('a.enterprise_id', 'is', null)
    .orderBy('e.name')
    .execute();
}

/** Stores an enterprise's answers; false when it had already answered (another contact was first). */
export async function insertAnswers(
  db: Executor,
  row: { questionnaireId: string; enterpriseId: string; userId: string; answers: string[]; at: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('questionnaire_answers')
    .values({
      questionnaire_id: row.questionnaireId,
      enterprise_id: row.enterpriseId,
      user_id: row.userId,
      answers: JSON.stringify(row.answers),
      answered_at: row.at,
    })
    .onConflict((oc) => oc.columns(['questionnaire_id', 'enterprise_id']).doNothing())
    .returning('enterprise_id')
    .execute();
  return inserted.length > 0;
}
