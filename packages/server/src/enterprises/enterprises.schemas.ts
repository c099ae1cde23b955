import { z } from 'zod';

const Contact = z.object({
  name: z.string().trim().min(1).max(100),
  mobile: z.string().regex(/^1[3-9]\d{9}$/),
  title: z.string().trim().max(100).optional(),
});

export const CreateEnterpriseBody = z.object({
  uscc: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .describe('统一社会信用代码（GB 32100-2015）/ unified social credit code'),
  name: z.string().trim().min(2).max(200),
  industryCode: z
    .string()
    .regex(/^[A-T](\d{2}|\d{3}|\d{4})?$/)
    .optional()
    .describe('GB/T 4754 行业代码 / industry code'),
  industryName: z.string().trim().max(100).optional(),
  scale: z.enum(['large', 'medium', 'small', 'micro']).optional(),
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
export type CreateEnterpriseInput = z.infer<typeof CreateEnterpriseBody>;

export const EnterpriseView = z.object({
  id: z.string(),
  uscc: z.string(),
  name: z.string(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  scale: z.string().nullable(),
  aboveDesignatedSize: z.boolean(),
  regionCode: z.string().nullable(),
  grid: z.string().nullable(),
  liaisonUserId: z.string().nullable(),
  contacts: z.array(z.object({ name: z.string(), mobile: z.string(), title: z.string().optional() })),
  notes: z.string().nullable(),
});

export const ListEnterprisesQuery = z.object({
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const EnterpriseIdParams = z.object({ id: z.uuid() });
