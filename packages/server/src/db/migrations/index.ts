import type { Migration } from 'kysely';
import * as initial from './20261124_0001_initial.js';
import * as profilesClocks from './20261124_0002_profiles_clocks.js';
import * as reviewForms from './20261124_0003_review_forms.js';

/**
 * Forward-only migrations in the order they run. Names are timestamped and say what they do;
 * each runs unchanged on PGlite and PostgreSQL.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '20261124_0001_initial': initial,
  '20261124_0002_profiles_clocks': profilesClocks,
  '20261124_0003_review_forms': reviewForms,
};
