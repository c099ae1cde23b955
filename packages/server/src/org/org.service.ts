import type { z } from 'zod';
import { maskMobile, UNIT_ROLES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { hashPassword } from '../auth/password.js';
import type { Deps } from '../context.js';
import type { UnitRow, UserRow } from '../db/schema.js';
import { AppError, invalidField } from '../errors.js';
import { activeProfile, updateProfile } from '../profiles/profiles.service.js';
import type { CreateUnitBody, CreateUserBody, SettingsBody } from './org.schemas.js';
import { UNIT_KINDS } from './org.schemas.js';

type UnitKind = (typeof UNIT_KINDS)[number];
const asKind = (kind: string): UnitKind =>
  (UNIT_KINDS as readonly string[]).includes(kind) ? (kind as UnitKind) : 'other';

function unitView(u: UnitRow) {
  return {
    id: u.id,
    name: u.name,
    kind: asKind(u.kind),
    regionCode: u.region_code,
    parentId: u.parent_id,
    contactPhone: u.contact_phone,
    active: u.active,
  };
}

/** Users as lists show them: mobile masked, never the password hash. */
function userView(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    mobile: maskMobile(u.mobile),
    roles: u.roles,
    unitId: u.unit_id,
    enterpriseId: u.enterprise_id,
    active: u.active,
    lockedUntil: u.locked_until ? u.locked_until.toISOString() : null,
  };
}

/** Units of the caller's jurisdiction; every signed-in user may read them (dispatch needs them). */
export async function listUnits(deps: Deps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('units')
    .selectAll()
    .where('jurisdiction_id', '=', actor.jurisdictionId)
    .orderBy('kind')
    .orderBy('name')
    .execute();
  return rows.map(unitView);
}

export async function createUnit(deps: Deps, actor: Actor, input: z.infer<typeof CreateUnitBody>) {
  requireRole(actor, ['admin']);
  if (input.parentId) {
    const parent = await deps.db
      .selectFrom('units')
      .select('id')
      .where('id', '=', input.parentId)
      .where('jurisdiction_id', '=', actor.jurisdictionId)
      .executeTakeFirst();
    if (!parent) throw invalidField('parentId', '上级单位不存在', 'no such parent unit');
  }
  if (input.regionCode) await requireRegion(deps, input.regionCode);
  const existing = await deps.db
    .selectFrom('units')
    .select('id')
    .where('jurisdiction_id', '=', actor.jurisdictionId)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (existing) throw new AppError('CONFLICT', { detail: input.name }, { field: 'name' });
  const u = await deps.db
    .insertInto('units')
    .values({
      jurisdiction_id: actor.jurisdictionId,
      name: input.name,
      kind: input.kind,
      region_code: input.regionCode ?? null,
      parent_id: input.parentId ?? null,
      contact_phone: input.contactPhone ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return unitView(u);
}

async function requireRegion(deps: Deps, code: string): Promise<void> {
  const region = await deps.db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  if (!region) throw invalidField('regionCode', '行政区划代码不存在', 'unknown region code');
}

export async function currentJurisdiction(deps: Deps, actor: Actor) {
  const j = await deps.db
    .selectFrom('jurisdictions')
    .selectAll()
    .where('id', '=', actor.jurisdictionId)
    .executeTakeFirstOrThrow();
  const profile = await activeProfile(deps.db, actor.jurisdictionId);
  return {
    id: j.id,
    code: j.code,
    name: j.name,
    fullName: j.full_name,
    level: j.level,
    regionCode: j.region_code,
    brand: j.brand,
    profileVersion: j.profile_version,
    settings: {
      satisfiedMinScore: profile.rating.satisfiedMinScore,
      reviewAfterRounds: profile.loop.reviewAfterRounds,
    },
  };
}

/** A shortcut for the two loop settings: stores a new profile version with them changed. */
export async function updateSettings(deps: Deps, actor: Actor, input: z.infer<typeof SettingsBody>) {
  requireRole(actor, ['admin']);
  const profile = await activeProfile(deps.db, actor.jurisdictionId);
  await updateProfile(
    deps,
    actor,
    {
      ...profile,
      rating: { ...profile.rating, satisfiedMinScore: input.satisfiedMinScore ?? profile.rating.satisfiedMinScore },
      loop: { ...profile.loop, reviewAfterRounds: input.reviewAfterRounds ?? profile.loop.reviewAfterRounds },
    },
    'settings',
  );
  return currentJurisdiction(deps, actor);
}

/** The regions of the caller's jurisdiction: its own area and everything below it. */
export async function listRegions(deps: Deps, actor: Actor) {
  const j = await deps.db
    .selectFrom('jurisdictions')
    .select('region_code')
    .where('id', '=', actor.jurisdictionId)
    .executeTakeFirstOrThrow();
  const rows = await deps.db
    .selectFrom('regions')
    .selectAll()
    .where('code', 'like', `${j.region_code.replace(/0+$/, '')}%`)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }));
}

export async function listCategories(deps: Deps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('categories')
    .selectAll()
    .where('jurisdiction_id', '=', actor.jurisdictionId)
    .orderBy('code')
    .execute();
  return rows.map((c) => ({ id: c.id, code: c.code, name: c.name, nameEn: c.name_en, parentId: c.parent_id }));
}

export async function listUsers(deps: Deps, actor: Actor) {
  requireRole(actor, ['admin']);
  const rows = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('jurisdiction_id', '=', actor.jurisdictionId)
    .orderBy('username')
    .execute();
  return rows.map(userView);
}

export async function createUser(deps: Deps, actor: Actor, input: z.infer<typeof CreateUserBody>) {
  requireRole(actor, ['admin']);
  if (input.roles.some((r) => UNIT_ROLES.includes(r)) && !input.unitId) {
    throw invalidField('unitId', '承办人员必须属于某个单位', 'unit staff must belong to a unit');
  }
  if (input.roles.includes('enterprise') && !input.enterpriseId) {
    throw invalidField('enterpriseId', '企业联系人必须关联企业', 'an enterprise contact needs an enterprise');
  }
  if (input.unitId) {
    const unit = await deps.db
      .selectFrom('units')
      .select('id')
      .where('id', '=', input.unitId)
      .where('jurisdiction_id', '=', actor.jurisdictionId)
      .executeTakeFirst();
    if (!unit) throw invalidField('unitId', '单位不存在', 'no such unit');
  }
  if (input.enterpriseId) {
    const ent = await deps.db
      .selectFrom('enterprises')
      .select('id')
      .where('id', '=', input.enterpriseId)
      .where('jurisdiction_id', '=', actor.jurisdictionId)
      .executeTakeFirst();
    if (!ent) throw invalidField('enterpriseId', '企业不存在', 'no such enterprise');
  }
  const taken = await deps.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (taken) throw new AppError('CONFLICT', { detail: input.username }, { field: 'username' });
  const u = await deps.db
    .insertInto('users')
    .values({
      jurisdiction_id: actor.jurisdictionId,
      username: input.username,
      name: input.name,
      mobile: input.mobile ?? null,
      id_number: null,
      password_hash: await hashPassword(input.password),
      roles: input.roles,
      unit_id: input.unitId ?? null,
      enterprise_id: input.enterpriseId ?? null,
      locked_until: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return userView(u);
}
