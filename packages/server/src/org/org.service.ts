import type { z } from 'zod';
import { handlesCases, maskOpenid, UNIT_ROLES } from '@qisu/core';
import type { NotificationTarget, Role } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { endSessionsOf } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import type { Deps } from '../context.js';
import type { Kysely, Transaction } from 'kysely';
import { isUniqueViolation } from '../db/errors.js';
import type { Database, UnitRow } from '../db/schema.js';
import { AppError, invalidField } from '../errors.js';
import { activeProfile, updateProfile } from '../profiles/profiles.service.js';
import { enterpriseInJurisdiction } from '../enterprises/enterprises.service.js';
import type { PiiKeyring } from '../pii/pii.service.js';
import { mobileLookup, recordPiiViews } from '../pii/pii.service.js';
import {
  activeUnitsByIds,
  activeUsersWhere,
  categoriesByCode,
  findRegion,
  findUnit,
  findUnitNamed,
  findUser,
  findUsername,
  getJurisdiction,
  insertUnit,
  insertUser,
  jurisdictionRegion,
  jurisdictionUnits,
  listJurisdictionUsers,
  regionsWithPrefix,
  setPassword,
  unitAncestry,
  updateUnitRow,
  updateUserRow,
} from './org.repository.js';
import type { UserWithEnterpriseRow } from './org.repository.js';
import type {
  CreateUnitBody,
  CreateUserBody,
  ListUsersQuery,
  SettingsBody,
  UpdateUnitBody,
  UpdateUserBody,
} from './org.schemas.js';
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

/**
 * Users as lists show them: mobile decrypted and masked (never failing), never the password hash,
 * an enterprise contact with the name of its enterprise (joined by the repository).
 */
function userView(pii: PiiKeyring, u: UserWithEnterpriseRow) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    mobile: pii.masked(u.mobile),
    wechatOpenid: maskOpenid(u.wechat_openid),
    roles: u.roles,
    unitId: u.unit_id,
    enterpriseId: u.enterprise_id,
    enterpriseName: u.enterprise_name,
    active: u.active,
    lockedUntil: u.locked_until ? u.locked_until.toISOString() : null,
  };
}

/** The view of a user just written, read again with its enterprise's name. */
async function writtenUserView(deps: Deps, jurisdictionId: string, id: string) {
  const row = await findUser(deps.db, jurisdictionId, id);
  if (!row) throw new AppError('NOT_FOUND');
  return userView(deps.pii, row);
}

/** Units of the caller's jurisdiction; every signed-in user may read them (dispatch needs them). */
export async function listUnits(deps: Deps, actor: Actor) {
  const rows = await jurisdictionUnits(deps.db, actor.jurisdictionId);
  return rows.map(unitView);
}

/** Adds a unit (admin); a name the jurisdiction already has is a 409 on `name`. */
export async function createUnit(deps: Deps, actor: Actor, input: z.infer<typeof CreateUnitBody>) {
  requireRole(actor, ['admin']);
  if (input.parentId) {
    const parent = await findUnit(deps.db, actor.jurisdictionId, input.parentId);
    if (!parent) throw invalidField('parentId', '上级单位不存在', 'no such parent unit');
  }
  if (input.regionCode) await requireRegion(deps, input.regionCode);
  const existing = await findUnitNamed(deps.db, actor.jurisdictionId, input.name, null);
  if (existing) throw new AppError('CONFLICT', { detail: input.name }, { field: 'name' });
  const u = await insertUnit(deps.db, {
    jurisdiction_id: actor.jurisdictionId,
    name: input.name,
    kind: input.kind,
    region_code: input.regionCode ?? null,
    parent_id: input.parentId ?? null,
    contact_phone: input.contactPhone ?? null,
  });
  return unitView(u);
}

async function requireRegion(deps: Deps, code: string): Promise<void> {
  if (!(await regionExists(deps.db, code)))
    throw invalidField('regionCode', '行政区划代码不存在', 'unknown region code');
}

/** Whether the code names a known region (the national table, shared by every jurisdiction). */
export async function regionExists(db: Kysely<Database> | Transaction<Database>, code: string): Promise<boolean> {
  return (await findRegion(db, code)) !== undefined;
}

/** The caller's jurisdiction and the loop settings of its active profile. */
export async function currentJurisdiction(deps: Deps, actor: Actor) {
  const j = await getJurisdiction(deps.db, actor.jurisdictionId);
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
      reviewAfterRounds: profile.loop.reviewAfterRounds ?? null,
    },
  };
}

/** A shortcut for the two loop settings: stores a new profile version with them changed. */
export async function updateSettings(deps: Deps, actor: Actor, input: z.infer<typeof SettingsBody>) {
  requireRole(actor, ['admin']);
  if (input.satisfiedMinScore === undefined && input.reviewAfterRounds === undefined) {
    throw invalidField('body', '没有要修改的内容', 'nothing to change');
  }
  const profile = await activeProfile(deps.db, actor.jurisdictionId);
  const unchanged =
    (input.satisfiedMinScore ?? profile.rating.satisfiedMinScore) === profile.rating.satisfiedMinScore &&
    (input.reviewAfterRounds ?? profile.loop.reviewAfterRounds) === profile.loop.reviewAfterRounds;
  // Saving what is already in force would add a profile version and an event that change nothing.
  if (unchanged) return currentJurisdiction(deps, actor);
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
  const j = await jurisdictionRegion(deps.db, actor.jurisdictionId);
  const rows = await regionsWithPrefix(deps.db, j.region_code.replace(/0+$/, ''));
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }));
}

/** The jurisdiction's category tree, flat, in code order; every signed-in user may read it. */
export async function listCategories(deps: Deps, actor: Actor) {
  const rows = await categoriesByCode(deps.db, actor.jurisdictionId);
  return rows.map((c) => ({ id: c.id, code: c.code, name: c.name, nameEn: c.name_en, parentId: c.parent_id }));
}

/** The jurisdiction's users for the admin, mobiles masked; filters are optional. */
export async function listUsers(deps: Deps, actor: Actor, filter: z.infer<typeof ListUsersQuery> = {}) {
  requireRole(actor, ['admin']);
  const rows = await listJurisdictionUsers(deps.db, actor.jurisdictionId, filter);
  return rows.map((u) => userView(deps.pii, u));
}

/** Adds a user (admin); usernames are unique across jurisdictions, so a taken one is a 409. */
export async function createUser(deps: Deps, actor: Actor, input: z.infer<typeof CreateUserBody>) {
  requireRole(actor, ['admin']);
  await checkMembership(deps, actor, input.roles, input.unitId ?? null, input.enterpriseId ?? null);
  const taken = await findUsername(deps.db, input.username);
  if (taken) throw new AppError('CONFLICT', { detail: input.username }, { field: 'username' });
  const u = await insertUser(deps.db, {
    jurisdiction_id: actor.jurisdictionId,
    username: input.username,
    name: input.name,
    mobile: deps.pii.seal(input.mobile),
    mobile_lookup: mobileLookup(deps.pii, input.mobile),
    wechat_openid: input.wechatOpenid ?? null,
    id_number: null,
    password_hash: await hashPassword(input.password),
    roles: input.roles,
    unit_id: input.unitId ?? null,
    enterprise_id: input.enterpriseId ?? null,
    locked_until: null,
  });
  return writtenUserView(deps, actor.jurisdictionId, u.id);
}

/**
 * What a user's roles require of their unit and enterprise, checked the same way on creation and
 * on change: unit staff belong to a unit, an enterprise contact to an enterprise, and both lie in
 * the admin's own jurisdiction.
 */
async function checkMembership(
  deps: Deps,
  actor: Actor,
  roles: readonly Role[],
  unitId: string | null,
  enterpriseId: string | null,
): Promise<void> {
  if (roles.some((r) => UNIT_ROLES.includes(r)) && !unitId) {
    throw invalidField('unitId', '承办人员必须属于某个单位', 'unit staff must belong to a unit');
  }
  if (roles.includes('enterprise') && !enterpriseId) {
    throw invalidField('enterpriseId', '企业联系人必须关联企业', 'an enterprise contact needs an enterprise');
  }
  if (unitId && !(await findUnit(deps.db, actor.jurisdictionId, unitId))) {
    throw invalidField('unitId', '单位不存在', 'no such unit');
  }
  if (enterpriseId && !(await enterpriseInJurisdiction(deps.db, actor.jurisdictionId, enterpriseId))) {
    throw invalidField('enterpriseId', '企业不存在', 'no such enterprise');
  }
}

/**
 * Changes a unit (admin). A unit of another jurisdiction is a 404; a name another unit holds is a
 * 409 as on creation; a parent must be in the jurisdiction and must not lie below the unit itself.
 */
export async function updateUnit(deps: Deps, actor: Actor, id: string, input: z.infer<typeof UpdateUnitBody>) {
  requireRole(actor, ['admin']);
  const current = await findUnit(deps.db, actor.jurisdictionId, id);
  if (!current) throw new AppError('NOT_FOUND');
  if (input.parentId) {
    if (!(await findUnit(deps.db, actor.jurisdictionId, input.parentId))) {
      throw invalidField('parentId', '上级单位不存在', 'no such parent unit');
    }
    if ((await unitAncestry(deps.db, input.parentId)).includes(id)) {
      throw invalidField('parentId', '上级单位不能是本单位或其下级单位', 'a unit cannot sit below itself');
    }
  }
  if (input.regionCode) await requireRegion(deps, input.regionCode);
  if (await findUnitNamed(deps.db, actor.jurisdictionId, input.name, id)) {
    throw new AppError('CONFLICT', { detail: input.name }, { field: 'name' });
  }
  try {
    const row = await updateUnitRow(deps.db, actor.jurisdictionId, id, {
      name: input.name,
      kind: input.kind,
      ...(input.regionCode !== undefined ? { region_code: input.regionCode } : {}),
      ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
      ...(input.contactPhone !== undefined ? { contact_phone: input.contactPhone || null } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    });
    return unitView(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', { detail: input.name }, { field: 'name' });
    throw error;
  }
}

/** One user for the admin's edit form, with the whole mobile number (recorded in the view log). */
export async function getUser(deps: Deps, actor: Actor, id: string) {
  requireRole(actor, ['admin']);
  const row = await findUser(deps.db, actor.jurisdictionId, id);
  if (!row) throw new AppError('NOT_FOUND');
  const answer = {
    ...userView(deps.pii, row),
    mobile: deps.pii.open(row.mobile),
    wechatOpenid: row.wechat_openid,
  };
  if (row.mobile !== null) {
    await recordPiiViews(deps.db, actor, deps.clock.now(), [
      {
        jurisdictionId: row.jurisdiction_id,
        subjectKind: 'user',
        subjectId: row.id,
        field: 'mobile',
        action: 'user.view',
      },
    ]);
  }
  return answer;
}

/**
 * Changes a user (admin). Disabling ends the user's sessions at once (login already refuses an
 * inactive user with the same 401 as a wrong password). An admin can neither disable themselves
 * nor take away their own admin role, so a jurisdiction never loses its last way in by accident.
 */
export async function updateUser(deps: Deps, actor: Actor, id: string, input: z.infer<typeof UpdateUserBody>) {
  requireRole(actor, ['admin']);
  const current = await findUser(deps.db, actor.jurisdictionId, id);
  if (!current) throw new AppError('NOT_FOUND');
  if (id === actor.userId && input.disabled === true) {
    throw invalidField('disabled', '不能停用自己的账号', 'you cannot disable your own account');
  }
  if (id === actor.userId && input.roles && !input.roles.includes('admin')) {
    throw invalidField('roles', '不能取消自己的管理员角色', 'you cannot remove your own admin role');
  }
  const roles = input.roles ?? (current.roles as Role[]);
  const unitId = input.unitId !== undefined ? input.unitId : current.unit_id;
  const enterpriseId = input.enterpriseId !== undefined ? input.enterpriseId : current.enterprise_id;
  await checkMembership(deps, actor, roles, unitId, enterpriseId);
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const updated = await updateUserRow(trx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.mobile !== undefined
        ? { mobile: deps.pii.seal(input.mobile), mobile_lookup: mobileLookup(deps.pii, input.mobile) }
        : {}),
      ...(input.wechatOpenid !== undefined ? { wechat_openid: input.wechatOpenid } : {}),
      roles,
      unit_id: unitId,
      enterprise_id: enterpriseId,
      ...(input.disabled !== undefined ? { active: !input.disabled } : {}),
    });
    if (input.disabled === true) await endSessionsOf(trx, id, now);
    return updated;
  });
  return writtenUserView(deps, actor.jurisdictionId, row.id);
}

/**
 * Sets a new password chosen by the admin (the same rule as on creation), lifts a lockout and ends
 * every session of the user, so whoever held the old password is signed out.
 */
export async function resetPassword(deps: Deps, actor: Actor, id: string, password: string): Promise<void> {
  requireRole(actor, ['admin']);
  const current = await findUser(deps.db, actor.jurisdictionId, id);
  if (!current) throw new AppError('NOT_FOUND');
  const hash = await hashPassword(password);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await setPassword(trx, id, hash);
    await endSessionsOf(trx, id, now);
  });
}

/**
 * The active liaisons of the jurisdiction, names only, for the enterprise form's picker: the hub
 * assigns enterprises to them without needing the admin's user list.
 */
export async function listLiaisons(deps: Deps, actor: Actor) {
  requireRole(actor, ['admin', 'hub', 'leader']);
  const rows = await listJurisdictionUsers(deps.db, actor.jurisdictionId, { role: 'liaison' });
  return rows.filter((r) => r.active).map((r) => ({ id: r.id, name: r.name, unitId: r.unit_id }));
}

/**
 * The names of those of `ids` that are active units of the jurisdiction able to handle cases,
 * by id; an id missing from the map is no such unit.
 */
export async function handlingUnitNames(
  db: Kysely<Database> | Transaction<Database>,
  jurisdictionId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const units = await activeUnitsByIds(db, jurisdictionId, ids);
  return new Map(units.filter((u) => handlesCases(u.kind)).map((u) => [u.id, u.name]));
}

/**
 * The name and mobile a user files under, for a case an enterprise contact files without naming
 * its contact; the mobile as stored (encrypted), to be copied as it is. No access check: the
 * caller files for this user.
 */
export async function contactOfUser(
  db: Kysely<Database> | Transaction<Database>,
  jurisdictionId: string,
  userId: string,
): Promise<{ name: string; storedMobile: string | null }> {
  const user = await findUser(db, jurisdictionId, userId);
  if (!user) throw new AppError('FORBIDDEN');
  return { name: user.name, storedMobile: user.mobile };
}

/**
 * A person to notify: who, where, the mobile number the SMS provider needs, as stored (encrypted):
 * the dispatcher decrypts it only for a message that goes out by SMS or WeChat, and the openid
 * WeChat template messages go to.
 */
export interface NotifiedUser {
  id: string;
  jurisdictionId: string;
  storedMobile: string | null;
  /** The user's openid under the platform's WeChat official account; null: no WeChat messages. */
  wechatOpenid: string | null;
}

/**
 * The users behind a notification target, for the outbox dispatcher: a unit's handlers and
 * heads, an enterprise's contact users, or the holders of a role in the jurisdiction. Inactive
 * users are never told. The caller still checks each user's scope over the case.
 */
export async function usersToNotify(
  db: Kysely<Database> | Transaction<Database>,
  jurisdictionId: string,
  target: NotificationTarget,
): Promise<NotifiedUser[]> {
  const where =
    target.kind === 'unit'
      ? { unitId: target.unitId, roles: UNIT_ROLES }
      : target.kind === 'enterprise'
        ? { enterpriseId: target.enterpriseId }
        : target.kind === 'user'
          ? { jurisdictionId, userId: target.userId }
          : { jurisdictionId, role: target.role };
  const rows = await activeUsersWhere(db, where);
  return rows.map((r) => ({
    id: r.id,
    jurisdictionId: r.jurisdiction_id,
    storedMobile: r.mobile,
    wechatOpenid: r.wechat_openid,
  }));
}
