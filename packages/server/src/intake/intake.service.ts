import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { Actor, ActorSource } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { createCase } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import { enterpriseByUscc } from '../enterprises/enterprises.service.js';
import { AppError } from '../errors.js';
import { queueAttachmentFetches } from './attachment-fetches.service.js';
import { findActiveKey, findKey, insertKey, listKeys, revokeKey, touchKey } from './intake.repository.js';
import type { CreatedIntakeKey, CreateIntakeKeyBody, IntakeInput, IntakeKeyView } from './intake.schemas.js';

/** How far a request's timestamp may be from the server's clock, either way (SPEC §10). */
export const INTAKE_WINDOW_SECONDS = 300;

/** The signature of an intake request: hex HMAC-SHA256 with the key's secret over `<timestamp>.<raw body>`. */
export function intakeSignature(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** The demo key of a jurisdiction (SPEC §10): id `<code>-demo`, secret `qisu-demo-secret-<code>`. */
export function demoIntakeKey(code: string): { id: string; secret: string } {
  return { id: `${code}-demo`, secret: `qisu-demo-secret-${code}` };
}

/** The headers of a signed request, as sent. */
export interface IntakeSigning {
  keyId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * The platform behind a signed request, as an actor of its key's jurisdiction that files like its
 * hub and names no user. Refuses (401) an unknown or revoked key, a timestamp outside the window,
 * and a signature that does not match — compared in constant time.
 */
export async function verifyIntake(deps: Deps, signing: IntakeSigning, rawBody: string): Promise<Actor> {
  if (!signing.keyId) throw new AppError('INTAKE_KEY_UNKNOWN', { keyId: '' });
  const key = await findActiveKey(deps.db, signing.keyId);
  if (!key) throw new AppError('INTAKE_KEY_UNKNOWN', { keyId: signing.keyId });
  const seconds = signing.timestamp && /^\d{1,12}$/.test(signing.timestamp) ? Number(signing.timestamp) : NaN;
  if (!(Math.abs(deps.clock.now().getTime() / 1000 - seconds) <= INTAKE_WINDOW_SECONDS)) {
    throw new AppError('INTAKE_TIMESTAMP_OUT_OF_WINDOW', { seconds: INTAKE_WINDOW_SECONDS });
  }
  const expected = Buffer.from(intakeSignature(deps.pii.open(key.secret) ?? '', signing.timestamp!, rawBody), 'hex');
  const given = /^[0-9a-fA-F]{64}$/.test(signing.signature ?? '') ? Buffer.from(signing.signature!, 'hex') : null;
  if (!given || !timingSafeEqual(expected, given)) throw new AppError('INTAKE_SIGNATURE_INVALID');
  await touchKey(deps.db, key.id, deps.clock.now());
  const source: ActorSource = { kind: 'intake', keyId: key.id, name: key.source };
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    username: `intake:${key.id}`,
    name: key.source,
    roles: ['hub'],
    jurisdictionId: key.jurisdiction_id,
    jurisdictionCode: key.jurisdiction_code,
    jurisdictionIds: [key.jurisdiction_id],
    unitId: null,
    unitKind: null,
    unitRegionCode: null,
    enterpriseId: null,
    source,
  };
}

/** The key's channel, read again for the case (the actor carries only its id). */
async function keyChannel(deps: Deps, keyId: string): Promise<string> {
  const key = await findActiveKey(deps.db, keyId);
  return key?.channel ?? 'other';
}

/**
 * `POST /api/v1/intake/cases`: files the platform's case, or answers the one its `externalRef`
 * already filed (`created: false`), also when retries race. Its attachment links are queued for
 * the fetch job after the case is filed — on a retry too, so that links lost with an earlier
 * answer are queued then; a link queued before is not queued again.
 */
export async function receiveIntake(deps: Deps, actor: Actor, input: IntakeInput) {
  const channel = input.channel ?? (await keyChannel(deps, actor.source?.keyId ?? ''));
  const enterpriseId = input.enterprise
    ? await enterpriseByUscc(deps, actor.jurisdictionId, {
        ...input.enterprise,
        ...(input.contactName && input.contactMobile
          ? { contact: { name: input.contactName, mobile: input.contactMobile } }
          : {}),
      })
    : undefined;
  const filed = await createCase(deps, actor, {
    title: input.title,
    content: input.content,
    externalRef: input.externalRef,
    channel: channel as never,
    ...(input.kind ? { kind: input.kind } : {}),
    ...(enterpriseId ? { enterpriseId } : {}),
    ...(input.contactName ? { contactName: input.contactName } : {}),
    ...(input.contactMobile ? { contactMobile: input.contactMobile } : {}),
    ...(input.location ? { location: input.location } : {}),
  });
  if (input.attachments && input.attachments.length > 0) {
    await queueAttachmentFetches(deps, actor, filed.id, input.attachments);
  }
  return filed;
}

type KeyView = z.infer<typeof IntakeKeyView>;

function keyView(row: {
  id: string;
  source: string;
  channel: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_by_name: string | null;
}): KeyView {
  return {
    id: row.id,
    source: row.source,
    channel: row.channel,
    active: row.revoked_at === null,
    createdBy: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

/** The jurisdiction's intake keys (admin). */
export async function listIntakeKeys(deps: Deps, actor: Actor): Promise<KeyView[]> {
  requireRole(actor, ['admin']);
  return (await listKeys(deps.db, actor.jurisdictionId)).map(keyView);
}

/**
 * A new key for a platform (admin): its secret is answered this once and kept sealed. Rotating is
 * adding a key and revoking the old one once the platform uses the new; both work meanwhile.
 */
export async function createIntakeKey(
  deps: Deps,
  actor: Actor,
  input: z.infer<typeof CreateIntakeKeyBody>,
): Promise<z.infer<typeof CreatedIntakeKey>> {
  requireRole(actor, ['admin']);
  const id = input.id ?? `${actor.jurisdictionCode}-${randomBytes(6).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  const inserted = await insertKey(deps.db, {
    id,
    jurisdiction_id: actor.jurisdictionId,
    source: input.source,
    channel: input.channel,
    secret: deps.pii.ensureSealed(deps.pii.seal(secret)!),
    created_by: actor.userId,
    created_at: deps.clock.now(),
    revoked_at: null,
    last_used_at: null,
  });
  if (Number(inserted[0]?.numInsertedOrUpdatedRows ?? 0) === 0) {
    throw new AppError('CONFLICT', { detail: id }, { field: 'id' });
  }
  const row = await findKey(deps.db, actor.jurisdictionId, id);
  return { ...keyView(row!), secret };
}

/** Revokes a key of the jurisdiction (admin); its requests are refused from now on. */
export async function revokeIntakeKey(deps: Deps, actor: Actor, id: string): Promise<KeyView> {
  requireRole(actor, ['admin']);
  const row = await findKey(deps.db, actor.jurisdictionId, id);
  if (!row) throw new AppError('NOT_FOUND');
  await revokeKey(deps.db, actor.jurisdictionId, id, deps.clock.now());
  return keyView((await findKey(deps.db, actor.jurisdictionId, id))!);
}

/** Whether the jurisdiction has an intake key of this id (active or not). */
export async function intakeKeyExists(deps: Deps, jurisdictionId: string, id: string): Promise<boolean> {
  return (await findKey(deps.db, jurisdictionId, id)) !== undefined;
}
