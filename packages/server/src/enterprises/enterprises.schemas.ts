import { z } from 'zod';
import { CONDITION_KINDS } from '@qisu/core';

/** The enterprise sizes the ledger records; the database checks the same list. */
export const ENTERPRISE_SCALES = ['large', 'medium', 'small', 'micro'] as const;

/** A USCC as people type it: spaces dropped, upper case. The check itself is GB 32100-2015's. */
export function normalizeUsccInput(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

const Contact = z.object({
  name: z.string().trim().min(1).max(100),
  mobile: z.string().regex(/^1[3-9]\d{9}$/),
  title: z.string().trim().max(100).optional(),
});

/** A new ledger entry; the USCC is normalised here and checked by the service. */
export const CreateEnterpriseBody = z.object({
  uscc: z
    .string()
    .transform(normalizeUsccInput)
    .describe('统一社会信用代码（GB 32100-2015）/ unified social credit code'),
  name: z.string().trim().min(2).max(200),
  industryCode: z
    .string()
    .regex(/^[A-T](\d{2}|\d{3}|\d{4})?$/)
    .optional()
    .describe('GB/T 4754 行业代码 / industry code'),
  industryName: z.string().trim().max(100).optional(),
  scale: z.enum(ENTERPRISE_SCALES).optional(),
  aboveDesignatedSize: z.boolean().optional(),
  regionCode: z
    .string()
    .regex(/^(\d{6}|\d{9}|\d{12})$/)
    .optional(),
  grid: z.string().trim().max(100).optional(),
  liaisonUserId: z.uuid().optional(),
  contacts: z.array(Contact).max(20).optional(),
  notes: z.string().trim().max(5000).optional(),
  gridId: z.uuid().optional().describe('所属服务网格（管理员、营商办）/ its service grid (admin, hub)'),
  key: z.boolean().optional().describe('重点企业（管理员、营商办）/ a key enterprise (admin, hub)'),
});
/** The registration body after parsing. */
export type CreateEnterpriseInput = z.infer<typeof CreateEnterpriseBody>;

/**
 * An enterprise's new ledger entry. The USCC is fixed once registered: it may be sent (the form
 * sends the whole record) but must equal the stored code. Absent members keep the stored value,
 * null clears it; `contacts`, when sent, replaces the whole list.
 */
export const UpdateEnterpriseBody = z.object({
  uscc: z.string().transform(normalizeUsccInput).optional().describe('不可修改，仅用于核对 / immutable, compared only'),
  name: z.string().trim().min(2).max(200).optional(),
  industryCode: z
    .string()
    .regex(/^[A-T](\d{2}|\d{3}|\d{4})?$/)
    .nullable()
    .optional(),
  industryName: z.string().trim().max(100).nullable().optional(),
  scale: z.enum(ENTERPRISE_SCALES).nullable().optional(),
  aboveDesignatedSize: z.boolean().optional(),
  regionCode: z
    .string()
    .regex(/^(\d{6}|\d{9}|\d{12})$/)
    .nullable()
    .optional(),
  grid: z.string().trim().max(100).nullable().optional(),
  liaisonUserId: z
    .uuid()
    .nullable()
    .optional()
    .describe('本企业自己的联络员；null 则沿用网格联络员 / its own liaison; null falls back to its grid’s'),
  contacts: z.array(Contact).max(20).optional(),
  notes: z.string().trim().max(5000).nullable().optional(),
  gridId: z
    .uuid()
    .nullable()
    .optional()
    .describe(
      '划入服务网格，无自有联络员时由网格联络员联系 / put into a grid; its liaison looks after it unless it has its own',
    ),
  key: z.boolean().optional().describe('重点企业 / a key enterprise'),
});
/** The change body after parsing. */
export type UpdateEnterpriseInput = z.infer<typeof UpdateEnterpriseBody>;

/** One ledger entry; contact mobiles are masked unless the caller keeps the enterprise. */
export const EnterpriseView = z.object({
  id: z.string(),
  uscc: z.string(),
  name: z.string(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  scale: z.enum(ENTERPRISE_SCALES).nullable(),
  aboveDesignatedSize: z.boolean(),
  regionCode: z.string().nullable(),
  grid: z.string().nullable(),
  liaisonUserId: z.string().nullable(),
  liaisonName: z.string().nullable(),
  contacts: z.array(z.object({ name: z.string(), mobile: z.string(), title: z.string().optional() })),
  notes: z.string().nullable(),
  gridId: z.string().nullable().describe('所属服务网格 / its service grid'),
  gridName: z.string().nullable(),
  liaisonFromGrid: z.boolean().describe('联络员由网格指派 / the liaison comes from the grid'),
  key: z.boolean().describe('重点企业 / a key enterprise'),
  openCases: z.number().int().describe('调用者数据范围内未办结的诉求数 / open cases the caller may see'),
});

/** Search (name or USCC) and paging of the ledger. */
export const ListEnterprisesQuery = z.object({
  q: z.string().trim().max(100).optional(),
  gridId: z.uuid().optional().describe('该网格的企业 / enterprises of this grid'),
  key: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('仅重点企业（true）或非重点（false）/ key enterprises only, or the others'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** The enterprise in the path. */
export const EnterpriseIdParams = z.object({ id: z.uuid() });

/** The code being typed. */
export const CheckUsccQuery = z.object({ value: z.string().max(64) });

/** What the form shows while the code is typed. */
export const UsccCheck = z.object({
  valid: z.boolean(),
  normalized: z.string().optional().describe('去空格、转大写 / without spaces, upper case'),
  problem: z.object({ code: z.enum(['length', 'characters', 'check']), zh: z.string(), en: z.string() }).optional(),
  existing: z
    .object({ id: z.string(), name: z.string() })
    .optional()
    .describe('本辖区已登记该代码的企业 / the enterprise already registered with this code'),
  taken: z
    .literal(true)
    .optional()
    .describe('代码已被不在本人台账上的企业登记 / the code is held by an enterprise outside the caller’s ledger'),
});

/** What the ledger records of an enterprise, one record at a time (append-only). */
export const ConditionBody = z.object({
  kind: z.enum(CONDITION_KINDS).describe('经营情况 / 困难问题 / 发展计划'),
  text: z.string().trim().min(1).max(5000),
  period: z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/)
    .optional()
    .describe('所属期（YYYY、YYYY-MM 或 YYYY-Qn）/ the period it describes'),
});

/** One condition record. */
export const ConditionView = z.object({
  id: z.string(),
  kind: z.enum(CONDITION_KINDS),
  text: z.string(),
  period: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
});
/** One condition record as answered. */
export type ConditionDto = z.infer<typeof ConditionView>;

/** The current record of each kind and the whole history, newest first. */
export const ConditionsView = z.object({
  current: z.object({
    operations: ConditionView.nullable(),
    difficulties: ConditionView.nullable(),
    plans: ConditionView.nullable(),
  }),
  history: z.array(ConditionView),
});
