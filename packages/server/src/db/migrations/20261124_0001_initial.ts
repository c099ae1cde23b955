import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** Organisation, identity, enterprises, cases with their assignments and records, and the event chain. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE jurisdictions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9]{1,15}$'),
      name text NOT NULL,
      full_name text NOT NULL,
      level text NOT NULL,
      region_code text NOT NULL,
      brand text,
      parent_id uuid REFERENCES jurisdictions(id),
      settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE regions (
      code text PRIMARY KEY CHECK (code ~ '^([0-9]{6}|[0-9]{9}|[0-9]{12})$'),
      name text NOT NULL,
      level text NOT NULL,
      parent_code text REFERENCES regions(code)
    );

    CREATE TABLE units (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('hub','department','town','park','discipline','leadership','other')),
      region_code text REFERENCES regions(code),
      parent_id uuid REFERENCES units(id),
      contact_phone text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (jurisdiction_id, name)
    );

    CREATE TABLE enterprises (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      uscc text NOT NULL,
      name text NOT NULL,
      industry_code text,
      industry_name text,
      scale text CHECK (scale IN ('large','medium','small','micro')),
      above_designated_size boolean NOT NULL DEFAULT false,
      region_code text REFERENCES regions(code),
      grid text,
      liaison_user_id uuid,
      contacts jsonb NOT NULL DEFAULT '[]'::jsonb,
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (jurisdiction_id, uscc)
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      username text NOT NULL UNIQUE,
      name text NOT NULL,
      mobile text,
      id_number text,
      password_hash text NOT NULL,
      roles text[] NOT NULL,
      unit_id uuid REFERENCES units(id),
      enterprise_id uuid REFERENCES enterprises(id),
      active boolean NOT NULL DEFAULT true,
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    ALTER TABLE enterprises ADD CONSTRAINT enterprises_liaison_fk FOREIGN KEY (liaison_user_id) REFERENCES users(id);

    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX sessions_user ON sessions (user_id);

    CREATE TABLE categories (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      parent_id uuid REFERENCES categories(id),
      code text NOT NULL,
      name text NOT NULL,
      name_en text,
      UNIQUE (jurisdiction_id, code)
    );

    CREATE TABLE case_counters (
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      year integer NOT NULL,
      last_seq integer NOT NULL,
      PRIMARY KEY (jurisdiction_id, year)
    );

    CREATE TABLE cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      number text NOT NULL UNIQUE,
      channel text NOT NULL,
      external_ref text,
      enterprise_id uuid REFERENCES enterprises(id),
      contact_name text,
      contact_mobile text,
      title text NOT NULL,
      content text NOT NULL,
      kind text NOT NULL,
      category_id uuid REFERENCES categories(id),
      complexity text,
      location text,
      region_code text,
      status text NOT NULL,
      round integer NOT NULL DEFAULT 1,
      lead_unit_id uuid REFERENCES units(id),
      merged_into_id uuid REFERENCES cases(id),
      reject_reason text,
      answer_text text,
      result text,
      result_text text,
      last_score integer,
      unsatisfied_rounds integer NOT NULL DEFAULT 0,
      discipline_flag boolean NOT NULL DEFAULT false,
      escalated_to text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      closed_at timestamptz,
      UNIQUE (jurisdiction_id, channel, external_ref)
    );
    CREATE INDEX cases_scope_status ON cases (jurisdiction_id, status, created_at DESC);
    CREATE INDEX cases_enterprise ON cases (enterprise_id);
    CREATE INDEX cases_created_by ON cases (created_by);

    CREATE TABLE assignments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      role text NOT NULL CHECK (role IN ('lead','co')),
      round integer NOT NULL,
      status text NOT NULL,
      assigned_at timestamptz NOT NULL,
      signed_at timestamptz,
      contacted_at timestamptz,
      contact_note text,
      feedback_at timestamptz,
      feedback_text text,
      replied_at timestamptz,
      reply_result text,
      reply_text text
    );
    CREATE UNIQUE INDEX assignments_active_unit ON assignments (case_id, round, unit_id)
      WHERE status NOT IN ('returned');
    CREATE INDEX assignments_unit ON assignments (unit_id, case_id);
    CREATE INDEX assignments_case ON assignments (case_id, round);

    CREATE TABLE ratings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases(id),
      round integer NOT NULL,
      score integer NOT NULL CHECK (score BETWEEN 1 AND 5),
      satisfied boolean NOT NULL,
      comment text,
      rated_by uuid REFERENCES users(id),
      at timestamptz NOT NULL
    );
    CREATE INDEX ratings_case ON ratings (case_id);

    CREATE TABLE extensions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases(id),
      unit_id uuid NOT NULL REFERENCES units(id),
      round integer NOT NULL,
      reason text NOT NULL,
      requested_until timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('pending','approved','denied')),
      requested_by uuid REFERENCES users(id),
      requested_at timestamptz NOT NULL,
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      note text
    );
    CREATE UNIQUE INDEX extensions_one_pending ON extensions (case_id) WHERE status = 'pending';

    CREATE TABLE supervisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases(id),
      by_whom text NOT NULL CHECK (by_whom IN ('platform','discipline','leader')),
      instruction text NOT NULL,
      actor_id uuid REFERENCES users(id),
      at timestamptz NOT NULL,
      response text
    );
    CREATE INDEX supervisions_case ON supervisions (case_id);

    CREATE TABLE revisits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases(id),
      round integer NOT NULL,
      method text NOT NULL,
      note text NOT NULL,
      actor_id uuid REFERENCES users(id),
      at timestamptz NOT NULL
    );

    CREATE TABLE reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases(id),
      round integer NOT NULL,
      decision text NOT NULL CHECK (decision IN ('close','redo')),
      opinion text NOT NULL,
      actor_id uuid REFERENCES users(id),
      at timestamptz NOT NULL
    );

    CREATE TABLE escalations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases(id),
      to_target text NOT NULL,
      reason text NOT NULL,
      actor_id uuid REFERENCES users(id),
      at timestamptz NOT NULL
    );

    CREATE TABLE events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      seq integer NOT NULL,
      case_id uuid REFERENCES cases(id),
      type text NOT NULL,
      actor_id uuid REFERENCES users(id),
      unit_id uuid REFERENCES units(id),
      at timestamptz NOT NULL,
      payload jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      UNIQUE (jurisdiction_id, seq)
    );
    CREATE INDEX events_case ON events (case_id, seq);

    CREATE TABLE event_chains (
      jurisdiction_id uuid PRIMARY KEY REFERENCES jurisdictions(id),
      last_seq integer NOT NULL,
      last_hash text NOT NULL
    );

    CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$;
    CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
    CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();
  `.execute(db);
}
