import type { OversightUnitFigures } from '../api/models';

/**
 * The monthly ranking of units (红黑榜), from the summary's per-unit figures. The weights are the
 * console's reading of the seeds (a red card weighs most, then an overdue case, then a yellow
 * card); the figures themselves come from the server, defined once there.
 */
export const PENALTY_WEIGHTS = { red: 3, overdue: 2, yellow: 1 } as const;

/** A unit's figures with its points and rates. */
export interface RankedUnit extends OversightUnitFigures {
  penalty: number;
  /** Replies within the limit / replies, or null without replies. */
  onTimeRate: number | null;
  /** Satisfied ratings / ratings, or null without ratings. */
  satisfactionRate: number | null;
}

/** `part / whole`, or null when there is nothing to divide. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** `93.3%`, or `—` when there is no rate. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Points and rates of one unit. */
export function rankUnit(u: OversightUnitFigures): RankedUnit {
  return {
    ...u,
    penalty: PENALTY_WEIGHTS.red * u.red + PENALTY_WEIGHTS.overdue * u.overdue + PENALTY_WEIGHTS.yellow * u.yellow,
    onTimeRate: ratio(u.repliedOnTime, u.replied),
    satisfactionRate: ratio(u.satisfied, u.rated),
  };
}

/** Higher is better; a missing rate ranks below every rate. */
const byRate = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);
const byName = (a: RankedUnit, b: RankedUnit) => a.unitName.localeCompare(b.unitName, 'zh-CN');

/** Worst first: most points, then the lower on-time rate, then the larger open workload. */
function worseFirst(a: RankedUnit, b: RankedUnit): number {
  return (
    b.penalty - a.penalty || byRate(b.onTimeRate, a.onTimeRate) || b.openAssignments - a.openAssignments || byName(a, b)
  );
}

/** Best first: on-time rate, then satisfaction, then the number of replies. */
function betterFirst(a: RankedUnit, b: RankedUnit): number {
  return (
    byRate(a.onTimeRate, b.onTimeRate) ||
    byRate(a.satisfactionRate, b.satisfactionRate) ||
    b.replied - a.replied ||
    byName(a, b)
  );
}

/**
 * 黑榜: units with points, worst first. 红榜: units without points that did work in the period
 * (replied or were rated), best first — a unit with nothing to show is on neither list. The two
 * lists never share a unit.
 */
export function redBlackLists(
  units: readonly OversightUnitFigures[],
  size = 5,
): {
  best: RankedUnit[];
  worst: RankedUnit[];
} {
  const ranked = units.map(rankUnit);
  return {
    worst: ranked
      .filter((u) => u.penalty > 0)
      .sort(worseFirst)
      .slice(0, size),
    best: ranked
      .filter((u) => u.penalty === 0 && (u.replied > 0 || u.rated > 0))
      .sort(betterFirst)
      .slice(0, size),
  };
}

/** Units with an overdue case or a card, worst first, for the ranking chart. */
export function unitsWithProblems(units: readonly OversightUnitFigures[], size = 10): RankedUnit[] {
  return units
    .map(rankUnit)
    .filter((u) => u.penalty > 0)
    .sort(worseFirst)
    .slice(0, size);
}
