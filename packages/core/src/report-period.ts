import type { LocalDate } from './calendar.js';

/** How often an office reports: 月 / 季 / 半年 / 年. */
export const CADENCES = ['month', 'quarter', 'half', 'year'] as const;
export type Cadence = (typeof CADENCES)[number];

export const CADENCE_LABELS: Record<Cadence, { zh: string; en: string }> = {
  month: { zh: '月度', en: 'Monthly' },
  quarter: { zh: '季度', en: 'Quarterly' },
  half: { zh: '半年', en: 'Half-yearly' },
  year: { zh: '年度', en: 'Yearly' },
};

/**
 * One reporting period of Asia/Shanghai calendar days, `[from, to)`: `2026-11` (a month),
 * `2026-Q4`, `2026-H2`, `2026`.
 */
export interface ReportPeriod {
  code: string;
  cadence: Cadence;
  /** First day, included. */
  from: LocalDate;
  /** The day after the last one (excluded), as in `GET /api/v1/reports/kpis`. */
  to: LocalDate;
  label: { zh: string; en: string };
}

/** The codes `parseReportPeriod` reads, of the years 2000–2099. */
export const REPORT_PERIOD_PATTERN = /^(20\d{2})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12]))?$/;

const MONTHS_PER: Record<Cadence, number> = { month: 1, quarter: 3, half: 6, year: 12 };
const pad = (n: number) => String(n).padStart(2, '0');
const firstOfMonth = (year: number, month0: number): LocalDate => {
  const y = year + Math.floor(month0 / 12);
  const m = ((month0 % 12) + 12) % 12;
  return `${y}-${pad(m + 1)}-01`;
};

function period(cadence: Cadence, year: number, index: number): ReportPeriod {
  const months = MONTHS_PER[cadence];
  const start = (index - 1) * months;
  const code =
    cadence === 'month'
      ? `${year}-${pad(index)}`
      : cadence === 'quarter'
        ? `${year}-Q${index}`
        : cadence === 'half'
          ? `${year}-H${index}`
          : `${year}`;
  const label =
    cadence === 'month'
      ? { zh: `${year}年${index}月`, en: `${year}-${pad(index)}` }
      : cadence === 'quarter'
        ? { zh: `${year}年第${'一二三四'[index - 1]}季度`, en: `Q${index} ${year}` }
        : cadence === 'half'
          ? { zh: `${year}年${index === 1 ? '上' : '下'}半年`, en: `H${index} ${year}` }
          : { zh: `${year}年度`, en: `${year}` };
  return { code, cadence, from: firstOfMonth(year, start), to: firstOfMonth(year, start + months), label };
}

/** The period a code names, or null when the code is not one (`2026-13`, `2026-Q5`, `26-11`). */
export function parseReportPeriod(code: string): ReportPeriod | null {
  const m = REPORT_PERIOD_PATTERN.exec(code);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return period('month', year, Number(m[2]));
  if (m[3]) return period('quarter', year, Number(m[3]));
  if (m[4]) return period('half', year, Number(m[4]));
  return period('year', year, 1);
}

/** The period of this cadence that contains the day. */
export function periodContaining(cadence: Cadence, date: LocalDate): ReportPeriod {
  const year = Number(date.slice(0, 4));
  const month0 = Number(date.slice(5, 7)) - 1;
  return period(cadence, year, Math.floor(month0 / MONTHS_PER[cadence]) + 1);
}

/** The last period of this cadence that ended on or before the day: what a notice issued that day covers. */
export function lastCompletePeriod(cadence: Cadence, date: LocalDate): ReportPeriod {
  const current = periodContaining(cadence, date);
  const y = Number(current.from.slice(0, 4));
  const m0 = Number(current.from.slice(5, 7)) - 1 - MONTHS_PER[cadence];
  return periodContaining(cadence, firstOfMonth(y, m0));
}

/** The period just before this one, of the same cadence. */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  return lastCompletePeriod(p.cadence, p.from);
}
