import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { hashPassword } from '../auth/password.js';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { loadDemoData } from '../demo/demo-data.js';
import { invalidField } from '../errors.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import {
  findJurisdictionByCode,
  insertFirstCategory,
  insertFirstUnit,
  insertFirstUser,
  insertJurisdictionRow,
  insertRegionIfMissing,
  listJurisdictionRows,
  parentOf,
  setParentId,
  usernameTaken,
} from './jurisdictions.repository.js';
import type { JurisdictionSummary, NewJurisdiction } from './jurisdictions.schemas.js';
import { NewJurisdictionSchema, REGION_LEVEL_OF } from './jurisdictions.schemas.js';

/**
 * The first units and users of a jurisdiction being set up (its hub and administrator here, every
 * demo account in the demo loader), written before any service has rows of theirs to keep consistent.
 */
export { insertFirstUnit as setupUnit, insertFirstUser as setupUser } from './jurisdictions.repository.js';

/** What `installJurisdiction` writes: the jurisdiction's row and the profile it runs. */
export interface JurisdictionRow {
  code: string;
  name: string;
  fullName: string;
  level: string;
  regionCode: string;
  brand: string | null;
  parentId: string | null;
  /** The profile document; its `code` and `name` are the jurisdiction's. */
  profile: Record<string, unknown>;
  at: Date;
  note: string;
}

/**
 * Writes a jurisdiction, its first profile version and the platform's common two-level category
 * tree (the tree every demo jurisdiction shares, which its admin adjusts), inside the caller's
 * transaction. Returns the jurisdiction's id and its categories' ids by their tree key.
 */
export async function installJurisdiction(
  trx: Transaction<Database>,
  j: JurisdictionRow,
): Promise<{ id: string; categoryIds: Map<string, string> }> {
  const id = await insertJurisdictionRow(trx, {
    code: j.code,
    name: j.name,
    full_name: j.fullName,
    level: j.level,
    region_code: j.regionCode,
    brand: j.brand,
    parent_id: j.parentId,
    settings: '{}',
  });
  await storeProfile(trx, id, { ...j.profile, code: j.code, name: j.name }, { userId: null, at: j.at, note: j.note });
  const categoryIds = new Map<string, string>();
  for (const c of loadDemoData().categories) {
    const parentId = await insertFirstCategory(trx, {
      jurisdiction_id: id,
      parent_id: null,
      code: c.key,
      name: c.name,
      name_en: c.nameEn,
    });
    categoryIds.set(c.key, parentId);
    for (const child of c.children) {
      const childId = await insertFirstCategory(trx, {
        jurisdiction_id: id,
        parent_id: parentId,
        code: `${c.key}.${child.key}`,
        name: child.name,
        name_en: child.nameEn,
      });
      categoryIds.set(child.key, childId);
    }
  }
  return { id, categoryIds };
}

function unknownJurisdiction(field: string, code: string) {
  return invalidField(field, `没有代码为「${code}」的辖区`, `no jurisdiction has the code "${code}"`);
}

/** The result of `addJurisdiction`: the administrator's one-time password is shown once, here only. */
export interface AddedJurisdiction {
  id: string;
  code: string;
  parentCode: string | null;
  profile: { from: string; version: number };
  hubUnit: string;
  admin: { username: string; password: string };
}

/**
 * Sets up a new jurisdiction on the platform, all in one transaction or not at all: its region,
 * its row (under `parentCode` when a platform above hosts it), its profile (a preset's rules under
 * its own code and name, or a profile document), the common category tree, its hub unit and its
 * first administrator, whose random password is returned once. Everything else (units, users,
 * routing, calendar) the administrator then sets in the console.
 */
export async function addJurisdiction(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: NewJurisdiction,
): Promise<AddedJurisdiction> {
  const parsed = NewJurisdictionSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'input';
    throw invalidField(field, issue?.message ?? '无效', `${field} is invalid`);
  }
  const j = parsed.data;
  let profile: Record<string, unknown>;
  if (j.preset !== undefined) {
    const preset = presetProfiles().get(j.preset);
    if (!preset) {
      const known = [...presetProfiles().keys()];
      throw invalidField(
        'preset',
        `没有预置规则「${j.preset}」，可选：${known.join('、')}`,
        `no preset "${j.preset}"; one of ${known.join(', ')}`,
      );
    }
    profile = { ...preset };
  } else {
    profile = j.profile ?? {};
  }
  if (await findJurisdictionByCode(deps.db, j.code)) {
    throw invalidField('code', `辖区代码「${j.code}」已被使用`, `the code "${j.code}" is taken`);
  }
  if (await usernameTaken(deps.db, j.adminUsername)) {
    throw invalidField(
      'adminUsername',
      `用户名「${j.adminUsername}」已被使用`,
      `the user name "${j.adminUsername}" is taken`,
    );
  }
  const parent = j.parentCode === undefined ? undefined : await findJurisdictionByCode(deps.db, j.parentCode);
  if (j.parentCode !== undefined && !parent) throw unknownJurisdiction('parentCode', j.parentCode);

  const password = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  const at = deps.clock.now();
  const hubUnit = j.hubUnitName ?? `${j.name}营商环境服务中心`;
  return deps.db.transaction().execute(async (trx) => {
    await insertRegionIfMissing(trx, {
      code: j.regionCode,
      name: j.regionName ?? j.name,
      level: REGION_LEVEL_OF[j.level],
      parent_code: null,
    });
    const { id } = await installJurisdiction(trx, {
      code: j.code,
      name: j.name,
      fullName: j.fullName ?? j.name,
      level: j.level,
      regionCode: j.regionCode,
      brand: null,
      parentId: parent?.id ?? null,
      profile,
      at,
      note: j.preset !== undefined ? `preset ${j.preset}` : 'profile file',
    });
    const unitId = await insertFirstUnit(trx, {
      jurisdiction_id: id,
      name: hubUnit,
      kind: 'hub',
      region_code: null,
      parent_id: null,
      contact_phone: null,
    });
    await insertFirstUser(trx, {
      jurisdiction_id: id,
      username: j.adminUsername,
      name: j.adminName ?? '系统管理员',
      mobile: null,
      id_number: null,
      password_hash: passwordHash,
      roles: ['admin'],
      unit_id: unitId,
      enterprise_id: null,
      locked_until: null,
    });
    return {
      id,
      code: j.code,
      parentCode: j.parentCode ?? null,
      profile: { from: j.preset ?? 'file', version: 1 },
      hubUnit,
      admin: { username: j.adminUsername, password },
    };
  });
}

/**
 * Puts a jurisdiction under another (a county under the city platform that hosts it, a street
 * under its district) or, with null, on its own. A chain that would come back to itself is
 * refused. Hand-up (`hand-up`) goes to the parent set here.
 */
export async function setJurisdictionParent(
  deps: Pick<Deps, 'db'>,
  code: string,
  parentCode: string | null,
): Promise<{ code: string; parentCode: string | null }> {
  const child = await findJurisdictionByCode(deps.db, code);
  if (!child) throw unknownJurisdiction('code', code);
  if (parentCode === null) {
    await setParentId(deps.db, child.id, null);
    return { code, parentCode: null };
  }
  const parent = await findJurisdictionByCode(deps.db, parentCode);
  if (!parent) throw unknownJurisdiction('parentCode', parentCode);
  for (let at: { id: string; parent_id: string | null } | undefined = parent; at;) {
    if (at.id === child.id) {
      throw invalidField(
        'parentCode',
        `「${parentCode}」在「${code}」之下（或就是它），不能成为其上级`,
        `"${parentCode}" is "${code}" or below it, so it cannot be its parent`,
      );
    }
    at = at.parent_id ? await parentOf(deps.db, at.parent_id) : undefined;
  }
  await setParentId(deps.db, child.id, parent.id);
  return { code, parentCode };
}

/** Every jurisdiction on the platform with its parent and size, by code. */
export async function listJurisdictions(deps: Pick<Deps, 'db'>): Promise<JurisdictionSummary[]> {
  const rows = await listJurisdictionRows(deps.db);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    regionCode: r.region_code,
    parentCode: r.parent_code,
    profileVersion: r.profile_version,
    users: Number(r.users ?? 0),
    cases: Number(r.cases ?? 0),
  }));
}
