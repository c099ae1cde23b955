import { z } from 'zod';

/** A real calendar day, `YYYY-MM-DD` (2026-02-30 is refused, not rolled over). */
const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (v) => {
      const ms = Date.parse(`${v}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(v);
    },
    { message: 'not a calendar day' },
  );

/** What kind of record a whole value was shown on. */
export const PII_SUBJECT_KINDS = ['case', 'enterprise', 'user'] as const;
export type PiiSubjectKind = (typeof PII_SUBJECT_KINDS)[number];

/** Filters of `GET /api/v1/admin/pii-views`; days are Asia/Shanghai calendar days, both included. */
export const PiiViewsQuery = z
  .object({
    from: LocalDate.optional().describe('first day, Asia/Shanghai / 起始日（含）YYYY-MM-DD'),
    to: LocalDate.optional().describe('last day, Asia/Shanghai / 截止日（含）YYYY-MM-DD'),
    userId: z.uuid().optional().describe('who viewed / 查看人'),
    caseId: z.uuid().optional().describe('which case / 诉求'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to precedes from' });
  });
export type PiiViewsInput = z.infer<typeof PiiViewsQuery>;

/**
 * One answer that showed a whole mobile or ID number. Never the value itself: who, when, from
 * which address, which field of which record, and what answered it.
 */
export const PiiView = z.object({
  id: z.number().int(),
  at: z.string().describe('ISO 8601'),
  viewer: z.object({ id: z.string(), name: z.string(), username: z.string() }),
  subjectKind: z.enum(PII_SUBJECT_KINDS).describe('case / enterprise / user'),
  subjectId: z.string(),
  subjectLabel: z
    .string()
    .nullable()
    .describe('the case number, the enterprise name or the user’s name / 诉求编号、企业名称或用户姓名'),
  caseId: z.string().nullable(),
  field: z.string().describe('contactMobile, contacts.mobile, mobile'),
  action: z.string().describe('case.view, case.<command>, enterprise.view, enterprise.update, user.view …'),
  address: z.string().nullable().describe('client address / 访问地址'),
});

export const PiiViewList = z.object({
  items: z.array(PiiView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type PiiViewListDto = z.infer<typeof PiiViewList>;
