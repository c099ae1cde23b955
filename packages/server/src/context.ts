import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import type { Database } from './db/schema.js';

/** What every service needs: the database and the time. Built once at start, passed down. */
export interface Deps {
  db: Kysely<Database>;
  clock: Clock;
}
