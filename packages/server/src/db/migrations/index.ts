import type { Migration } from 'kysely';
import * as initial from './20261124_0001_initial.js';

/**
 * Forward-only migrations in the order they run. Names are timestamped and say what they do;
 * each runs unchanged on PGlite and PostgreSQL.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '20261124_0001_initial': initial,
};
