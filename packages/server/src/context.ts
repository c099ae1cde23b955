import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import type { Database } from './db/schema.js';
import type { PiiKeyring } from './pii/pii.keyring.js';

/**
 * What every service needs: the database, the time, and the keys of personal data at rest (to
 * encrypt mobiles and ID numbers when written and decrypt them when shown whole or sent). Built
 * once at start, passed down.
 */
export interface Deps {
  db: Kysely<Database>;
  clock: Clock;
  pii: PiiKeyring;
}
