import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** Profiles with their history, calendar overrides and notices, clocks, cards and the outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE profiles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      version integer NOT NULL,
      document jsonb NOT NULL,
      note text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      UNIQUE (jurisdiction_id, version)
    );
    ALTER TABLE jurisdictions ADD COLUMN profile_version integer;

    CREATE TABLE calendar_overrides (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      date date NOT NULL,
      working boolean NOT NULL,
      name text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      UNIQUE (jurisdiction_id, date)
    );

    CREATE TABLE calendar_notices (
      date date PRIMARY KEY,
      year integer NOT NULL,
      working boolean NOT NULL,
      name text,
      imported_by uuid REFERENCES users(id),
      imported_at timestamptz NOT NULL
    );
    CREATE INDEX calendar_notices_year ON calendar_notices (year);

    CREATE TABLE clocks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      case_id uuid NOT NULL REFERENCES cases(id),
      round integer NOT NULL,
      milestone text NOT NULL,
      unit_id uuid REFERENCES units(id),
      parent_clock_id uuid REFERENCES clocks(id),
      title text,
      profile_version integer,
      duration text NOT NULL,
      card text,
      started_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      warn_at timestamptz,
      warned_at timestamptz,
      breached_at timestamptz,
      met_at timestamptz,
      paused_at timestamptz,
      cancelled_at timestamptz,
      state text NOT NULL CHECK (state IN ('running','warned','breached','met','paused','cancelled')),
      next_fire_at timestamptz,
      claimed_until timestamptz
    );
    CREATE INDEX clocks_next_fire ON clocks (next_fire_at) WHERE next_fire_at IS NOT NULL;
    CREATE INDEX clocks_case ON clocks (case_id, milestone);

    CREATE TABLE cards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      case_id uuid REFERENCES cases(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      clock_id uuid REFERENCES clocks(id),
      colour text NOT NULL CHECK (colour IN ('yellow','red')),
      reason text NOT NULL,
      escalation text,
      issued_at timestamptz NOT NULL
    );
    CREATE INDEX cards_unit ON cards (unit_id, issued_at);
    CREATE INDEX cards_case ON cards (case_id);
    CREATE UNIQUE INDEX cards_one_per_clock ON cards (clock_id, colour) WHERE clock_id IS NOT NULL;

    CREATE TABLE unit_card_streaks (
      unit_id uuid PRIMARY KEY REFERENCES units(id),
      yellow_streak integer NOT NULL DEFAULT 0,
      red_streak integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL
    );

    CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      topic text NOT NULL,
      recipient_kind text NOT NULL CHECK (recipient_kind IN ('unit','role','user')),
      recipient text NOT NULL,
      channel text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      dispatched_at timestamptz,
      attempts integer NOT NULL DEFAULT 0
    );
    CREATE INDEX outbox_pending ON outbox (created_at) WHERE dispatched_at IS NULL;

    ALTER TABLE cases ADD COLUMN long_term boolean NOT NULL DEFAULT false;
    ALTER TABLE cases ADD COLUMN plan_text text;
  `.execute(db);
}
