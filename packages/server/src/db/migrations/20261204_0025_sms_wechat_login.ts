import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * SMS and WeChat for real. `users.wechat_openid`: the user's openid under the platform's WeChat
 * official account, for template messages (nullable: a user without one gets none).
 * `users.mobile_lookup`: a blind index of the encrypted mobile (`<keyId>:<hex HMAC>` of the normal
 * 11-digit form under a key derived from the personal-data key), so that the login by SMS code
 * finds a user by mobile without decrypting every row; filled at start for rows written before.
 * `sms_login_codes`: the codes sent for that login, only as keyed hashes, one row per request
 * (a request for a mobile with no account leaves a row too, never sent, so both look alike).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE users ADD COLUMN wechat_openid text;
    ALTER TABLE users ADD COLUMN mobile_lookup text;
    CREATE INDEX users_mobile_lookup ON users (mobile_lookup) WHERE mobile_lookup IS NOT NULL;

    CREATE TABLE sms_login_codes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      mobile_key text NOT NULL,
      user_id uuid REFERENCES users(id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      address text,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX sms_login_codes_mobile ON sms_login_codes (mobile_key, created_at DESC);
    CREATE INDEX sms_login_codes_created ON sms_login_codes (created_at);
  `.execute(db);
}
