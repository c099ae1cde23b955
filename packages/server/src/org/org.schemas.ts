import { z } from 'zod';
import { isStrongPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ROLES, UNIT_KINDS } from '@qisu/core';

/** The unit kinds of SPEC §3 (core's list); the database checks the same list. */
export { UNIT_KINDS };

/** A unit as every list shows it (`id`, `name`, `kind` are the stable contract of SPEC §10). */
export const UnitView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  regionCode: z.string().nullable(),
  parentId: z.string().nullable(),
  contactPhone: z.string().nullable(),
  active: z.boolean(),
});

/** A new unit (admin). */
export const CreateUnitBody = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(UNIT_KINDS),
  regionCode: z
    .string()
    .regex(/^(\d{6}|\d{9}|\d{12})$/)
    .optional(),
  parentId: z.uuid().optional(),
  contactPhone: z.string().trim().max(40).optional(),
});

/** The caller's jurisdiction with the two loop settings the console edits. */
export const JurisdictionView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  fullName: z.string(),
  level: z.string(),
  regionCode: z.string(),
  brand: z.string().nullable(),
  profileVersion: z.number().nullable(),
  settings: z.object({
    satisfiedMinScore: z.number(),
    reviewAfterRounds: z.number().nullable().describe('null: no review step / 无审核环节'),
  }),
});

/** The loop settings an admin may change; absent members stay. */
export const SettingsBody = z.object({
  satisfiedMinScore: z.number().int().min(1).max(5).optional(),
  reviewAfterRounds: z.number().int().min(1).max(10).optional(),
});

/** One GB/T 2260 region. */
export const RegionView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parentCode: z.string().nullable(),
});

/** One case category; `parentId` builds the tree. */
export const CategoryView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  parentId: z.string().nullable(),
});

/** A user as lists show it: mobile masked, never the password hash. */
export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  mobile: z.string().nullable().describe('masked / 已脱敏'),
  wechatOpenid: z.string().nullable().describe('微信公众号 openid，已脱敏 / WeChat openid, masked'),
  roles: z.array(z.string()),
  unitId: z.string().nullable(),
  enterpriseId: z.string().nullable(),
  enterpriseName: z.string().nullable().describe('企业联系人所属企业名称 / the enterprise of an enterprise contact'),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
});

/** The one password rule (core's), for creation and for an admin's reset alike. */
export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  .refine(isStrongPassword, 'at least three of: upper case, lower case, digits, symbols');

const Mobile = z.string().regex(/^1[3-9]\d{9}$/);
/** A WeChat official account's openid (28 characters of A–Z a–z 0–9 _ - today; bounded loosely). */
const WechatOpenid = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{6,64}$/)
  .describe('用户在本平台微信公众号下的 openid / the user’s openid under the platform’s official account');

/** A new user (admin); the roles decide whether a unit or an enterprise is required. */
export const CreateUserBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/),
  name: z.string().trim().min(1).max(100),
  mobile: Mobile.optional(),
  wechatOpenid: WechatOpenid.optional(),
  password: Password,
  roles: z.array(z.enum(ROLES)).min(1),
  unitId: z.uuid().optional(),
  enterpriseId: z.uuid().optional(),
});

const RegionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/);

/** The unit in the path. */
export const UnitIdParams = z.object({ id: z.uuid() });
/** The user in the path. */
export const UserIdParams = z.object({ id: z.uuid() });

/**
 * A unit's new state. Name and kind are always sent; for the optional members, absent keeps the
 * stored value and null clears it.
 */
export const UpdateUnitBody = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(UNIT_KINDS),
  regionCode: RegionCode.nullable().optional(),
  parentId: z.uuid().nullable().optional(),
  contactPhone: z.string().trim().max(40).nullable().optional(),
  active: z.boolean().optional(),
});

/** Filters of the admin's user list. */
export const ListUsersQuery = z.object({
  q: z.string().trim().max(100).optional().describe('用户名或姓名 / username or name'),
  role: z.enum(ROLES).optional(),
  unitId: z.uuid().optional(),
});

/** An admin's change of a user: absent keeps the stored value, null clears it. */
export const UpdateUserBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  mobile: Mobile.nullable().optional(),
  wechatOpenid: WechatOpenid.nullable().optional(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  unitId: z.uuid().nullable().optional(),
  enterpriseId: z.uuid().nullable().optional(),
  disabled: z.boolean().optional().describe('停用后不能登录，已登录会话失效 / a disabled user cannot log in'),
});

/** The new password an admin sets. */
export const ResetPasswordBody = z.object({ password: Password });

/** One user as the admin's edit form reads it: the whole mobile number and openid, nothing else sensitive. */
export const UserDetail = UserView.extend({
  mobile: z.string().nullable().describe('whole / 完整号码'),
  wechatOpenid: z.string().nullable().describe('whole / 完整 openid'),
});

/** A liaison as the enterprise form's picker needs it: no contact data. */
export const LiaisonView = z.object({ id: z.string(), name: z.string(), unitId: z.string().nullable() });
