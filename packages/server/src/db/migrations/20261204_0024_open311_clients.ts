import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Open311 GeoReport v2: the clients an admin lets file cases (each with its API key, kept only as
 * a SHA-256 hash, revoked rather than deleted so that the cases it filed still name it), and what
 * each request filed through them carried that a case has no column for — the token the spec
 * resolves, the coordinates and address, the media link, the client's account and device ids.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE open311_clients (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
      key_hint text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      revoked_by uuid REFERENCES users(id),
      revoked_at timestamptz,
      last_used_at timestamptz,
      CHECK (active = (revoked_at IS NULL))
    );
    CREATE INDEX open311_clients_jurisdiction ON open311_clients (jurisdiction_id, created_at DESC);

    CREATE TABLE open311_requests (
      case_id uuid PRIMARY KEY REFERENCES cases(id),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      client_id uuid NOT NULL REFERENCES open311_clients(id),
      token text NOT NULL UNIQUE,
      lat double precision CHECK (lat BETWEEN -90 AND 90),
      long double precision CHECK (long BETWEEN -180 AND 180),
      address_string text,
      address_id text,
      media_url text,
      account_id text,
      device_id text,
      requested_at timestamptz NOT NULL
    );
    CREATE INDEX open311_requests_recent ON open311_requests (jurisdiction_id, requested_at DESC);
    CREATE INDEX open311_requests_client ON open311_requests (client_id);
  `.execute(db);
}
