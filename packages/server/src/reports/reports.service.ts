import type { z } from 'zod';
import type { Cadence, Channel, KpiCounts, ReportPeriod, RevisitMethod } from '@qisu/core';
import {
  CHANNEL_LABELS,
  dateToDay,
  dayToDate,
  emptyKpiCounts,
  hasAnyRole,
  JURISDICTION_WIDE_ROLES,
  KPI_COUNTS,
  kpiAverages,
  kpiRates,
  lastCompletePeriod,
  OVERSIGHT_ROLES,
  parseReportPeriod,
  periodContaining,
  previousPeriod,
  rankSubjects,
  REVISIT_METHOD_LABELS,
  shanghaiDay,
  shanghaiInstant,
} from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import { activeProfile } from '../profiles/profiles.service.js';
import { typicalEntriesOf } from '../library/library.service.js';
import { activityMonth } from '../activities/activities.service.js';
import { questionnairesOfPeriod } from '../questionnaires/questionnaires.service.js';
import type { KpiDimension, KpiGroup } from './reports.repository.js';
import {
  formCases,
  jurisdictionNames,
  kpiGroups,
  noticeCases,
  rankingSubjects,
  ratingScores,
  revisitMethods,
} from './reports.repository.js';
import type { ServiceGroup, ServiceLists } from './service-report.js';
import { serviceFindings, serviceReportDocument } from './service-report.js';
import { noticeDocument } from './notice.js';
import type { FormName } from './forms.js';
import { FORM_DEFINITIONS, formWorkbook } from './forms.js';
import { catchUpKpis, rollupGroups } from './rollups.js';
import type {
  KpiInput,
  KpiReport,
  KpiRow,
  NoticeInput,
  RangeInput,
  Ranking,
  RankingInput,
  Trend,
  TrendInput,
} from './reports.schemas.js';

type Row = z.infer<typeof KpiRow>;

/** The name of the group of cases that have no value of the dimension. */
const NONE_NAMES: Record<KpiDimension, { zh: string; en: string }> = {
  unit: { zh: '（未交办）', en: '(not dispatched)' },
  category: { zh: '（未分类）', en: '(no category)' },
  region: { zh: '（未定位）', en: '(no region)' },
  channel: { zh: '（未知渠道）', en: '(no channel)' },
  industry: { zh: '（未登记行业）', en: '(no industry)' },
  liaison: { zh: '（无联络员）', en: '(no liaison)' },
};

/** The key of the group of cases without a value of the dimension. */
export const NO_KEY = 'none';

const SUBJECT_NAMES = { unit: { zh: '承办单位', en: 'units' }, liaison: { zh: '助企联络员', en: 'liaisons' } };

/** The instants that bound `[from, to)` of Asia/Shanghai days. */
function instants(from: string, to: string) {
  return { start: shanghaiInstant(dateToDay(from), 0), end: shanghaiInstant(dateToDay(to), 0) };
}

/**
 * The days `[from, to)` of a query: as given; only `from`: to the end of its month; only `to`: from
 * the start of the month of its last day; neither: the current Shanghai month.
 */
export function resolveRange(input: RangeInput, now: Date): { from: string; to: string } {
  if (input.from && input.to) return { from: input.from, to: input.to };
  if (input.from) return { from: input.from, to: periodContaining('month', input.from).to };
  if (input.to) return { from: periodContaining('month', dayToDate(dateToDay(input.to) - 1)).from, to: input.to };
  const month = periodContaining('month', dayToDate(shanghaiDay(now)));
  return { from: month.from, to: month.to };
}

/**
 * The groups of the cases received on days `[from, to)`: from the rollups for a reader of whole
 * jurisdictions (brought up to the last event first), else directly over the cases in the
 * reader's scope — the discipline commission's and a liaison's are subsets no rollup holds.
 */
async function periodGroups(deps: Deps, actor: Actor, from: string, to: string, by: KpiDimension) {
  const [groups] = await periodsGroups(deps, actor, [{ from, to }], by);
  return groups ?? [];
}

/** `periodGroups` of several periods, the rollups brought up to date once. */
async function periodsGroups(
  deps: Deps,
  actor: Actor,
  periods: readonly { from: string; to: string }[],
  by: KpiDimension,
): Promise<KpiGroup[][]> {
  if (!hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES)) {
    return Promise.all(periods.map((p) => kpiGroups(deps.db, actor, instants(p.from, p.to), by)));
  }
  for (const id of actor.jurisdictionIds) await catchUpKpis(deps.db, id);
  return Promise.all(periods.map((p) => rollupGroups(deps.db, actor.jurisdictionIds, p, by)));
}

function toRow(key: string, name: string, counts: KpiCounts): Row {
  const own = Object.fromEntries(KPI_COUNTS.map((k) => [k, counts[k]])) as KpiCounts;
  return { key, name, ...own, ...kpiRates(own), ...kpiAverages(own) };
}

function nameOf(group: KpiGroup, by: KpiDimension, actor: Actor): string {
  const en = actor.lang === 'en';
  if (group.key === null) return en ? NONE_NAMES[by].en : NONE_NAMES[by].zh;
  if (by === 'channel') {
    const label = CHANNEL_LABELS[group.key as Channel];
    return label ? (en ? label.en : label.zh) : group.key;
  }
  return group.name ?? group.key;
}

function sum(groups: readonly KpiCounts[]): KpiCounts {
  const total = emptyKpiCounts();
  for (const g of groups) for (const k of KPI_COUNTS) total[k] += g[k];
  return total;
}

/**
 * `GET /api/v1/reports/kpis`: the counts and rates of docs/kpi.md for the caller's cases received
 * in `[from, to)` (Asia/Shanghai days; the current month when absent), one row per group, the
 * largest first.
 */
export async function kpiReport(deps: Deps, actor: Actor, input: KpiInput): Promise<z.infer<typeof KpiReport>> {
  requireRole(actor, OVERSIGHT_ROLES);
  const { from, to } = resolveRange(input, deps.clock.now());
  const groups = await periodGroups(deps, actor, from, to, input.by);
  const rows = groups
    .map((g) => toRow(g.key ?? NO_KEY, nameOf(g, input.by, actor), g))
    .sort((a, b) => b.received - a.received || a.name.localeCompare(b.name, 'zh-CN'));
  return { from, to, by: input.by, rows, total: toRow('total', actor.lang === 'en' ? 'Total' : '合计', sum(groups)) };
}

/**
 * `GET /api/v1/reports/trend`: the counts and rates of the caller's cases for `count` consecutive
 * periods of a cadence, oldest first, ending with `period` (the current, still running one when
 * absent): how 办结率 and 满意率 move from month to month.
 */
export async function kpiTrend(deps: Deps, actor: Actor, input: TrendInput): Promise<z.infer<typeof Trend>> {
  requireRole(actor, OVERSIGHT_ROLES);
  const today = dayToDate(shanghaiDay(deps.clock.now()));
  const last = input.period ? parseReportPeriod(input.period)! : periodContaining(input.cadence, today);
  const periods = [last];
  while (periods.length < input.count) periods.unshift(previousPeriod(periods[0]!));
  // The channel is the dimension with fewest groups; the trend needs only their sum.
  const groups = await periodsGroups(deps, actor, periods, 'channel');
  return {
    cadence: input.cadence,
    rows: periods.map((p, i) => ({
      ...toRow(p.code, actor.lang === 'en' ? p.label.en : p.label.zh, sum(groups[i] ?? [])),
      from: p.from,
      to: p.to,
      complete: p.to <= today,
    })),
  };
}

/**
 * The ranking of a period by the rule of the caller's profile (`reports.ranking`): every active
 * unit (or liaison) of the jurisdiction, those without cases at the end unranked; 红榜 and 黑榜
 * marked (core `rankSubjects`).
 */
export async function ranking(deps: Deps, actor: Actor, input: RankingInput): Promise<z.infer<typeof Ranking>> {
  requireRole(actor, OVERSIGHT_ROLES);
  const profile = await activeProfile(deps.db, actor.jurisdictionId);
  const rule = profile.reports.ranking;
  const subject = input.subject ?? rule.subjects[0] ?? 'unit';
  if (!rule.subjects.includes(subject)) {
    throw new AppError('RANKING_SUBJECT_NOT_RANKED', {
      subjectZh: SUBJECT_NAMES[subject].zh,
      subjectEn: SUBJECT_NAMES[subject].en,
      rankedZh: rule.subjects.map((s) => SUBJECT_NAMES[s].zh).join('、'),
      rankedEn: rule.subjects.map((s) => SUBJECT_NAMES[s].en).join(', '),
    });
  }
  const period: ReportPeriod = input.period
    ? parseReportPeriod(input.period)!
    : lastCompletePeriod(rule.cadence, dayToDate(shanghaiDay(deps.clock.now())));
  const [groups, subjects] = await Promise.all([
    periodGroups(deps, actor, period.from, period.to, subject),
    rankingSubjects(deps.db, actor, subject),
  ]);
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const inputs = subjects.map((s) => toRow(s.id, s.name, byKey.get(s.id) ?? emptyKpiCounts()));
  const ranked = rankSubjects(inputs, rule);
  return {
    period: { code: period.code, cadence: period.cadence, from: period.from, to: period.to, label: period.label },
    subject,
    rule: {
      cadence: rule.cadence,
      method: rule.method,
      measures: rule.measures,
      subjects: rule.subjects,
      listSize: rule.listSize,
      note: rule.note,
    },
    rows: ranked.map((r) => ({ ...r.subject, rank: r.rank, tied: r.tied, score: r.score, list: r.list })),
  };
}

/** The most cases one form holds; a longer period answers 400 EXPORT_TOO_LARGE. */
export const FORM_ROW_LIMIT = 20_000;

/**
 * One of seed 003's ledger forms (附件2–5) for the caller's cases received in `[from, to)`, as an
 * .xlsx workbook and the file name to give it. Contacts are masked as in every list.
 */
export async function formExport(
  deps: Deps,
  actor: Actor,
  name: FormName,
  input: RangeInput,
): Promise<{ book: Buffer; fileName: string }> {
  requireRole(actor, OVERSIGHT_ROLES);
  const now = deps.clock.now();
  const { from, to } = resolveRange(input, now);
  const { total, cases } = await formCases(deps.db, actor, instants(from, to), FORM_ROW_LIMIT);
  if (total > FORM_ROW_LIMIT) throw new AppError('EXPORT_TOO_LARGE', { limit: FORM_ROW_LIMIT, total });
  const masked = cases.map((c) => ({ ...c, contactMobile: deps.pii.masked(c.contactMobile) }));
  const [place] = await jurisdictionNames(deps.db, actor);
  const reportedOn = dayToDate(shanghaiDay(now));
  const book = await formWorkbook(name, masked, {
    jurisdictionName: place?.fullName ?? '',
    reporter: place?.unitName ?? place?.fullName ?? '',
    reportedOn,
    from,
    to,
    generatedBy: actor.name,
  });
  const title = FORM_DEFINITIONS[name].title.replace('企业发展、项目建设', '');
  return { book, fileName: `${place?.name ?? ''}${title}-${from}至${to}.xlsx` };
}

/**
 * The 问题台账 (附件2) of a unit's week of solicitation: the named cases, as `formExport` prints
 * them, with the unit as 提报单位. The caller has decided who may read it; the cases are read as
 * the jurisdiction's leadership reads them, since a town's ledger holds cases of every liaison of
 * the town, not only the caller's.
 */
export async function problemLedgerOfCases(
  deps: Deps,
  actor: Actor,
  caseIds: string[],
  about: { reporter: string; reportedOn: string; from: string; to: string },
): Promise<Buffer> {
  const jurisdiction = { id: actor.jurisdictionId, code: actor.jurisdictionCode };
  const { cases } = await formCases(deps.db, jurisdictionReader(jurisdiction, actor.name), { caseIds }, FORM_ROW_LIMIT);
  const masked = cases.map((c) => ({ ...c, contactMobile: deps.pii.masked(c.contactMobile) }));
  const [place] = await jurisdictionNames(deps.db, actor);
  return formWorkbook('problem-ledger', masked, {
    jurisdictionName: place?.fullName ?? '',
    generatedBy: actor.name,
    ...about,
  });
}

/** The most cases each section of a notice lists. */
const NOTICE_CASES = 20;

/**
 * The notice (通报) of a month — or of a quarter, half-year or year — as a Word document and its
 * file name: the period's figures, the ranking of the units by the profile's rule with 红榜 and
 * 黑榜, late units and their cards, supervision, unsatisfied and typical cases.
 */
export async function periodNotice(
  deps: Deps,
  actor: Actor,
  input: NoticeInput,
): Promise<{ document: Buffer; fileName: string }> {
  requireRole(actor, OVERSIGHT_ROLES);
  const now = deps.clock.now();
  const code = input.period ?? input.month ?? lastCompletePeriod('month', dayToDate(shanghaiDay(now))).code;
  const period = parseReportPeriod(code)!;
  const profile = await activeProfile(deps.db, actor.jurisdictionId);
  const rule = profile.reports.ranking;
  const span = instants(period.from, period.to);
  const [ranked, groups, cases, [place], libraryTypical] = await Promise.all([
    rule.subjects.includes('unit') ? ranking(deps, actor, { period: code, subject: 'unit' }) : null,
    periodGroups(deps, actor, period.from, period.to, 'unit'),
    noticeCases(deps.db, actor, span, NOTICE_CASES),
    jurisdictionNames(deps.db, actor),
    typicalEntriesOf(deps.db, actor.jurisdictionId, span.start, span.end),
  ]);
  const [activities, questionnaires] = await Promise.all([
    period.cadence === 'month' ? activityMonth(deps, actor.jurisdictionId, period.code) : undefined,
    questionnairesOfPeriod(deps, actor.jurisdictionId, span.start, span.end),
  ]);
  const total = sum(groups);
  const rows = ranked?.rows ?? [];
  const document = await noticeDocument({
    jurisdictionName: place?.name ?? '',
    periodLabel: period.label.zh,
    from: period.from,
    to: period.to,
    totals: {
      received: total.received,
      closed: total.closed,
      supervised: total.supervised,
      yellowCards: total.yellowCards,
      redCards: total.redCards,
      rates: kpiRates(total),
    },
    measures: rule.measures.map((m) => m.kpi),
    ruleNote: rule.note,
    units: rows.map((r) => ({
      name: r.name,
      rank: r.rank,
      tied: r.tied,
      list: r.list,
      received: r.received,
      closed: r.closed,
      late: r.late,
      overdue: r.overdue,
      yellowCards: r.yellowCards,
      redCards: r.redCards,
      rates: r,
    })),
    supervisions: cases.supervisions,
    unsatisfied: cases.unsatisfied,
    typical: cases.typical,
    libraryTypical,
    ...(activities ? { activities } : {}),
    questionnaires,
    generatedBy: actor.name,
    generatedOn: dayToDate(shanghaiDay(now)),
  });
  return { document, fileName: `${place?.name ?? ''}企业诉求办理情况通报-${period.code}.docx` };
}

/** A service report's period: as asked, else the last complete one of the profile's first service-report cadence (a quarter where it has none). */
function servicePeriod(asked: string | undefined, cadences: readonly Cadence[], today: string): ReportPeriod {
  return asked ? parseReportPeriod(asked)! : lastCompletePeriod(cadences[0] ?? 'quarter', today);
}

/**
 * 服务企业报告 (seed 001 二（四）1) of a month, quarter, half-year or year, as a Word document and
 * its file name: the figures against the period before, the enterprises' ratings by the profile's
 * scale, the hub's revisits, categories and channels, units and liaisons with their positive and
 * negative lists (where the profile ranks them), typical and unsatisfied cases, and the findings
 * of `serviceFindings`.
 */
export async function periodServiceReport(
  deps: Deps,
  actor: Actor,
  input: { period?: string | undefined },
): Promise<{ document: Buffer; fileName: string }> {
  requireRole(actor, OVERSIGHT_ROLES);
  const now = deps.clock.now();
  const profile = await activeProfile(deps.db, actor.jurisdictionId);
  const period = servicePeriod(input.period, profile.reports.serviceReports, dayToDate(shanghaiDay(now)));
  const before = previousPeriod(period);
  const rule = profile.reports.ranking;
  const both = [before, period];
  const lines = (groups: readonly KpiGroup[], by: KpiDimension, previous?: readonly KpiGroup[]): ServiceGroup[] => {
    const earlier = new Map((previous ?? []).map((g) => [g.key, g.received]));
    return groups
      .map((g) => ({
        name: nameOf(g, by, actor),
        figures: toRow(g.key ?? NO_KEY, '', g),
        ...(previous ? { previousReceived: earlier.get(g.key) ?? 0 } : {}),
      }))
      .sort((a, b) => b.figures.received - a.figures.received || a.name.localeCompare(b.name, 'zh-CN'));
  };
  const ranked = (subject: 'unit' | 'liaison') =>
    rule.subjects.includes(subject) ? ranking(deps, actor, { period: period.code, subject }) : null;
  const listsOf = (r: z.infer<typeof Ranking> | null): ServiceLists | null =>
    r && {
      positive: r.rows.filter((x) => x.list === 'red').map((x) => x.name),
      negative: r.rows.filter((x) => x.list === 'black').map((x) => x.name),
    };
  const span = instants(period.from, period.to);
  const [[channelsBefore, channels], [categoriesBefore, categories], [units], [liaisons]] = await Promise.all([
    periodsGroups(deps, actor, both, 'channel'),
    periodsGroups(deps, actor, both, 'category'),
    periodsGroups(deps, actor, [period], 'unit'),
    periodsGroups(deps, actor, [period], 'liaison'),
  ]);
  const [unitRanking, liaisonRanking, scores, revisits, cases, [place]] = await Promise.all([
    ranked('unit'),
    ranked('liaison'),
    ratingScores(deps.db, actor, span),
    revisitMethods(deps.db, actor, span),
    noticeCases(deps.db, actor, span, NOTICE_CASES),
    jurisdictionNames(deps.db, actor),
  ]);
  const current = toRow('total', '', sum(channels ?? []));
  const previous = toRow('total', '', sum(channelsBefore ?? []));
  const categoryLines = lines(categories ?? [], 'category', categoriesBefore ?? []);
  const unitLines = lines(
    (units ?? []).filter((g) => g.key !== null),
    'unit',
  );
  const labels = new Map(profile.rating.labels.map((l) => [l.score, l.zh]));
  const document = await serviceReportDocument({
    jurisdictionName: place?.name ?? '',
    periodLabel: period.label.zh,
    previousLabel: before.label.zh,
    from: period.from,
    to: period.to,
    current,
    previous,
    ratings: scores.map((r) => ({ label: labels.get(r.score) ?? `${r.score} 分`, count: r.count })),
    revisits: revisits.map((r) => ({
      method: REVISIT_METHOD_LABELS[r.method as RevisitMethod]?.zh ?? r.method,
      count: r.count,
    })),
    categories: categoryLines,
    channels: lines(channels ?? [], 'channel'),
    units: unitLines,
    unitLists: listsOf(unitRanking),
    liaisons: lines(
      (liaisons ?? []).filter((g) => g.key !== null),
      'liaison',
    ),
    liaisonLists: listsOf(liaisonRanking),
    unsatisfied: cases.unsatisfied,
    typical: cases.typical,
    findings: serviceFindings({ current, previous, categories: categoryLines, units: unitLines }),
    generatedBy: actor.name,
    generatedOn: dayToDate(shanghaiDay(now)),
  });
  return { document, fileName: `${place?.name ?? ''}服务企业报告-${period.code}.docx` };
}

/**
 * A reader of a whole jurisdiction that no user is: the schedule that writes notices, the public
 * ranking page. It reads what the leadership reads and is named in what it writes.
 */
export function jurisdictionReader(jurisdiction: { id: string; code: string }, name: string): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    name,
    roles: ['leader'],
    jurisdictionId: jurisdiction.id,
    jurisdictionCode: jurisdiction.code,
    jurisdictionIds: [jurisdiction.id],
    unitId: null,
    unitKind: null,
    unitRegionCode: null,
    enterpriseId: null,
  };
}
