import { z } from 'zod';

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
  liaisonUserId: z.uuid().nullable().optional(),
  contacts: z.array(Contact).max(20).optional(),
  notes: z.string().trim().max(5000).nullable().optional(),
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
  openCases: z.number().int().describe('调用者数据范围内未办结的诉求数 / open cases the caller may see'),
});

/** Search (name or USCC) and paging of the ledger. */
export const ListEnterprisesQuery = z.object({
  q: z.string().trim().max(100).optional(),
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
