import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The activity log (走访与活动; seeds 000, 001, 003 二(四)): visits and meetings held with
 * enterprises — who led them, who attended (users of the jurisdiction or people named with their
 * unit), which enterprises were met, and the cases they produced (filed at the activity) or that
 * were linked to it afterwards. A leader's monthly days in enterprises are counted from these rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE activities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      kind text NOT NULL CHECK (kind IN ('visit', 'pairing', 'half_month_talk', 'breakfast', 'face_to_face',
        'symposium', 'onsite_meeting', 'enterprise_day')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      held_at timestamptz NOT NULL,
      place text CHECK (length(place) <= 200),
      led_by uuid REFERENCES users(id),
      recorded_by uuid NOT NULL REFERENCES users(id),
      notes text CHECK (length(notes) <= 5000),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX activities_held ON activities (jurisdiction_id, held_at DESC);

    CREATE TABLE activity_attendees (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      activity_id uuid NOT NULL REFERENCES activities(id),
      position integer NOT NULL,
      user_id uuid REFERENCES users(id),
      name text CHECK (length(name) <= 100),
      unit_name text CHECK (length(unit_name) <= 100),
      CHECK (user_id IS NOT NULL OR name IS NOT NULL)
    );
    CREATE INDEX activity_attendees_activity ON activity_attendees (activity_id);
    CREATE INDEX activity_attendees_user ON activity_attendees (user_id);

    CREATE TABLE activity_enterprises (
      activity_id uuid NOT NULL REFERENCES activities(id),
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      PRIMARY KEY (activity_id, enterprise_id)
    );
    CREATE INDEX activity_enterprises_enterprise ON activity_enterprises (enterprise_id);

    CREATE TABLE activity_cases (
      activity_id uuid NOT NULL REFERENCES activities(id),
      case_id uuid NOT NULL REFERENCES cases(id),
      produced boolean NOT NULL,
      linked_by uuid NOT NULL REFERENCES users(id),
      linked_at timestamptz NOT NULL,
      PRIMARY KEY (activity_id, case_id)
    );
    CREATE INDEX activity_cases_case ON activity_cases (case_id);
  `.execute(db);
}
