import type { Kysely, Transaction } from 'kysely';
import type { Profile } from '@qisu/core';
import { ProfileSchema } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { appendEvent } from '../events/events.service.js';
import { defaultProfile } from './presets.js';
import {
  hasProfileVersion,
  insertActiveVersion,
  jurisdictionProfileVersion,
  listVersions,
  lockJurisdictionProfileVersion,
  profileDocument,
} from './profiles.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Profiles are immutable per version, so a version once read is cached for the process. */
const cache = new Map<string, Profile>();

/** The active profile of a jurisdiction: its current version, or the default when it has none. */
export async function activeProfile(db: Executor, jurisdictionId: string): Promise<Profile> {
  const j = await jurisdictionProfileVersion(db, jurisdictionId);
  return profileOf(db, { id: jurisdictionId, ...j });
}

/**
 * The profile of a jurisdiction whose active version the caller has already read (e.g. with the
 * row it locked): no query once that version is cached.
 */
export function profileOf(
  db: Executor,
  jurisdiction: { id: string; code: string; profile_version: number | null },
): Promise<Profile> {
  if (jurisdiction.profile_version === null) return Promise.resolve(defaultProfile(jurisdiction.code));
  return profileVersion(db, jurisdiction.id, jurisdiction.profile_version);
}

/** One stored version of a jurisdiction's profile; throws when there is no such version. */
export async function profileVersion(db: Executor, jurisdictionId: string, version: number): Promise<Profile> {
  const key = `${jurisdictionId}:${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const row = await profileDocument(db, jurisdictionId, version);
  const profile = ProfileSchema.parse(row.document);
  cache.set(key, profile);
  return profile;
}

/** Validation problems as a 400 that names each field, for the editor to show in place. */
function invalidProfile(issues: { path: PropertyKey[]; message: string }[]): AppError {
  const fields = issues.map((i) => ({ field: i.path.map(String).join('.'), problem: i.message }));
  const detail = fields.map((f) => `${f.field}: ${f.problem}`).join('; ');
  return new AppError('VALIDATION_FAILED', { detail }, { field: fields[0]?.field ?? 'profile', fields });
}

/**
 * Stores a new version of a jurisdiction's profile, inside the caller's transaction. The
 * document's code must be the jurisdiction's; its version becomes the next one whatever it says.
 * Clocks already running keep the version they started under.
 */
export async function storeProfile(
  trx: Transaction<Database>,
  jurisdictionId: string,
  candidate: unknown,
  by: { userId: string | null; at: Date; note?: string | undefined },
): Promise<Profile> {
  const j = await lockJurisdictionProfileVersion(trx, jurisdictionId);
  const version = (j.profile_version ?? 0) + 1;
  const parsed = ProfileSchema.safeParse(
    typeof candidate === 'object' && candidate !== null ? { ...candidate, version } : candidate,
  );
  if (!parsed.success) throw invalidProfile(parsed.error.issues);
  if (parsed.data.code !== j.code) {
    throw invalidProfile([{ path: ['code'], message: `must be ${j.code}` }]);
  }
  await insertActiveVersion(trx, {
    jurisdictionId,
    version,
    document: JSON.stringify(parsed.data),
    note: by.note ?? null,
    createdBy: by.userId,
    at: by.at,
  });
  await appendEvent(trx, {
    jurisdictionId,
    caseId: null,
    type: 'profile_changed',
    actorId: by.userId,
    unitId: null,
    at: by.at,
    payload: { version, note: by.note ?? null, name: parsed.data.name },
  });
  return parsed.data;
}

/** Admins change the profile through the API; every version is kept with who changed it. */
export async function updateProfile(deps: Deps, actor: Actor, candidate: unknown, note?: string) {
  requireRole(actor, ['admin']);
  return deps.db
    .transaction()
    .execute((trx) =>
      storeProfile(trx, actor.jurisdictionId, candidate, { userId: actor.userId, at: deps.clock.now(), note }),
    );
}

/** Every version of the caller's jurisdiction's profile, newest first, with who stored it. */
export async function listProfileVersions(deps: Deps, actor: Actor) {
  requireRole(actor, ['admin', 'hub', 'leader']);
  const rows = await listVersions(deps.db, actor.jurisdictionId);
  return rows.map((r) => ({
    version: r.version,
    note: r.note,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    createdByName: r.created_by_name,
  }));
}

/** One version of the caller's jurisdiction's profile (admin, hub, leader); 404 when there is none. */
export async function getProfileVersion(deps: Deps, actor: Actor, version: number): Promise<Profile> {
  requireRole(actor, ['admin', 'hub', 'leader']);
  if (!(await hasProfileVersion(deps.db, actor.jurisdictionId, version))) throw new AppError('NOT_FOUND');
  return profileVersion(deps.db, actor.jurisdictionId, version);
}

/** Checks a candidate without storing it. */
export function validateProfile(candidate: unknown): {
  valid: boolean;
  problems: { field: string; problem: string }[];
} {
  const parsed = ProfileSchema.safeParse(candidate);
  if (parsed.success) return { valid: true, problems: [] };
  return {
    valid: false,
    problems: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), problem: i.message })),
  };
}
