import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ADMIN_ROLES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { ClientRow } from './open311-clients.repository.js';
import { findClient, insertClient, listClients, revokeClient } from './open311-clients.repository.js';
import type { CreatedOpen311ClientDto, CreateOpen311ClientInput, Open311ClientDto } from './open311-clients.schemas.js';

/**
 * The hash under which an API key is kept. Keys are random (32 bytes) or, for the demo, public,
 * so a plain SHA-256 is enough: nothing to guess that a slow hash would protect.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The demo API key of a jurisdiction (SPEC §10). */
export function demoOpen311Key(code: string): string {
  return `qisu-demo-${code}`;
}

/** A new random API key: `o311_` and 43 URL-safe characters (32 bytes). */
function newApiKey(): string {
  return `o311_${randomBytes(32).toString('base64url')}`;
}

function viewOf(row: ClientRow): Open311ClientDto {
  return {
    id: row.id,
    name: row.name,
    jurisdiction: row.jurisdiction_code,
    keyHint: row.key_hint,
    active: row.active,
    createdBy: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    revokedBy: row.revoked_by_name,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

/** The Open311 clients of the admin's jurisdiction, active first. Admins only. */
export async function listOpen311Clients(deps: Deps, actor: Actor): Promise<{ items: Open311ClientDto[] }> {
  requireRole(actor, ADMIN_ROLES);
  const rows = await listClients(deps.db, actor.jurisdictionId);
  return { items: rows.map(viewOf) };
}

/**
 * Lets a new client file cases in the admin's jurisdiction. The key is made here, answered once
 * and kept only as its hash: a lost key is revoked and a new client created.
 */
export async function createOpen311Client(
  deps: Deps,
  actor: Actor,
  input: CreateOpen311ClientInput,
): Promise<CreatedOpen311ClientDto> {
  requireRole(actor, ADMIN_ROLES);
  const apiKey = newApiKey();
  const id = await insertClient(deps.db, {
    jurisdiction_id: actor.jurisdictionId,
    name: input.name,
    key_hash: hashApiKey(apiKey),
    key_hint: apiKey.slice(-4),
    active: true,
    created_by: actor.userId,
    created_at: deps.clock.now(),
    revoked_by: null,
    revoked_at: null,
    last_used_at: null,
  });
  const row = id ? await findClient(deps.db, actor.jurisdictionId, id) : undefined;
  if (!row) throw new AppError('CONFLICT', { detail: 'api key' });
  return { ...viewOf(row), apiKey };
}

/**
 * Revokes a client of the admin's jurisdiction: its key is refused (403) from now on; the cases it
 * filed stay as they are. Revoking again changes nothing. Another jurisdiction's client is 404.
 */
export async function revokeOpen311Client(deps: Deps, actor: Actor, id: string): Promise<Open311ClientDto> {
  requireRole(actor, ADMIN_ROLES);
  const found = await findClient(deps.db, actor.jurisdictionId, id);
  if (!found) throw new AppError('OPEN311_CLIENT_NOT_FOUND');
  await revokeClient(deps.db, actor.jurisdictionId, id, actor.userId, deps.clock.now());
  const row = await findClient(deps.db, actor.jurisdictionId, id);
  if (!row) throw new AppError('OPEN311_CLIENT_NOT_FOUND');
  return viewOf(row);
}

/**
 * The demo client of a jurisdiction, with the published key `qisu-demo-<code>` (SPEC §10), for
 * the demo seeder; run once on an empty jurisdiction.
 */
export async function seedDemoOpen311Client(
  db: Kysely<Database>,
  jurisdiction: { id: string; code: string },
  createdBy: string | null,
  at: Date,
): Promise<void> {
  const key = demoOpen311Key(jurisdiction.code);
  await insertClient(db, {
    jurisdiction_id: jurisdiction.id,
    name: '演示客户端 / demo client',
    key_hash: hashApiKey(key),
    key_hint: key.slice(-4),
    active: true,
    created_by: createdBy,
    created_at: at,
    revoked_by: null,
    revoked_at: null,
    last_used_at: null,
  });
}
