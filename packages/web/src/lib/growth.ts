/**
 * How a rise against the window before reads. The server's growth is
 * `(count − previous) / max(previous, 1)`, so a group that did not exist before shows as a rise
 * of `count × 100 %` — "600 %" for six new cases, which says nothing true. A rise from zero is
 * "new"; otherwise the signed percentage.
 */
export type GrowthReading =
  { kind: 'new' } | { kind: 'up'; percent: number } | { kind: 'down'; percent: number } | { kind: 'flat' };

export function readGrowth(count: number, previous: number, growth: number): GrowthReading {
  if (previous <= 0) return count > 0 ? { kind: 'new' } : { kind: 'flat' };
  const percent = Math.round(Math.abs(growth) * 100);
  if (growth > 0 && percent > 0) return { kind: 'up', percent };
  if (growth < 0 && percent > 0) return { kind: 'down', percent };
  return { kind: 'flat' };
}
