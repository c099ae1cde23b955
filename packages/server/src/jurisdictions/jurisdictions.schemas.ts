import { z } from 'zod';

/** The levels a jurisdiction may have, from a city platform hosting its counties down to a street. */
export const JURISDICTION_LEVELS = ['city', 'county', 'district', 'street'] as const;

/** The kind of region a level's GB/T 2260 code names: a street is a town-level (9-digit) code. */
export const REGION_LEVEL_OF = { city: 'city', county: 'county', district: 'county', street: 'town' } as const;

/**
 * A new jurisdiction on the platform (`qisu jurisdiction add`): its code (the prefix of its user
 * names and case numbers), names, level and region, the profile it starts from (a preset's code
 * or a profile document), optionally the jurisdiction above it, and its first administrator.
 */
export const NewJurisdictionSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9]{1,15}$/, '代码为 2–16 位小写字母或数字，以字母开头'),
    name: z.string().trim().min(2).max(40),
    fullName: z.string().trim().min(2).max(80).optional(),
    level: z.enum(JURISDICTION_LEVELS),
    regionCode: z.string().regex(/^(\d{6}|\d{9})$/, '行政区划代码为 6 位（县级以上）或 9 位（乡镇街道）'),
    regionName: z.string().trim().min(2).max(40).optional(),
    preset: z.string().optional(),
    profile: z.record(z.string(), z.unknown()).optional(),
    parentCode: z.string().optional(),
    hubUnitName: z.string().trim().min(2).max(60).optional(),
    adminUsername: z.string().regex(/^[a-z][a-z0-9._-]{2,39}$/, '用户名为 3–40 位小写字母、数字、点、横线或下划线'),
    adminName: z.string().trim().min(1).max(40).optional(),
  })
  .refine((j) => (j.preset === undefined) !== (j.profile === undefined), {
    message: '须且只能给出一个起始规则配置：预置（preset）或配置文件（profile）',
    path: ['preset'],
  })
  .refine((j) => (j.level === 'street') === (j.regionCode.length === 9), {
    message: '街道（乡镇）用 9 位区划代码，其他层级用 6 位',
    path: ['regionCode'],
  });

export type NewJurisdiction = z.input<typeof NewJurisdictionSchema>;

/** One jurisdiction as `qisu jurisdiction list` prints it. */
export interface JurisdictionSummary {
  code: string;
  name: string;
  level: string;
  regionCode: string;
  parentCode: string | null;
  profileVersion: number | null;
  users: number;
  cases: number;
}
