import { z } from 'zod';
import { CASE_STATUSES, dateToDay } from '@qisu/core';

/** The longest period a summary covers: a leap year. */
export const MAX_PERIOD_DAYS = 366;

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

const periodShape = {
  from: LocalDate.optional().describe('first day, Asia/Shanghai / 起始日（含）YYYY-MM-DD'),
  to: LocalDate.optional().describe('last day, Asia/Shanghai / 截止日（含）YYYY-MM-DD'),
};

/** When both ends are given: `to` not before `from`, at most 366 days; reported on `to`. */
function checkPeriod(q: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (!q.from || !q.to) return;
  if (q.to < q.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'to precedes from' });
  } else if (dateToDay(q.to) - dateToDay(q.from) + 1 > MAX_PERIOD_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `longer than ${MAX_PERIOD_DAYS} days` });
  }
}

/**
 * A period of Asia/Shanghai calendar days, both ends included. Either end may be left out (see
 * `resolvePeriod`); when both are given, `to` must not precede `from` and the period is at most
 * 366 days. Problems are reported on `to`, the end a user corrects.
 */
export const PeriodQuery = z.object(periodShape).superRefine(checkPeriod);
/** A period as the query gives it; see `resolvePeriod` for the defaults. */
export type PeriodInput = z.infer<typeof PeriodQuery>;

const count = z.number().int().min(0);

const Paging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

/** One unit's figures: "now" figures (open assignments, overdue) and period figures (the rest). */
export const UnitFigures = z.object({
  unitId: z.string(),
  unitName: z.string(),
  kind: z.string(),
  openAssignments: count.describe('current-round assignments of cases in handling, not replied or returned / 在办交办'),
  overdue: count.describe('open cases with a breached time limit of this unit / 超时诉求'),
  yellow: count.describe('yellow cards issued in the period / 黄牌'),
  red: count.describe('red cards issued in the period / 红牌'),
  replied: count.describe('replies as lead unit in the period / 办结答复'),
  repliedOnTime: count.describe('of which within the resolve or redo limit / 按时办结'),
  satisfied: count.describe('satisfied ratings in the period of rounds it led / 满意评价'),
  rated: count.describe('all ratings in the period of rounds it led / 全部评价'),
});

/** The answer of `GET /api/v1/oversight/summary`; every count is over the caller's data scope. */
export const OversightSummary = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string().describe('when the current figures (open, overdue, warned) were taken / 统计时点'),
  open: count.describe('cases not in a terminal state, now / 当前在办'),
  overdue: count.describe('cases with an open time limit in state breached, now / 当前超时'),
  warned: count.describe('cases with an open time limit in state warned, now / 当前临期'),
  filed: count.describe('cases filed in the period / 期间受理'),
  byStatus: z.array(z.object({ status: z.enum(CASE_STATUSES), count })).describe('cases filed in the period'),
  cards: z.object({ yellow: count, red: count }).describe('cards issued in the period'),
  ratings: z.object({ satisfied: count, total: count }).describe('ratings given in the period'),
  units: z.array(UnitFigures),
  byCategory: z
    .array(
      z.object({
        categoryId: z.string().nullable(),
        name: z.string().nullable(),
        nameEn: z.string().nullable(),
        count,
      }),
    )
    .describe('cases filed in the period'),
  byChannel: z.array(z.object({ channel: z.string(), count })).describe('cases filed in the period'),
  byDay: z.array(z.object({ date: z.string(), filed: count })).describe('every day of the period, Asia/Shanghai'),
});
/** The summary as the service builds it. */
export type OversightSummaryDto = z.infer<typeof OversightSummary>;

/** Who supervises (督办): the platform (hub), the discipline commission, a leader. */
export const SUPERVISION_BY = ['platform', 'discipline', 'leader'] as const;

/** `GET /api/v1/supervisions`: optionally by whom, one page. */
export const SupervisionsQuery = z.object({
  by: z.enum(SUPERVISION_BY).optional().describe('平台 / 纪委 / 领导督办'),
  ...Paging,
});
/** The parsed supervision-records query. */
export type SupervisionsInput = z.infer<typeof SupervisionsQuery>;

const CaseRef = z.object({ id: z.string(), number: z.string(), title: z.string(), status: z.enum(CASE_STATUSES) });

/** A case's nearest open time limit, as the worklist shows it (`GET /api/v1/cases` items). */
const NearestDue = {
  dueAt: z.string().nullable().describe('the earliest open time limit / 最近的未完成时限'),
  dueMilestone: z.string().nullable().describe('the milestone of that limit / 该时限的节点'),
  dueUnitId: z.string().nullable().describe('the unit that owns that limit / 该时限的责任单位'),
  overdue: z.boolean().describe('that limit has passed / 已超期'),
  warned: z.boolean().describe('that limit is close / 临期'),
  supervised: z.boolean().describe('a supervision awaits its response / 有待答复的督办'),
};

/** One page of supervision records, newest first, with the total. */
export const SupervisionList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      by: z.enum(SUPERVISION_BY),
      instruction: z.string(),
      response: z.string().nullable(),
      at: z.string(),
      actor: z.object({ id: z.string(), name: z.string() }).nullable(),
      case: CaseRef,
    }),
  ),
  total: count,
  page: z.number(),
  pageSize: z.number(),
});

/** `page` (from 1) and `pageSize` (at most 200). */
export const PagingQuery = z.object(Paging);
/** The parsed paging query. */
export type PagingInput = z.infer<typeof PagingQuery>;

/** One page of cases with an unsatisfied rating, the latest rated first. */
export const UnsatisfiedList = z.object({
  items: z.array(
    CaseRef.extend({
      round: z.number(),
      enterpriseName: z.string().nullable(),
      leadUnit: z.object({ id: z.string(), name: z.string() }).nullable(),
      unsatisfiedRatings: count,
      lastScore: z.number().int().min(1).max(5),
      lastComment: z.string().nullable().describe('personal numbers masked / 已脱敏'),
      lastRatedAt: z.string(),
      disciplineSupervised: z.boolean().describe('a 纪委 supervision record exists / 已倒查'),
      ...NearestDue,
    }),
  ),
  total: count,
  page: z.number(),
  pageSize: z.number(),
});

/** Red cards of a period (default: the current month) on the cases the caller may see. */
export const RedCardsQuery = z.object({ ...periodShape, ...Paging }).superRefine(checkPeriod);
/** The parsed red-cards query. */
export type RedCardsInput = z.infer<typeof RedCardsQuery>;

/** One page of red cards of the period on cases in scope, newest first, with the resolved period. */
export const RedCardList = z.object({
  from: z.string(),
  to: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      unit: z.object({ id: z.string(), name: z.string() }),
      reason: z.string(),
      escalation: z.string().nullable(),
      issuedAt: z.string(),
      case: CaseRef.extend({ enterpriseName: z.string().nullable(), ...NearestDue }),
    }),
  ),
  total: count,
  page: z.number(),
  pageSize: z.number(),
});
