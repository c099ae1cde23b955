import { z } from 'zod';
import {
  CADENCES,
  dateToDay,
  KPI_COUNTS,
  KPI_AVERAGE_NAMES,
  KPI_RATE_NAMES,
  parseReportPeriod,
  RANKING_MEASURES,
  REPORT_PERIOD_PATTERN,
} from '@qisu/core';
import { KPI_DIMENSIONS } from './reports.repository.js';

/** The longest span one KPI query covers: five years of cases. */
export const MAX_KPI_DAYS = 5 * 366;

/** A real calendar day, `YYYY-MM-DD` (2026-02-30 is refused, not rolled over). */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  .refine(
    (v) => {
      const ms = Date.parse(`${v}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(v);
    },
    { message: 'not a calendar day' },
  )
  .refine((v) => v >= '2000-01-01' && v < '2100-01-01', { message: 'year must be 2000–2099' });

const rangeShape = {
  from: LocalDate.optional().describe('first day received, Asia/Shanghai, included / 受理起始日（含）'),
  to: LocalDate.optional().describe('the day after the last, excluded / 截止日（不含）'),
};

/** `to` after `from`, at most `MAX_KPI_DAYS` apart; reported on `to`. */
function checkRange(q: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (!q.from || !q.to) return;
  if (q.to <= q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  else if (dateToDay(q.to) - dateToDay(q.from) > MAX_KPI_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `longer than ${MAX_KPI_DAYS} days` });
  }
}

/** Cases received in `[from, to)`, Asia/Shanghai days; the current month when both are absent. */
export const RangeQuery = z.object(rangeShape).superRefine(checkRange);
export type RangeInput = z.infer<typeof RangeQuery>;

export const KpiQuery = z
  .object({ ...rangeShape, by: z.enum(KPI_DIMENSIONS).default('unit').describe('group by / 分组维度') })
  .superRefine(checkRange);
export type KpiInput = z.infer<typeof KpiQuery>;

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1).nullable();

const countsShape = Object.fromEntries(KPI_COUNTS.map((k) => [k, count])) as Record<
  (typeof KPI_COUNTS)[number],
  typeof count
>;
const ratesShape = Object.fromEntries(KPI_RATE_NAMES.map((k) => [k, rate])) as Record<
  (typeof KPI_RATE_NAMES)[number],
  typeof rate
>;
const hours = z.number().min(0).nullable().describe('working hours, two decimals; null when no case was timed');
const averagesShape = Object.fromEntries(KPI_AVERAGE_NAMES.map((k) => [k, hours])) as Record<
  (typeof KPI_AVERAGE_NAMES)[number],
  typeof hours
>;

/** One group's counts and rates (docs/kpi.md). */
export const KpiRow = z.object({
  key: z.string().describe('the unit’s or category’s id, the region code, the channel …; "none" for cases without one'),
  name: z.string(),
  ...countsShape,
  ...ratesShape,
  ...averagesShape,
});

export const KpiReport = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(KPI_DIMENSIONS),
  rows: z.array(KpiRow),
  total: KpiRow.describe('all cases of the period in the caller’s scope'),
});

/** The periods a trend covers: `count` periods of `cadence`, the last one `period` (the current one when absent). */
export const TrendQuery = z
  .object({
    cadence: z.enum(CADENCES).default('month').describe('month, quarter, half or year / 周期'),
    count: z.coerce.number().int().min(2).max(24).default(6).describe('how many periods, 2–24 / 期数'),
    period: z
      .string()
      .regex(REPORT_PERIOD_PATTERN, { message: 'period must be YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY' })
      .optional()
      .describe('the last period shown, of the cadence asked; the current one when absent / 截止期'),
  })
  .refine((q) => !q.period || parseReportPeriod(q.period)?.cadence === q.cadence, {
    message: 'period must be of the cadence asked (2026-11 for month, 2026-Q4 for quarter …)',
    path: ['period'],
  });
export type TrendInput = z.infer<typeof TrendQuery>;

/** One period's counts and rates; `key` is its code, `name` its label in the caller's language. */
export const TrendRow = KpiRow.extend({
  from: z.string(),
  to: z.string().describe('the day after the period / 次日'),
  complete: z.boolean().describe('false for the period still running / 本期尚未结束'),
});

export const Trend = z.object({ cadence: z.enum(CADENCES), rows: z.array(TrendRow) });

export const RankingQuery = z.object({
  period: z
    .string()
    .regex(REPORT_PERIOD_PATTERN, { message: 'period must be YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY' })
    .optional()
    .describe('2026-11, 2026-Q4, 2026-H2 or 2026; the last complete period of the profile’s cadence when absent'),
  subject: z.enum(['unit', 'liaison']).optional().describe('who is ranked; the profile’s first subject when absent'),
});
export type RankingInput = z.infer<typeof RankingQuery>;

/** The period of a notice: `month` (SPEC §10) or any report period; the last complete month when absent. */
export const NoticeQuery = z
  .object({
    month: z
      .string()
      .regex(/^20\d{2}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
      .optional()
      .describe('2026-11 / 通报月份'),
    period: z
      .string()
      .regex(REPORT_PERIOD_PATTERN, { message: 'period must be YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY' })
      .optional()
      .describe('2026-Q4, 2026-H2 or 2026 for the quarterly, half-year and annual notices'),
  })
  .refine((q) => !(q.month && q.period), { message: 'give month or period, not both', path: ['period'] });
export type NoticeInput = z.infer<typeof NoticeQuery>;

/** The period of a service report; the profile's last complete one when absent. */
export const ServiceReportQuery = z.object({
  period: z
    .string()
    .regex(REPORT_PERIOD_PATTERN, { message: 'period must be YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY' })
    .optional()
    .describe(
      '2026-11, 2026-Q4, 2026-H2 or 2026; the last complete period of the profile’s cadence (a quarter) when absent',
    ),
});

export const RankingRow = KpiRow.extend({
  rank: z.number().int().min(1).nullable().describe('equal for a tie; null without cases in the period'),
  tied: z.boolean(),
  score: z.number().nullable().describe('the weighted mean for a weighted rule'),
  list: z.enum(['red', 'black']).nullable().describe('红榜 / 黑榜'),
});

export const Ranking = z.object({
  period: z.object({
    code: z.string(),
    cadence: z.enum(CADENCES),
    from: z.string(),
    to: z.string(),
    label: z.object({ zh: z.string(), en: z.string() }),
  }),
  subject: z.enum(['unit', 'liaison']),
  rule: z.object({
    cadence: z.enum(CADENCES),
    method: z.enum(['ordered', 'weighted']),
    measures: z.array(z.object({ kpi: z.enum(RANKING_MEASURES), weight: z.number().optional() })),
    subjects: z.array(z.enum(['unit', 'liaison'])),
    listSize: z.number().int(),
    note: z.string(),
  }),
  rows: z.array(RankingRow),
});

/** What a kept document is: a notice (通报) or a service report (服务企业报告). */
export const REPORT_DOCUMENT_KINDS = ['notice', 'service-report'] as const;
export type ReportDocumentKind = (typeof REPORT_DOCUMENT_KINDS)[number];

/** A notice or service report kept for download (its bytes at `GET /api/v1/reports/documents/{id}`). */
export const ReportDocumentView = z.object({
  id: z.string(),
  kind: z.enum(REPORT_DOCUMENT_KINDS),
  period: z.string().describe('2026-11, 2026-Q4, 2026-H2 or 2026'),
  fileName: z.string(),
  generatedBy: z.string().describe('生成人；定时生成的为“定时生成” / who generated it, or the schedule'),
  scheduled: z.boolean(),
  generatedAt: z.string(),
});

/** Generates a period's notice (or service report) now and keeps it. */
export const GenerateDocumentBody = z.object({
  kind: z.enum(REPORT_DOCUMENT_KINDS).default('notice').describe('notice 通报 or service-report 服务企业报告'),
  period: z
    .string()
    .regex(REPORT_PERIOD_PATTERN, { message: 'period must be YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY' })
    .describe('2026-11, 2026-Q4, 2026-H2 or 2026'),
});

export const DocumentIdParams = z.object({ id: z.uuid() });
