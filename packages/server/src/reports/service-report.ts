import { Document, Packer, Paragraph } from 'docx';
import type { KpiAverage, KpiCount, KpiRate } from '@qisu/core';
import { KPI_LABELS } from '@qisu/core';
import { heading, paragraph, percent, table, title } from './docx-parts.js';
import type { NoticeCase } from './notice.js';

/** The counts, rates and averages of a group of cases, as `toRow` gives them. */
export type Figures = Record<KpiCount, number> & Record<KpiRate, number | null> & Record<KpiAverage, number | null>;

/** One line of a table by category, channel, unit or liaison: this period and, where kept, the last. */
export interface ServiceGroup {
  name: string;
  figures: Figures;
  previousReceived?: number;
}

/** The 正向 and 反向 lists of a ranking (红榜, 黑榜), by name. */
export interface ServiceLists {
  positive: readonly string[];
  negative: readonly string[];
}

export interface ServiceReportData {
  jurisdictionName: string;
  /** 2026年第四季度 … and the period before it. */
  periodLabel: string;
  previousLabel: string;
  from: string;
  to: string;
  current: Figures;
  previous: Figures;
  /** The enterprises' last rating per case, by the profile's scale (its labels), best first. */
  ratings: readonly { label: string; count: number }[];
  /** The hub's revisits in the period, by method name. */
  revisits: readonly { method: string; count: number }[];
  categories: readonly ServiceGroup[];
  channels: readonly ServiceGroup[];
  units: readonly ServiceGroup[];
  unitLists: ServiceLists | null;
  liaisons: readonly ServiceGroup[];
  liaisonLists: ServiceLists | null;
  unsatisfied: readonly NoticeCase[];
  typical: readonly NoticeCase[];
  findings: readonly string[];
  generatedBy: string;
  generatedOn: string;
}

/** The fewest cases a category needs before the report says anything of its rates or growth. */
const FINDING_MIN_CASES = 3;
/** How far below the jurisdiction's rate a category's must be to be named. */
const FINDING_RATE_GAP = 0.1;
/** How much a rate must fall from the last period to be named. */
const FINDING_RATE_DROP = 0.05;
/** The most categories each kind of finding names, the largest first. */
const FINDING_MAX_CATEGORIES = 5;

/** `a − b` to a tenth of a percentage point, so that 90 % − 80 % is ten points, not a hair less. */
const gap = (a: number, b: number) => Math.round((a - b) * 1000) / 1000;

const points = (value: number) => `${(Math.round(value * 1000) / 10).toFixed(1)} 个百分点`;

/**
 * What the report asks the government to look at (需关注的问题), read from the figures alone:
 * categories that grew by half or more, categories solved or satisfied well below the
 * jurisdiction, rates that fell from the last period, and units with cases overdue now — at most
 * five categories of each kind, the largest first. Pure, so that each reading is tested; empty
 * when nothing stands out.
 */
export function serviceFindings(
  data: Pick<ServiceReportData, 'current' | 'previous' | 'categories' | 'units'>,
): string[] {
  const found: string[] = [];
  const growth = (c: ServiceGroup) => c.figures.received - (c.previousReceived ?? 0);
  const grown = data.categories
    .filter((c) => {
      const now = c.figures.received;
      return now >= FINDING_MIN_CASES && growth(c) >= FINDING_MIN_CASES && now >= (c.previousReceived ?? 0) * 1.5;
    })
    .sort((a, b) => growth(b) - growth(a))
    .slice(0, FINDING_MAX_CATEGORIES);
  for (const c of grown) {
    const before = c.previousReceived ?? 0;
    const now = c.figures.received;
    found.push(
      before === 0
        ? `“${c.name}”类诉求 ${now} 件，上期没有，为新出现的集中问题。`
        : `“${c.name}”类诉求 ${now} 件，较上期增加 ${now - before} 件（+${Math.round(((now - before) / before) * 100)}%）。`,
    );
  }
  for (const rate of ['solveRate', 'satisfactionRate'] as const) {
    const overall = data.current[rate];
    if (overall === null) continue;
    const behind = data.categories
      .filter((c) => {
        const own = c.figures[rate];
        return c.figures.received >= FINDING_MIN_CASES && own !== null && gap(overall, own) >= FINDING_RATE_GAP;
      })
      .sort((a, b) => (a.figures[rate] ?? 0) - (b.figures[rate] ?? 0))
      .slice(0, FINDING_MAX_CATEGORIES);
    for (const c of behind) {
      const own = c.figures[rate]!;
      found.push(
        `“${c.name}”类诉求${KPI_LABELS[rate].zh} ${percent(own)}，低于本地区平均 ${percent(overall)}，需研究共性原因。`,
      );
    }
  }
  for (const rate of ['closeRate', 'onTimeRate', 'solveRate', 'satisfactionRate'] as const) {
    const now = data.current[rate];
    const before = data.previous[rate];
    if (now === null || before === null || gap(before, now) < FINDING_RATE_DROP) continue;
    found.push(`${KPI_LABELS[rate].zh} ${percent(now)}，较上期下降 ${points(before - now)}。`);
  }
  const overdue = data.units.filter((u) => u.figures.overdue > 0).sort((a, b) => b.figures.overdue - a.figures.overdue);
  if (overdue.length > 0) {
    const cases = overdue.reduce((s, u) => s + u.figures.overdue, 0);
    found.push(
      `${overdue
        .slice(0, 5)
        .map((u) => `${u.name}（${u.figures.overdue} 件）`)
        .join(
          '、',
        )}${overdue.length > 5 ? ` 等 ${overdue.length} 个单位` : ''}共有 ${cases} 件本期诉求至今超期未办结。`,
    );
  }
  return found;
}

const hours = (value: number | null) => (value === null ? '—' : value.toFixed(1));

/** The change of a rate in percentage points, of hours to a tenth, or of a count, signed. */
function change(now: number | null, before: number | null, kind: 'count' | 'rate' | 'hours'): string {
  if (now === null || before === null) return '—';
  const delta = now - before;
  const sign = delta >= 0 ? '+' : '';
  if (kind === 'rate') return `${sign}${(Math.round(delta * 1000) / 10).toFixed(1)}`;
  if (kind === 'hours') return `${sign}${delta.toFixed(1)}`;
  return `${sign}${delta}`;
}

/** The lines of the overview's comparison with the last period. */
const OVERVIEW: readonly { kpi: KpiCount | KpiRate | KpiAverage; kind: 'count' | 'rate' | 'hours' }[] = [
  { kpi: 'received', kind: 'count' },
  { kpi: 'closed', kind: 'count' },
  { kpi: 'responseRate', kind: 'rate' },
  { kpi: 'closeRate', kind: 'rate' },
  { kpi: 'onTimeRate', kind: 'rate' },
  { kpi: 'solveRate', kind: 'rate' },
  { kpi: 'satisfactionRate', kind: 'rate' },
  { kpi: 'redoRate', kind: 'rate' },
  { kpi: 'avgResponseHours', kind: 'hours' },
  { kpi: 'avgResolveHours', kind: 'hours' },
  { kpi: 'late', kind: 'count' },
];

function shown(value: number | null, kind: 'count' | 'rate' | 'hours'): string {
  if (kind === 'rate') return percent(value);
  if (kind === 'hours') return hours(value);
  return String(value ?? 0);
}

/** A table of groups: name, received (and the last period's where kept), closed, and the three rates. */
function groupTable(nameHeader: string, groups: readonly ServiceGroup[], withPrevious: boolean) {
  const header = [
    nameHeader,
    '本期受理',
    ...(withPrevious ? ['上期受理'] : []),
    '办结',
    KPI_LABELS.onTimeRate.zh,
    KPI_LABELS.solveRate.zh,
    KPI_LABELS.satisfactionRate.zh,
  ];
  return table(
    header,
    groups.map((g) => [
      g.name,
      String(g.figures.received),
      ...(withPrevious ? [String(g.previousReceived ?? 0)] : []),
      String(g.figures.closed),
      percent(g.figures.onTimeRate),
      percent(g.figures.solveRate),
      percent(g.figures.satisfactionRate),
    ]),
    [3, 1.1, ...(withPrevious ? [1.1] : []), 1, 1.3, 1.2, 1.2],
  );
}

function lists(subject: string, l: ServiceLists | null) {
  if (!l) return [];
  return [
    paragraph(`正向晾晒（${subject}）：${l.positive.join('、') || '无'}。`),
    paragraph(`反向晾晒（${subject}）：${l.negative.join('、') || '无'}。`),
  ];
}

function cases(rows: readonly NoticeCase[], noteHeader: string, none: string) {
  return rows.length === 0
    ? paragraph(none)
    : table(
        ['编号', '诉求', '承办单位', noteHeader],
        rows.map((c) => [c.number, c.title, c.unitName ?? '—', c.note ?? '—']),
        [2.6, 3, 2.2, 3],
      );
}

/**
 * 服务企业报告 (seed 001 二（四）1): a period's service to enterprises for the Party committee and
 * government — the figures against the last period, the enterprises' own rating first, the hub's
 * revisits beside it, where the demands came from and what they were about, how the units and
 * the liaisons served them with the positive and negative lists, typical cases, and what needs
 * attention.
 */
export async function serviceReportDocument(data: ServiceReportData): Promise<Buffer> {
  const c = data.current;
  const rated = data.ratings.reduce((s, r) => s + r.count, 0);
  const revisited = data.revisits.reduce((s, r) => s + r.count, 0);
  const doc = new Document({
    creator: data.generatedBy,
    title: `${data.jurisdictionName}服务企业报告（${data.periodLabel}）`,
    sections: [
      {
        children: [
          ...title(`${data.jurisdictionName}服务企业报告`, data.periodLabel),
          heading('一、总体情况'),
          paragraph(
            `${data.periodLabel}（${data.from} 至 ${data.to}，按受理日期统计），共受理企业诉求 ${c.received} 件，` +
              `办结 ${c.closed} 件；解决率 ${percent(c.solveRate)}，满意率 ${percent(c.satisfactionRate)}，` +
              `按时办结率 ${percent(c.onTimeRate)}；上期（${data.previousLabel}）受理 ${data.previous.received} 件。`,
          ),
          table(
            ['指标', '本期', '上期', '变化'],
            OVERVIEW.map(({ kpi, kind }) => [
              KPI_LABELS[kpi].zh,
              shown(c[kpi], kind),
              shown(data.previous[kpi], kind),
              change(c[kpi], data.previous[kpi], kind),
            ]),
            [3, 1.5, 1.5, 1.5],
          ),
          paragraph('变化一栏：比率为百分点，其余为件数或工作小时。'),
          heading('二、企业评价'),
          paragraph(
            `本报告以企业评价为主。本期受理的诉求中 ${rated} 件已由企业评价，满意率 ${percent(c.satisfactionRate)}` +
              `（每件取最后一次评价）。`,
          ),
          rated === 0
            ? paragraph('本期尚无企业评价。')
            : table(
                ['评价', '件数', '占比'],
                data.ratings.map((r) => [r.label, String(r.count), percent(r.count / rated)]),
                [3, 1.5, 1.5],
              ),
          paragraph('企业评价不满意的诉求：'),
          cases(data.unsatisfied, '企业意见', '本期无企业评价不满意的诉求。'),
          heading('三、营商部门回访'),
          paragraph(
            revisited === 0
              ? '本期营商部门未记录回访。'
              : `本期营商部门回访 ${revisited} 次：${data.revisits.map((r) => `${r.method} ${r.count} 次`).join('，')}。`,
          ),
          paragraph('第三方评价不在本平台记录，如有，另附于后。'),
          heading('四、诉求来源与类别'),
          data.categories.length === 0 ? paragraph('本期无诉求。') : groupTable('诉求类别', data.categories, true),
          paragraph('按受理渠道：'),
          data.channels.length === 0 ? paragraph('本期无诉求。') : groupTable('受理渠道', data.channels, false),
          heading('五、承办单位服务情况'),
          data.units.length === 0 ? paragraph('本期无交办诉求。') : groupTable('承办单位', data.units, false),
          ...lists('承办单位', data.unitLists),
          heading('六、助企联络员服务情况'),
          data.liaisons.length === 0
            ? paragraph('本期无联络员联系企业的诉求。')
            : groupTable('助企联络员', data.liaisons, false),
          ...lists('助企联络员', data.liaisonLists),
          heading('七、典型服务案例'),
          cases(data.typical, '办理结果', '本期无典型案例。'),
          heading('八、需关注的问题'),
          ...(data.findings.length === 0
            ? [paragraph('本期各项指标平稳，未发现需特别关注的问题。')]
            : data.findings.map((f, i) => paragraph(`${i + 1}. ${f}`))),
          new Paragraph({ spacing: { before: 360 }, children: [] }),
          paragraph(`生成人：${data.generatedBy}\u3000生成日期：${data.generatedOn}`),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
