import type { z } from 'zod';
import type { Channel, KpiCounts, ReportPeriod } from '@qisu/core';
import {
  CHANNEL_LABELS,
  dateToDay,
  dayToDate,
  emptyKpiCounts,
  KPI_COUNTS,
  kpiRates,
  lastCompletePeriod,
  OVERSIGHT_ROLES,
  parseReportPeriod,
  rankSubjects,
  shanghaiDay,
  shanghaiInstant,
} from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import { activeProfile } from '../profiles/profiles.service.js';
import type { KpiDimension, KpiGroup } from './reports.repository.js';
import { kpiGroups, rankingSubjects } from './reports.repository.js';
import type { KpiInput, KpiReport, KpiRow, Ranking, RankingInput } from './reports.schemas.js';

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

function toRow(key: string, name: string, counts: KpiCounts): Row {
  const own = Object.fromEntries(KPI_COUNTS.map((k) => [k, counts[k]])) as KpiCounts;
  return { key, name, ...own, ...kpiRates(own) };
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
  const today = dayToDate(shanghaiDay(deps.clock.now()));
  const from = input.from ?? (input.to ? `${input.to.slice(0, 7)}-01` : `${today.slice(0, 7)}-01`);
  const to = input.to ?? parseReportPeriod(from.slice(0, 7))!.to;
  if (to <= from) throw new AppError('VALIDATION_FAILED', { detail: 'to: to must be after from' });
  const groups = await kpiGroups(deps.db, actor, instants(from, to), input.by);
  const rows = groups
    .map((g) => toRow(g.key ?? NO_KEY, nameOf(g, input.by, actor), g))
    .sort((a, b) => b.received - a.received || a.name.localeCompare(b.name, 'zh-CN'));
  return { from, to, by: input.by, rows, total: toRow('total', actor.lang === 'en' ? 'Total' : '合计', sum(groups)) };
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
    kpiGroups(deps.db, actor, instants(period.from, period.to), subject),
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
