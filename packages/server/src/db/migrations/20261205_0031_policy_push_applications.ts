import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The policy supermarket (政策超市, seed 003; 004 三(二)4 一窗受理、分类流转、部门办理、统一反馈;
 * 000 五(二)):
 * - a policy's targeting: industry codes (GB/T 4754) and region codes (GB/T 2260), both matched by
 *   prefix, the ledger's scales, 规上/规下; an empty list restricts nothing. The ledger has no
 *   enterprise type, so there is no such tag. The issuing unit decides applications; `online`
 *   policies are applied for on the platform, `automatic` ones (免申即享) are granted on the ledger's
 *   facts with nothing to file, `benefit` says what an eligible enterprise receives;
 * - pushes (and 免申即享 grants) with each contact told, and when they opened the policy;
 * - applications: submitted → approved / rejected → paid, routed to the issuing unit. Materials are
 *   described as text: attachments are stored per case, not per application;
 * - notifications may name the policy and the application they are about.
 * A policy with applications cannot be deleted (RESTRICT): the record of what was decided stays.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE policy_documents
      ADD COLUMN industry_codes text[] NOT NULL DEFAULT '{}',
      ADD COLUMN scales text[] NOT NULL DEFAULT '{}'
        CHECK (scales <@ ARRAY['large','medium','small','micro']::text[]),
      ADD COLUMN region_codes text[] NOT NULL DEFAULT '{}',
      ADD COLUMN above_designated_size boolean,
      ADD COLUMN issuing_unit_id uuid REFERENCES units(id),
      ADD COLUMN online boolean NOT NULL DEFAULT false,
      ADD COLUMN automatic boolean NOT NULL DEFAULT false,
      ADD COLUMN benefit text,
      ADD CONSTRAINT policy_documents_online_or_automatic CHECK (NOT (online AND automatic));

    CREATE TABLE policy_pushes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      policy_id uuid NOT NULL REFERENCES policy_documents(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('push','automatic')),
      filter jsonb NOT NULL,
      pushed_by uuid REFERENCES users(id),
      pushed_at timestamptz NOT NULL,
      enterprise_count integer NOT NULL,
      recipient_count integer NOT NULL
    );
    CREATE INDEX policy_pushes_of_policy ON policy_pushes (policy_id, pushed_at DESC);

    CREATE TABLE policy_push_recipients (
      push_id uuid NOT NULL REFERENCES policy_pushes(id) ON DELETE CASCADE,
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      user_id uuid NOT NULL REFERENCES users(id),
      notified_at timestamptz NOT NULL,
      opened_at timestamptz,
      PRIMARY KEY (push_id, user_id)
    );
    CREATE INDEX policy_push_recipients_unopened ON policy_push_recipients (user_id) WHERE opened_at IS NULL;

    CREATE TABLE policy_applications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      policy_id uuid NOT NULL REFERENCES policy_documents(id) ON DELETE RESTRICT,
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      applicant_user_id uuid NOT NULL REFERENCES users(id),
      text text NOT NULL,
      materials text,
      status text NOT NULL CHECK (status IN ('submitted','approved','rejected','paid')),
      routed_unit_id uuid REFERENCES units(id),
      decided_by uuid REFERENCES users(id),
      decision_note text,
      decided_at timestamptz,
      paid_by uuid REFERENCES users(id),
      paid_at timestamptz,
      amount numeric(14,2),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX policy_applications_jurisdiction ON policy_applications (jurisdiction_id, created_at DESC);
    CREATE INDEX policy_applications_enterprise ON policy_applications (enterprise_id, created_at DESC);
    CREATE INDEX policy_applications_unit ON policy_applications (routed_unit_id, created_at DESC);

    ALTER TABLE notifications
      ADD COLUMN policy_id uuid,
      ADD COLUMN policy_application_id uuid;
  `.execute(db);
}
