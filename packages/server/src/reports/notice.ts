import { Document, Packer, Paragraph } from 'docx';
import type { ActivityKind, KpiRate, RankingMeasure, SurveyLevel } from '@qisu/core';
import { ACTIVITY_KIND_LABELS, KPI_LABELS, SURVEY_LEVEL_LABELS, SURVEY_LEVELS } from '@qisu/core';
import { heading, paragraph, percent, table, title } from './docx-parts.js';

/** One unit's line of the notice's ranking table. */
export interface NoticeUnit {
  name: string;
  rank: number | null;
  tied: boolean;
  list: 'red' | 'black' | null;
  received: number;
  closed: number;
  late: number;
  overdue: number;
  yellowCards: number;
  redCards: number;
  rates: Partial<Record<KpiRate, number | null>>;
}

/** A case the notice names: supervised, unsatisfied, or a typical good one. */
export interface NoticeCase {
  number: string;
  title: string;
  unitName: string | null;
  /** What the notice says of it: the supervision's instruction, the rating's comment, the reply. */
  note: string | null;
}

export interface NoticeData {
  jurisdictionName: string;
  /** 2026年11月, 2026年第四季度 … */
  periodLabel: string;
  from: string;
  to: string;
  totals: {
    received: number;
    closed: number;
    supervised: number;
    yellowCards: number;
    redCards: number;
    rates: Partial<Record<KpiRate, number | null>>;
  };
  /** The measures of the profile's ranking rule, in its order, and the rule's note (its seed clause). */
  measures: readonly RankingMeasure[];
  ruleNote: string;
  units: readonly NoticeUnit[];
  supervisions: readonly NoticeCase[];
  unsatisfied: readonly NoticeCase[];
  typical: readonly NoticeCase[];
  /** The experience library's entries marked typical (典型案例) in the period; a section only when there are some. */
  libraryTypical?: readonly { caseNumber: string; problem: string; resolution: string; unitNames: readonly string[] }[];
  /**
   * A month's activities (走访与活动) by kind and each leader's days in enterprises (seed 003 二(四));
   * a section only for a month with activities.
   */
  activities?: {
    total: number;
    byKind: readonly { kind: ActivityKind; count: number }[];
    leaders: readonly { name: string; days: number; dates: readonly string[]; activities: number }[];
  };
  /**
   * The satisfaction questionnaires sent in the period (seed 003 二(五)), each with its rating
   * questions' counts; a section only when some were sent.
   */
  questionnaires?: readonly {
    title: string;
    from: string;
    to: string;
    enterprises: number;
    answered: number;
    ratings: readonly {
      text: string;
      counts: Record<SurveyLevel, number>;
      answered: number;
      satisfactionRate: number | null;
    }[];
  }[];
  generatedBy: string;
  generatedOn: string;
}

/** The rates the notice always prints, after the ranking's own measures. */
const PRINTED_RATES: readonly KpiRate[] = ['closeRate', 'onTimeRate', 'solveRate', 'satisfactionRate'];

const LIST_NAMES = { red: '红榜', black: '黑榜' } as const;

/** The cases of a section as a table, or a sentence saying there were none. */
function caseSection(title: string, cases: readonly NoticeCase[], noteHeader: string, none: string) {
  return [
    heading(title),
    cases.length === 0
      ? paragraph(none)
      : table(
          ['编号', '诉求', '承办单位', noteHeader],
          cases.map((c) => [c.number, c.title, c.unitName ?? '—', c.note ?? '—']),
          [2.6, 3, 2.2, 3],
        ),
  ];
}

/** The sections after the sixth, each present only when it has something to say, numbered in turn. */
const OPTIONAL_SECTION_NUMBERS = ['七', '八', '九', '十'];

/** The experience library's typical entries of the period. */
function librarySection(data: NoticeData, number: string) {
  const entries = data.libraryTypical ?? [];
  if (entries.length === 0) return [];
  return [
    heading(`${number}、经验库典型案例`),
    table(
      ['编号', '问题', '解决办法', '承办单位'],
      entries.map((e) => [e.caseNumber, e.problem, e.resolution, e.unitNames.join('、') || '—']),
      [2.2, 3, 3.6, 2],
    ),
  ];
}

/** The month's activities and the leaders' days in enterprises. */
function activitySection(data: NoticeData, number: string) {
  const a = data.activities;
  if (!a || a.total === 0) return [];
  const kinds = a.byKind.filter((k) => k.count > 0);
  return [
    heading(`${number}、走访与活动`),
    paragraph(
      `本月共开展走访与活动 ${a.total} 次，其中` +
        kinds.map((k) => `${ACTIVITY_KIND_LABELS[k.kind].zh} ${k.count} 次`).join('、') +
        '。市政府领导深入企业、项目现场督导情况如下（主要领导每月至少一天，其他领导每月不少于两天）。',
    ),
    a.leaders.length === 0
      ? paragraph('本辖区未设领导账号。')
      : table(
          ['领导', '深入企业天数', '活动次数', '日期'],
          a.leaders.map((l) => [l.name, String(l.days), String(l.activities), l.dates.join('、') || '—']),
          [2.4, 1.6, 1.4, 5.4],
        ),
  ];
}

/** The period's satisfaction questionnaires: who they went to, who answered, the levels of each rating question. */
function questionnaireSection(data: NoticeData, number: string) {
  const sent = data.questionnaires ?? [];
  if (sent.length === 0) return [];
  return [
    heading(`${number}、满意度问卷`),
    ...sent.flatMap((q) => [
      paragraph(
        `《${q.title}》面向 ${q.from} 至 ${q.to} 征询过的企业，发出 ${q.enterprises} 家，收回 ${q.answered} 份` +
          (q.enterprises > 0 ? `，回收率 ${percent(q.answered / q.enterprises)}。` : '。'),
      ),
      ...(q.ratings.length === 0
        ? []
        : [
            table(
              ['问题', ...SURVEY_LEVELS.map((l) => SURVEY_LEVEL_LABELS[l].zh), '满意率'],
              q.ratings.map((r) => [
                r.text,
                ...SURVEY_LEVELS.map((l) => String(r.counts[l])),
                percent(r.satisfactionRate),
              ]),
              [4, 1.2, 1.2, 1.2, 1.2, 1.4],
            ),
          ]),
    ]),
  ];
}

/** The optional sections in their order, numbered from 七 by those that are present. */
function optionalSections(data: NoticeData) {
  const present = [librarySection, activitySection, questionnaireSection]
    .map((section) => (number: string) => section(data, number))
    .filter((section) => section('').length > 0);
  return present.flatMap((section, i) => section(OPTIONAL_SECTION_NUMBERS[i] ?? String(i + 7)));
}

/**
 * The period's notice (通报) as a Word document: the figures of the period, the ranking of the
 * units by the profile's rule with its 红榜 and 黑榜, late and overdue units with their cards,
 * supervision, cases rated unsatisfied, and typical cases solved to the enterprise's satisfaction.
 */
export async function noticeDocument(data: NoticeData): Promise<Buffer> {
  const t = data.totals;
  const rateColumns = [
    ...data.measures,
    ...PRINTED_RATES.filter((r) => !(data.measures as readonly string[]).includes(r)),
  ];
  const ranked = data.units.filter((u) => u.rank !== null);
  const unranked = data.units.filter((u) => u.rank === null);
  const late = data.units.filter((u) => u.late + u.overdue + u.yellowCards + u.redCards > 0);
  const listed = (list: 'red' | 'black') => data.units.filter((u) => u.list === list).map((u) => u.name);

  const doc = new Document({
    creator: data.generatedBy,
    title: `${data.jurisdictionName}企业诉求办理情况通报（${data.periodLabel}）`,
    sections: [
      {
        children: [
          ...title(`${data.jurisdictionName}企业诉求办理情况通报`, data.periodLabel),
          heading('一、总体情况'),
          paragraph(
            `${data.periodLabel}（${data.from} 至 ${data.to}，按受理日期统计），共受理企业诉求 ${t.received} 件，` +
              `办结 ${t.closed} 件，办结率 ${percent(t.rates.closeRate)}，按时办结率 ${percent(t.rates.onTimeRate)}，` +
              `解决率 ${percent(t.rates.solveRate)}，满意率 ${percent(t.rates.satisfactionRate)}；` +
              `督办 ${t.supervised} 件，亮黄牌 ${t.yellowCards} 张、红牌 ${t.redCards} 张。`,
          ),
          heading('二、承办单位排名'),
          paragraph(`排名办法：按${data.measures.map((m) => KPI_LABELS[m].zh).join('、')}排名。${data.ruleNote}`),
          ranked.length === 0
            ? paragraph('本期无承办单位受理诉求。')
            : table(
                ['名次', '承办单位', '受理', '办结', ...rateColumns.map((r) => KPI_LABELS[r].zh), '超时件', '榜单'],
                ranked.map((u) => [
                  `${u.rank ?? ''}${u.tied ? '（并列）' : ''}`,
                  u.name,
                  String(u.received),
                  String(u.closed),
                  ...rateColumns.map((r) => percent(u.rates[r])),
                  String(u.late),
                  u.list ? LIST_NAMES[u.list] : '',
                ]),
                [1.5, 2.7, 0.9, 0.9, ...rateColumns.map(() => 1.35), 1, 1],
              ),
          ...(unranked.length > 0
            ? [paragraph(`本期未受理诉求、不参加排名的单位：${unranked.map((u) => u.name).join('、')}。`)]
            : []),
          paragraph(`红榜：${listed('red').join('、') || '无'}。`),
          paragraph(`黑榜：${listed('black').join('、') || '无'}。`),
          heading('三、超时与黄红牌'),
          late.length === 0
            ? paragraph('本期无超时件，未亮黄牌、红牌。')
            : table(
                ['承办单位', '超时件', '当前超期', '黄牌', '红牌'],
                late.map((u) => [u.name, String(u.late), String(u.overdue), String(u.yellowCards), String(u.redCards)]),
                [3.2, 1, 1, 1, 1],
              ),
          ...caseSection('四、督办情况', data.supervisions, '督办要求', '本期无督办件。'),
          ...caseSection('五、企业不满意的诉求', data.unsatisfied, '企业意见', '本期无企业评价不满意的诉求。'),
          ...caseSection('六、典型案例', data.typical, '办理结果', '本期无典型案例。'),
          ...optionalSections(data),
          new Paragraph({ spacing: { before: 360 }, children: [] }),
          paragraph(`生成人：${data.generatedBy}\u3000生成日期：${data.generatedOn}`),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
