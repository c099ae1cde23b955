import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** The additive counts of docs/kpi.md as this version defines them. */
const COUNTS = [
  'received',
  'dispatched',
  'responded',
  'responded_in_time',
  'closed',
  'closed_in_time',
  'solved',
  'rated',
  'satisfied',
  'redone',
  'late',
  'overdue',
  'returned',
  'supervised',
  'yellow_cards',
  'red_cards',
  'response_timed',
  'response_minutes',
  'resolve_timed',
  'resolve_minutes',
];

/**
 * The KPIs kept up to date by the event stream: each case's counts (`kpi_case_facts`, refreshed
 * whenever an event touches the case), their sums per Asia/Shanghai day and dimension value
 * (`kpi_rollups`), and how far each jurisdiction's events have been read (`kpi_cursors`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const facts = sql.raw(COUNTS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(', '));
  const sums = sql.raw(COUNTS.map((c) => `${c} bigint NOT NULL DEFAULT 0`).join(', '));
  await sql`
    CREATE TABLE kpi_case_facts (
      case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      day date NOT NULL,
      counted boolean NOT NULL,
      unit_key text NOT NULL,
      category_key text NOT NULL,
      region_key text NOT NULL,
      channel_key text NOT NULL,
      enterprise_id uuid,
      ${facts}
    );
    CREATE INDEX kpi_case_facts_period ON kpi_case_facts (jurisdiction_id, day);
    CREATE TABLE kpi_rollups (
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      dim text NOT NULL,
      day date NOT NULL,
      key text NOT NULL,
      ${sums},
      PRIMARY KEY (jurisdiction_id, dim, day, key)
    );
    CREATE TABLE kpi_cursors (
      jurisdiction_id uuid PRIMARY KEY REFERENCES jurisdictions(id),
      last_seq bigint NOT NULL
    );
  `.execute(db);
}
