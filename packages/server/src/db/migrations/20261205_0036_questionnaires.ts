import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Satisfaction questionnaires (seed 003 二(五)): a questionnaire the hub sends to the enterprises
 * solicited in a period, the enterprises it went to, and one answer sheet per enterprise.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE questionnaires (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      period_from date NOT NULL,
      period_to date NOT NULL CHECK (period_to > period_from),
      questions jsonb NOT NULL,
      sent_by uuid NOT NULL REFERENCES users(id),
      sent_at timestamptz NOT NULL,
      enterprise_count integer NOT NULL CHECK (enterprise_count >= 0)
    );
    CREATE INDEX questionnaires_jurisdiction ON questionnaires (jurisdiction_id, sent_at DESC);

    CREATE TABLE questionnaire_recipients (
      questionnaire_id uuid NOT NULL REFERENCES questionnaires(id),
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      PRIMARY KEY (questionnaire_id, enterprise_id)
    );
    CREATE INDEX questionnaire_recipients_enterprise ON questionnaire_recipients (enterprise_id);

    CREATE TABLE questionnaire_answers (
      questionnaire_id uuid NOT NULL REFERENCES questionnaires(id),
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      user_id uuid NOT NULL REFERENCES users(id),
      answers jsonb NOT NULL,
      answered_at timestamptz NOT NULL,
      PRIMARY KEY (questionnaire_id, enterprise_id),
      FOREIGN KEY (questionnaire_id, enterprise_id) REFERENCES questionnaire_recipients (questionnaire_id, enterprise_id)
    );
  `.execute(db);
}
