import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Webhooks (SPEC §10): the admin's subscriptions to a jurisdiction's case events, each delivery a
 * row retried with back-off until a 2xx or declared dead, and a cursor per jurisdiction over the
 * event stream so that every event is offered once (a webhook from the event its creation found
 * last). A case remembers the intake key that filed it; a webhook bound to that key receives only
 * the events of those cases: the platform's status sync.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE webhooks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      url text NOT NULL,
      secret text NOT NULL,
      events text[],
      intake_key_id text REFERENCES intake_keys(id),
      active boolean NOT NULL DEFAULT true,
      from_seq integer NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX webhooks_jurisdiction ON webhooks (jurisdiction_id) WHERE active;

    CREATE TABLE webhook_deliveries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      webhook_id uuid NOT NULL REFERENCES webhooks(id),
      event_id bigint NOT NULL,
      case_id uuid NOT NULL REFERENCES cases(id),
      type text NOT NULL,
      body text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_status integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (webhook_id, event_id)
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX webhook_deliveries_order ON webhook_deliveries (webhook_id, case_id, id) WHERE status <> 'delivered';
    CREATE INDEX webhook_deliveries_list ON webhook_deliveries (webhook_id, id DESC);

    ALTER TABLE cases ADD COLUMN intake_key_id text REFERENCES intake_keys(id);

    CREATE TABLE webhook_cursors (
      jurisdiction_id uuid PRIMARY KEY REFERENCES jurisdictions(id),
      last_seq integer NOT NULL
    );
  `.execute(db);
}
