import type { Cadence, RankingMeasure } from '@qisu/core';
import { KPI_LABELS, lastCompletePeriod, periodContaining, previousPeriod } from '@qisu/core';
import type { OversightUnitFigures, Ranking, RankingRow } from '../api/models';
import type { Lang } from '../i18n/i18n';

export { ratio } from '@qisu/core';

/** `93.3%`, or `—` when there is no rate. */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * Units with an overdue case or a card, for the chart of the period's problems: the most red
 * cards first, then overdue cases, then yellow cards. Counts only; the ranking itself is the
 * server's, by the profile's rule (`rankingRows`).
 */
export function unitsWithProblems(units: readonly OversightUnitFigures[], size = 10): OversightUnitFigures[] {
  return units
    .filter((u) => u.red + u.overdue + u.yellow > 0)
    .sort(
      (a, b) =>
        b.red - a.red || b.overdue - a.overdue || b.yellow - a.yellow || a.unitName.localeCompare(b.unitName, 'zh-CN'),
    )
    .slice(0, size);
}

const short = (lang: Lang) => (lang === 'en-US' ? 'en' : 'zh');

/**
 * The rule in words, as the profile states it: "按办结率、满意率从高到低排名" for an ordered rule,
 * "按时办结率 40% + 满意率 40% + 解决率 20% 加权" for a weighted one.
 */
export function ruleText(rule: Pick<Ranking['rule'], 'method' | 'measures'>, lang: Lang): string {
  const name = (kpi: RankingMeasure) => KPI_LABELS[kpi][short(lang)];
  if (rule.method === 'ordered') {
    const names = rule.measures.map((m) => name(m.kpi));
    return lang === 'zh-CN' ? `按${names.join('、')}从高到低排名` : `By ${names.join(', then ')}, highest first`;
  }
  const total = rule.measures.reduce((s, m) => s + (m.weight ?? 0), 0) || 1;
  const parts = rule.measures.map((m) => `${name(m.kpi)} ${Math.round(((m.weight ?? 0) / total) * 100)}%`);
  return lang === 'zh-CN' ? `加权排名：${parts.join(' + ')}` : `Weighted: ${parts.join(' + ')}`;
}

/** "1", or "并列 2" / "2 (tie)" for a shared rank, or "—" for a subject without cases. */
export function rankText(row: Pick<RankingRow, 'rank' | 'tied'>, lang: Lang): string {
  if (row.rank === null) return '—';
  if (!row.tied) return String(row.rank);
  return lang === 'zh-CN' ? `并列 ${row.rank}` : `${row.rank} (tie)`;
}

/**
 * The periods one may rank, newest first: the period in progress, then the last `count - 1`
 * complete ones of the profile's cadence.
 */
export function rankingPeriods(
  cadence: Cadence,
  today: string,
  count = 6,
): { code: string; label: { zh: string; en: string }; complete: boolean }[] {
  const current = periodContaining(cadence, today);
  const out = [{ code: current.code, label: current.label, complete: false }];
  let p = lastCompletePeriod(cadence, today);
  while (out.length < count) {
    out.push({ code: p.code, label: p.label, complete: true });
    p = previousPeriod(p);
  }
  return out;
}
