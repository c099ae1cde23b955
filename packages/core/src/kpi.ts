/**
 * The key performance indicators of the loop (docs/kpi.md defines each one in words; the server
 * counts them, this module names them, divides them and ranks by them).
 */

/**
 * The additive measures of one row of `GET /api/v1/reports/kpis`: numbers of cases, numbers of
 * cards, and working minutes summed over the cases (so that a row of a month plus a row of the
 * next month is the row of both, which is what the rollups rely on).
 */
export const KPI_COUNTS = [
  'received',
  'dispatched',
  'responded',
  'respondedInTime',
  'closed',
  'closedInTime',
  'solved',
  'rated',
  'satisfied',
  'redone',
  'late',
  'overdue',
  'returned',
  'supervised',
  'yellowCards',
  'redCards',
  'responseTimed',
  'responseMinutes',
  'resolveTimed',
  'resolveMinutes',
] as const;
export type KpiCount = (typeof KPI_COUNTS)[number];

/** The rates, each `part / whole` over counts of the same row. */
export const KPI_RATES = {
  responseRate: ['respondedInTime', 'received'],
  closeRate: ['closed', 'received'],
  onTimeRate: ['closedInTime', 'closed'],
  solveRate: ['solved', 'closed'],
  satisfactionRate: ['satisfied', 'rated'],
  redoRate: ['redone', 'rated'],
  returnRate: ['returned', 'dispatched'],
} as const satisfies Record<string, readonly [KpiCount, KpiCount]>;
export type KpiRate = keyof typeof KPI_RATES;
export const KPI_RATE_NAMES = Object.keys(KPI_RATES) as KpiRate[];

/** The average times in working hours, each `minutes / 60 / cases` over sums of the same row. */
export const KPI_AVERAGES = {
  avgResponseHours: ['responseMinutes', 'responseTimed'],
  avgResolveHours: ['resolveMinutes', 'resolveTimed'],
} as const satisfies Record<string, readonly [KpiCount, KpiCount]>;
export type KpiAverage = keyof typeof KPI_AVERAGES;
export const KPI_AVERAGE_NAMES = Object.keys(KPI_AVERAGES) as KpiAverage[];

/** What a ranking may order by: the rates where higher is better. */
export const RANKING_MEASURES = ['responseRate', 'closeRate', 'onTimeRate', 'solveRate', 'satisfactionRate'] as const;
export type RankingMeasure = (typeof RANKING_MEASURES)[number];

/** Names shown to people, zh-CN and en-US. */
export const KPI_LABELS: Record<KpiCount | KpiRate | KpiAverage, { zh: string; en: string }> = {
  received: { zh: '受理量', en: 'Received' },
  dispatched: { zh: '交办量', en: 'Dispatched' },
  responded: { zh: '已响应', en: 'Responded' },
  respondedInTime: { zh: '按时响应', en: 'Responded in time' },
  closed: { zh: '办结量', en: 'Closed' },
  closedInTime: { zh: '按时办结', en: 'Closed in time' },
  solved: { zh: '已解决', en: 'Solved' },
  rated: { zh: '已评价', en: 'Rated' },
  satisfied: { zh: '满意', en: 'Satisfied' },
  redone: { zh: '重办量', en: 'Redone' },
  late: { zh: '超时件', en: 'Late' },
  overdue: { zh: '当前超期', en: 'Overdue now' },
  returned: { zh: '退单件', en: 'Returned' },
  supervised: { zh: '督办件', en: 'Supervised' },
  yellowCards: { zh: '黄牌', en: 'Yellow cards' },
  redCards: { zh: '红牌', en: 'Red cards' },
  responseTimed: { zh: '计时响应件', en: 'Responses timed' },
  responseMinutes: { zh: '响应用时（工作分钟）', en: 'Response time (working minutes)' },
  resolveTimed: { zh: '计时办结件', en: 'Closings timed' },
  resolveMinutes: { zh: '办结用时（工作分钟）', en: 'Resolve time (working minutes)' },
  responseRate: { zh: '响应率', en: 'Response rate' },
  closeRate: { zh: '办结率', en: 'Close rate' },
  onTimeRate: { zh: '按时办结率', en: 'On-time rate' },
  solveRate: { zh: '解决率', en: 'Solve rate' },
  satisfactionRate: { zh: '满意率', en: 'Satisfaction rate' },
  redoRate: { zh: '重办率', en: 'Redo rate' },
  returnRate: { zh: '退单率', en: 'Return rate' },
  avgResponseHours: { zh: '平均响应用时（工作小时）', en: 'Average response (working hours)' },
  avgResolveHours: { zh: '平均办结用时（工作小时）', en: 'Average resolution (working hours)' },
};

export type KpiCounts = Record<KpiCount, number>;
export type KpiRates = Record<KpiRate, number | null>;
export type KpiAverages = Record<KpiAverage, number | null>;

/** `part / whole`, or null when there is nothing to divide. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Every rate of one row of counts. */
export function kpiRates(counts: KpiCounts): KpiRates {
  const rates = {} as KpiRates;
  for (const name of KPI_RATE_NAMES) {
    const [part, whole] = KPI_RATES[name];
    rates[name] = ratio(counts[part], counts[whole]);
  }
  return rates;
}

/** Every average time of one row, in working hours to two decimals; null where no case counts. */
export function kpiAverages(counts: KpiCounts): KpiAverages {
  const averages = {} as KpiAverages;
  for (const name of KPI_AVERAGE_NAMES) {
    const [minutes, cases] = KPI_AVERAGES[name];
    const hours = ratio(counts[minutes], counts[cases] * 60);
    averages[name] = hours === null ? null : Math.round(hours * 100) / 100;
  }
  return averages;
}

/** Two rows of counts added (or, with `sign` -1, the second taken away), as rollups combine them. */
export function addKpiCounts(a: KpiCounts, b: KpiCounts, sign: 1 | -1 = 1): KpiCounts {
  const sum = {} as KpiCounts;
  for (const k of KPI_COUNTS) sum[k] = a[k] + sign * b[k];
  return sum;
}

/** Zero of every count. */
export function emptyKpiCounts(): KpiCounts {
  return Object.fromEntries(KPI_COUNTS.map((k) => [k, 0])) as KpiCounts;
}

/** A ranking rule of a profile (`reports.ranking`), without its cadence. */
export interface RankingRule {
  /** `ordered`: by the first measure, ties broken by the next; `weighted`: by the weighted mean. */
  method: 'ordered' | 'weighted';
  measures: readonly { kpi: RankingMeasure; weight?: number | undefined }[];
  /** How many units the positive (红榜) and the negative (黑榜) lists name, before ties. */
  listSize: number;
}

/** One subject to rank (a unit, a liaison): its counts and rates over the period. */
export interface RankingInput extends KpiRates {
  key: string;
  name: string;
  received: number;
  late: number;
}

export interface RankedRow<T extends RankingInput = RankingInput> {
  subject: T;
  /** 1 for the best; equal for a tie (1, 1, 3); null for a subject without cases in the period. */
  rank: number | null;
  /** Shares its rank with another subject. */
  tied: boolean;
  /** The weighted mean for a weighted rule; null for an ordered one or without any measure. */
  score: number | null;
  list: 'red' | 'black' | null;
}

const EPSILON = 1e-9;

/** Positive when a ranks below b (a's value is worse). A missing value ranks below every value. */
function compareDesc(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return Math.abs(a - b) < EPSILON ? 0 : b - a;
}

/** The weighted mean over the measures that have a value; null when none has. */
export function weightedScore(subject: KpiRates, measures: RankingRule['measures']): number | null {
  let sum = 0;
  let weights = 0;
  for (const m of measures) {
    const value = subject[m.kpi];
    if (value === null) continue;
    const weight = m.weight ?? 1;
    sum += weight * value;
    weights += weight;
  }
  return weights > 0 ? sum / weights : null;
}

/**
 * Ranks subjects by a profile's rule. Only subjects that received cases in the period are
 * ranked; equal values share a rank (1, 1, 3) and are listed by name. 红榜: the best `listSize`
 * (more when the last place is tied) among those with no late case and every measure above 0;
 * 黑榜: the worst `listSize` (more when tied) that are not on the 红榜 and are ranked below
 * someone. A subject is never on both lists.
 */
export function rankSubjects<T extends RankingInput>(subjects: readonly T[], rule: RankingRule): RankedRow<T>[] {
  const score = (s: T) => (rule.method === 'weighted' ? weightedScore(s, rule.measures) : null);
  const compare = (a: T, b: T): number => {
    if (rule.method === 'weighted') return compareDesc(score(a), score(b));
    for (const m of rule.measures) {
      const c = compareDesc(a[m.kpi], b[m.kpi]);
      if (c !== 0) return c;
    }
    return 0;
  };
  const byName = (a: T, b: T) => a.name.localeCompare(b.name, 'zh-CN') || a.key.localeCompare(b.key);
  const active = subjects.filter((s) => s.received > 0).sort((a, b) => compare(a, b) || byName(a, b));
  const idle = subjects.filter((s) => s.received === 0).sort(byName);

  const rows: RankedRow<T>[] = [];
  active.forEach((subject, i) => {
    const previous = rows[i - 1];
    const rank = previous && compare(previous.subject, subject) === 0 ? previous.rank : i + 1;
    rows.push({ subject, rank, tied: false, score: score(subject), list: null });
  });
  for (const row of rows) row.tied = rows.some((o) => o !== row && o.rank === row.rank);

  const eligible = (s: T) => s.late === 0 && rule.measures.every((m) => (s[m.kpi] ?? 0) > 0);
  const red = takeWithTies(
    rows.filter((r) => eligible(r.subject)),
    rule.listSize,
  );
  for (const r of red) r.list = 'red';
  const black = takeWithTies(rows.filter((r) => r.list === null && (r.rank ?? 1) > 1).reverse(), rule.listSize);
  for (const r of black) r.list = 'black';

  return [...rows, ...idle.map((subject) => ({ subject, rank: null, tied: false, score: null, list: null }))];
}

/** The first `size` rows, and the rows after them that tie with the last one taken. */
function takeWithTies<R extends { rank: number | null }>(rows: readonly R[], size: number): R[] {
  if (rows.length <= size) return [...rows];
  const cut = rows[size - 1]!.rank;
  let end = size;
  while (end < rows.length && rows[end]!.rank === cut) end++;
  return rows.slice(0, end);
}
