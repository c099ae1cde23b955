import { z } from 'zod';
import { ROLES } from '@qisu/core';

export const UNIT_KINDS = ['hub', 'department', 'town', 'park', 'discipline', 'leadership', 'other'] as const;

export const UnitView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  regionCode: z.string().nullable(),
  parentId: z.string().nullable(),
  contactPhone: z.string().nullable(),
  active: z.boolean(),
});

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

export const JurisdictionView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  fullName: z.string(),
  level: z.string(),
  regionCode: z.string(),
  brand: z.string().nullable(),
  profileVersion: z.number().nullable(),
  settings: z.object({ satisfiedMinScore: z.number(), reviewAfterRounds: z.number() }),
});

export const SettingsBody = z.object({
  satisfiedMinScore: z.number().int().min(1).max(5).optional(),
  reviewAfterRounds: z.number().int().min(1).max(10).optional(),
});

export const RegionView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parentCode: z.string().nullable(),
});

export const CategoryView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  parentId: z.string().nullable(),
});

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  mobile: z.string().nullable().describe('masked / 已脱敏'),
  roles: z.array(z.string()),
  unitId: z.string().nullable(),
  enterpriseId: z.string().nullable(),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
});

export const CreateUserBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/),
  name: z.string().trim().min(1).max(100),
  mobile: z
    .string()
    .regex(/^1[3-9]\d{9}$/)
    .optional(),
  password: z.string().min(8).max(200),
  roles: z.array(z.enum(ROLES)).min(1),
  unitId: z.uuid().optional(),
  enterpriseId: z.uuid().optional(),
});
