import { z } from 'zod';
import { CARD_COLOURS, CASE_COMMANDS, CASE_KINDS, CASE_STATUSES, CHANNELS, COMPLEXITIES } from '@qisu/core';

/** A trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);
/** An id of a row (UUID). */
export const id = z.uuid();

export const CaseIdParams = z.object({ id });

/** A contact's number as a case takes it: a mainland mobile, or a landline with its area code. */
export const contactMobile = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/);

export const CreateCaseBody = z.object({
  title: text(200).describe('诉求标题 / title'),
  content: text(20_000).describe('诉求内容 / content'),
  kind: z.enum(CASE_KINDS).optional(),
  categoryId: id.optional(),
  channel: z.enum(CHANNELS).optional(),
  externalRef: text(200)
    .optional()
    .describe('来源平台单号，用于幂等受理 / reference at the source, for idempotent intake'),
  enterpriseId: id.optional(),
  contactName: text(100).optional(),
  contactMobile: contactMobile.optional(),
  location: text(500).optional(),
});
export type CreateCaseInput = z.infer<typeof CreateCaseBody>;

export const CreatedCase = z.object({ id, number: z.string(), status: z.enum(CASE_STATUSES) });

/** A comma-separated list of values of one enum in a query string (`status=submitted,screening`). */
function csvOf<T extends string>(values: readonly T[], what: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const parts = v.split(',').map((s) => s.trim());
      const bad = parts.filter((p) => !(values as readonly string[]).includes(p));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown ${what} ${bad.join(',')}` });
        return z.NEVER;
      }
      return parts as T[];
    });
}

/** The filters every worklist query shares: the list, its tab counts and its export. */
export const CaseFilterQuery = z.object({
  status: csvOf(CASE_STATUSES, 'status'),
  q: z.string().trim().max(200).optional(),
  enterpriseId: id.optional().describe('cases of this enterprise / 该企业的诉求'),
  unitId: id.optional().describe('cases assigned to this unit, lead or co / 交办给该单位（牵头或协办）的诉求'),
  categoryId: id.optional().describe('this category and those below it / 该类别及其下级类别'),
  channel: csvOf(CHANNELS, 'channel'),
  regionCode: z
    .string()
    .regex(/^\d{6}(\d{3}(\d{3})?)?$/)
    .optional()
    .describe('GB/T 2260 code; a county also finds its towns / 行政区划代码，含下级'),
  from: z.iso.date().optional().describe('filed on or after this day (Asia/Shanghai) / 提交日期起'),
  to: z.iso.date().optional().describe('filed on or before this day (Asia/Shanghai) / 提交日期止'),
  clock: z
    .enum(['overdue', 'warned'])
    .optional()
    .describe('overdue: a time limit is breached; warned: a limit is close / 已超时或临期'),
  rating: z
    .enum(['unsatisfied'])
    .optional()
    .describe(
      'cases rated unsatisfied at least once, as the discipline commission’s list / 曾被评为不满意的诉求（纪委不满意件清单）',
    ),
  card: z
    .enum(CARD_COLOURS)
    .optional()
    .describe('cases given a card of this colour, as the red-card list / 被亮该色牌的诉求（红牌件清单）'),
  cardFrom: z.iso.date().optional().describe('a card issued on or after this day (Asia/Shanghai) / 亮牌日期起'),
  cardTo: z.iso.date().optional().describe('a card issued on or before this day (Asia/Shanghai) / 亮牌日期止'),
});
export type CaseFilterInput = z.infer<typeof CaseFilterQuery>;

const CaseSort = z
  .enum(['newest', 'due'])
  .default('newest')
  .describe('newest first, or the earliest open time limit first (overdue at the top) / 最新优先或到期优先');

export const ListCasesQuery = CaseFilterQuery.extend({
  sort: CaseSort,
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ListCasesInput = z.infer<typeof ListCasesQuery>;

export const ExportCasesQuery = CaseFilterQuery.extend({ sort: CaseSort });

export const CaseCounts = z.object({
  total: z.number().int().describe('every case under the filters, whatever its state / 全部'),
  byStatus: z.record(z.string(), z.number().int()).describe('cases per state / 各状态件数'),
  overdue: z.number().int().describe('cases with an open time limit that has passed / 已超期'),
  warned: z.number().int().describe('cases with a time limit close to its end / 临期'),
});

const UnitRef = z.object({ id, name: z.string() });

export const CaseListItem = z.object({
  id,
  number: z.string(),
  title: z.string(),
  status: z.enum(CASE_STATUSES),
  kind: z.string(),
  channel: z.string(),
  complexity: z.string().nullable(),
  round: z.number(),
  enterpriseName: z.string().nullable(),
  contactName: z.string().nullable(),
  contactMobile: z.string().nullable().describe('masked / 已脱敏'),
  leadUnit: UnitRef.nullable(),
  dueAt: z.string().nullable().describe('the earliest open time limit / 最近的未完成时限'),
  dueMilestone: z.string().nullable().describe('the milestone of that limit / 该时限的节点'),
  dueUnitId: z.string().nullable().describe('the unit that owns that limit; null: the hub’s own / 该时限的责任单位'),
  dueUnitName: z.string().nullable().describe('its name / 责任单位名称'),
  overdue: z.boolean().describe('that limit has passed / 已超期'),
  warned: z.boolean().describe('that limit is close / 临期'),
  supervised: z.boolean().describe('a supervision awaits its response / 有待答复的督办'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const CaseList = z.object({
  items: z.array(CaseListItem),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const AssignmentView = z.object({
  id,
  unit: UnitRef,
  role: z.enum(['lead', 'co']),
  round: z.number(),
  status: z.string(),
  assignedAt: z.string(),
  signedAt: z.string().nullable(),
  contactedAt: z.string().nullable(),
  feedbackAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  replyResult: z.string().nullable(),
  replyText: z.string().nullable(),
});

export const CaseView = z.object({
  id,
  number: z.string(),
  jurisdiction: z.string(),
  status: z.enum(CASE_STATUSES),
  round: z.number(),
  title: z.string(),
  content: z.string(),
  kind: z.string(),
  channel: z.string(),
  externalRef: z.string().nullable(),
  complexity: z.string().nullable(),
  category: z.object({ id, name: z.string() }).nullable(),
  location: z.string().nullable(),
  regionCode: z.string().nullable(),
  enterprise: z.object({ id, name: z.string(), uscc: z.string() }).nullable(),
  contactName: z.string().nullable(),
  contactMobile: z.string().nullable(),
  leadUnit: UnitRef.nullable(),
  leadUnitId: z.string().nullable(),
  coUnits: z.array(UnitRef),
  coUnitIds: z.array(z.string()),
  assignments: z.array(AssignmentView),
  mergedIntoId: z.string().nullable(),
  rejectReason: z.string().nullable(),
  answerText: z.string().nullable(),
  result: z.string().nullable(),
  resultText: z.string().nullable(),
  lastScore: z.number().nullable(),
  unsatisfiedRounds: z.number(),
  escalatedTo: z.string().nullable(),
  pendingExtension: z
    .object({ id, reason: z.string(), until: z.string(), requestedAt: z.string(), unitId: z.string() })
    .nullable(),
  clocks: z.array(
    z.object({
      id: z.string(),
      milestone: z.string(),
      round: z.number(),
      unitId: z.string().nullable(),
      title: z.string().nullable(),
      duration: z.string(),
      startedAt: z.string(),
      dueAt: z.string(),
      warnAt: z.string().nullable(),
      state: z.enum(['running', 'warned', 'breached', 'met', 'paused', 'cancelled']),
      warnedAt: z.string().nullable(),
      breachedAt: z.string().nullable(),
      metAt: z.string().nullable(),
      profileVersion: z.number().nullable(),
    }),
  ),
  cards: z.array(
    z.object({
      id: z.string(),
      unitId: z.string(),
      colour: z.enum(['yellow', 'red']),
      reason: z.string(),
      escalation: z.string().nullable(),
      issuedAt: z.string(),
    }),
  ),
  supervisions: z
    .array(
      z.object({
        id,
        by: z.enum(['platform', 'discipline', 'leader']),
        instruction: z.string(),
        at: z.string(),
        actorName: z.string().nullable(),
        dueAt: z.string().nullable(),
        overdue: z.boolean().describe('its deadline’s clock has breached, unanswered / 已过督办时限仍未答复'),
        response: z.string().nullable(),
        respondedAt: z.string().nullable(),
        responderName: z.string().nullable(),
      }),
    )
    .describe('督办及其答复 / supervisions and their responses'),
  longTerm: z.boolean(),
  planText: z.string().nullable(),
  allowedCommands: z.array(z.enum(CASE_COMMANDS)).describe('commands the caller may issue now / 当前可执行的操作'),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type CaseViewDto = z.infer<typeof CaseView>;

export const CaseEvent = z.object({
  seq: z.number(),
  type: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  at: z.string(),
  payload: z.record(z.string(), z.unknown()),
  hash: z.string(),
  prevHash: z.string(),
});

/** Several screened cases sent to the same units at once; each is dispatched on its own. */
export const BulkDispatchBody = z.object({
  caseIds: z
    .array(id)
    .min(1)
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, 'each case once'),
  leadUnitId: id,
  coUnitIds: z.array(id).max(20).optional(),
  complexity: z.enum(COMPLEXITIES).optional(),
  note: text(2000).optional(),
});
export type BulkDispatchInput = z.infer<typeof BulkDispatchBody>;

export const BulkDispatchResult = z.object({
  succeeded: z.number().int(),
  failed: z.number().int(),
  results: z.array(
    z.object({
      caseId: id,
      ok: z.boolean(),
      number: z.string().optional(),
      status: z.enum(CASE_STATUSES).optional(),
      error: z
        .object({ code: z.string(), message: z.string() })
        .catchall(z.unknown())
        .optional()
        .describe('why this case was not dispatched, as in §10 errors / 未能交办的原因'),
    }),
  ),
});

export const CaseChain = z.object({
  events: z.number().int(),
  intact: z.boolean(),
  checkedAt: z.string(),
  firstBreak: z
    .object({ seq: z.number().int(), reason: z.string(), type: z.string() })
    .optional()
    .describe('the first event whose link is broken / 第一处断链'),
});
