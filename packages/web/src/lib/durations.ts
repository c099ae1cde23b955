import { DURATION_PATTERN, durationRange } from '@qisu/core';
import type { zh } from '../i18n/config.messages';

/**
 * Durations as the profile and the due-date API write them (SPEC §5, `@qisu/core`'s
 * `DURATION_PATTERN`), turned into phrases for people. A phrase is an i18n key with its
 * parameters, so the screens stay in the user's language. All wall-clock times are
 * Asia/Shanghai (UTC+8, no daylight saving), as on the server.
 */

/** An i18n key of the configuration screens with its parameters. */
export interface Phrase {
  key: keyof typeof zh;
  params?: Record<string, string | number>;
}

/** Examples offered in the due-date calculator. */
export const DURATION_EXAMPLES = ['immediate', 'same-day', '2h', '4wh', '1wd', '2wd', '5wd', '15wd', '30wd', '7d'];

/** The singular and plural phrase of each unit of a counted duration. */
const UNIT_KEYS: Record<string, [Phrase['key'], Phrase['key']]> = {
  h: ['cfgDurHour', 'cfgDurHours'],
  wh: ['cfgDurWorkingHour', 'cfgDurWorkingHours'],
  d: ['cfgDurDay', 'cfgDurDays'],
  wd: ['cfgDurWorkingDay', 'cfgDurWorkingDays'],
};

/** The phrase of a range by the unit it counts in. */
const RANGE_KEYS: Record<'d' | 'wd' | 'wdr', Phrase['key']> = {
  d: 'cfgDurRangeD',
  wd: 'cfgDurRangeWd',
  wdr: 'cfgDurRangeWdr',
};

/** `5wd` → "5 个工作日" / "5 working days"; an unknown spec is shown as it is. */
export function durationPhrase(spec: string): Phrase {
  const range = durationRange(spec);
  if (range) return { key: RANGE_KEYS[range.unit], params: { min: range.min, max: range.max } };
  const m = DURATION_PATTERN.exec(spec);
  if (!m) return { key: 'cfgDurUnknown', params: { spec } };
  if (m[1] === 'immediate') return { key: 'cfgDurImmediate' };
  if (m[1] === 'same-day') return { key: 'cfgDurSameDay' };
  const n = Number(m[2]);
  if (m[3] === 'wdr') return n === 1 ? { key: 'cfgDurReceiptDay' } : { key: 'cfgDurReceiptDays', params: { n } };
  const [one, many] = UNIT_KEYS[m[3] ?? 'wd'] ?? UNIT_KEYS['wd']!;
  return { key: n === 1 ? one : many, params: { n } };
}

/** A clock rule's warning: `{before: '4wh'}` → "到期前 4 个工作小时", `{fraction: 0.8}` → "用时达 80% 时". */
export function warnPhrase(warn: { before: string } | { fraction: number }): Phrase {
  if ('fraction' in warn) return { key: 'cfgWarnFraction', params: { pct: Math.round(warn.fraction * 100) } };
  const m = /^(\d+)(h|wh)$/.exec(warn.before);
  if (!m) return { key: 'cfgDurUnknown', params: { spec: warn.before } };
  return { key: m[2] === 'wh' ? 'cfgWarnBeforeWorkingHours' : 'cfgWarnBeforeHours', params: { n: Number(m[1]) } };
}

/** `2026-12-30 10:00` (Shanghai wall clock) → `2026-12-30T10:00:00+08:00`, as the due API takes it. */
export function shanghaiWallToIso(wall: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(wall.trim());
  if (!m) throw new Error(`not a wall-clock time: ${wall}`);
  return `${m[1]}T${m[2]}:00+08:00`;
}

/** The Shanghai wall-clock minute of an instant, `YYYY-MM-DD HH:mm`, whatever the browser's time zone. */
export function shanghaiWallOf(at: number): string {
  const local = new Date(at + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
