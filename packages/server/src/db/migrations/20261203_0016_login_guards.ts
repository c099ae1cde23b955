import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Login guards shared by every server process: failed logins per client address in a window,
 * and the run of failures and lock of a user name that belongs to no active account (so an
 * unknown name locks exactly as a known one does). Known accounts keep theirs on `users`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE login_guards (
      key text PRIMARY KEY,
      failures integer NOT NULL DEFAULT 0,
      window_start timestamptz NOT NULL,
      locked_until timestamptz
    );
    CREATE INDEX login_guards_window_start ON login_guards (window_start);
  `.execute(db);
}
