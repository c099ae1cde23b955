import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Chain anchors: each jurisdiction's chain head (seq, hash, the event's time) as recorded by the
 * daily anchoring job, once per head. `qisu audit verify` requires the chain to reach every one
 * of them, so deleting the last events and rewinding `event_chains` no longer passes unnoticed.
 * Like the events, anchors are append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE chain_anchors (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      seq integer NOT NULL CHECK (seq > 0),
      hash text NOT NULL,
      event_at timestamptz NOT NULL,
      anchored_at timestamptz NOT NULL,
      UNIQUE (jurisdiction_id, seq)
    );

    CREATE FUNCTION chain_anchors_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'chain anchors are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$;
    CREATE TRIGGER chain_anchors_append_only BEFORE UPDATE OR DELETE ON chain_anchors
      FOR EACH ROW EXECUTE FUNCTION chain_anchors_refuse_change();
    CREATE TRIGGER chain_anchors_no_truncate BEFORE TRUNCATE ON chain_anchors
      FOR EACH STATEMENT EXECUTE FUNCTION chain_anchors_refuse_change();
  `.execute(db);
}
