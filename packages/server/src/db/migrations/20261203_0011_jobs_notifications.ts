import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Delivery of the outbox and the console's notifications.
 *
 * - `outbox`: a row may now name no recipient but its case (`recipient_kind = 'case'`: the
 *   notification rule decides); `next_attempt_at` and `last_error` carry the back-off of a
 *   failing provider; `dispatched_at` (already there) marks the row delivered.
 * - `outbox_deliveries`: each message sent outside the database (SMS, WeChat) once per row,
 *   channel and user, so a retried row never sends it again.
 * - `notifications`: what the console's bell shows, per user, in both languages.
 * - `job_steps`: the completed steps of a job run, so a retry skips them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE outbox DROP CONSTRAINT outbox_recipient_kind_check;
    ALTER TABLE outbox ADD CONSTRAINT outbox_recipient_kind_check
      CHECK (recipient_kind IN ('unit','role','user','case'));
    ALTER TABLE outbox ADD COLUMN next_attempt_at timestamptz;
    ALTER TABLE outbox ADD COLUMN last_error text;

    CREATE TABLE outbox_deliveries (
      outbox_id bigint NOT NULL REFERENCES outbox(id),
      channel text NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      delivered_at timestamptz NOT NULL,
      PRIMARY KEY (outbox_id, channel, user_id)
    );

    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      outbox_id bigint REFERENCES outbox(id),
      type text NOT NULL,
      case_id uuid REFERENCES cases(id),
      title_zh text NOT NULL,
      title_en text NOT NULL,
      at timestamptz NOT NULL,
      read_at timestamptz
    );
    CREATE UNIQUE INDEX notifications_once_per_row ON notifications (outbox_id, user_id);
    CREATE INDEX notifications_of_user ON notifications (user_id, at DESC);
    CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

    CREATE TABLE job_steps (
      job_id text NOT NULL,
      step text NOT NULL,
      output jsonb,
      done_at timestamptz NOT NULL,
      PRIMARY KEY (job_id, step)
    );
  `.execute(db);
}
