import { translate } from '../i18n/i18n';
import type { Lang } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { shanghaiTime } from './clock';

/** What a list row says of its nearest time limit (`GET /api/v1/cases` items). */
export interface DueFacts {
  dueAt: string | null;
  dueMilestone: string | null;
  dueUnitId: string | null;
  /** The owner's name; absent (or null) when the limit is the hub's own. */
  dueUnitName?: string | null;
  overdue: boolean;
  warned: boolean;
}

/**
 * How a deadline is drawn: red when the server says it has passed, amber when it says the limit
 * is close, plain while running, grey when it is another unit's limit (a unit's list shows the
 * hub's revisit of a replied case, which is not the unit's to meet).
 */
export type DueTone = 'overdue' | 'warned' | 'running' | 'other';

/** The countdown of one row, ready to draw. */
export interface DueDisplay {
  /** `剩 2 天 3 小时` / `已超期 1 天`. */
  text: string;
  tone: DueTone;
  /** Shanghai wall-clock time of the limit, `2026-11-13 17:30`. */
  at: string;
}

const MINUTE = 60_000;

/**
 * A span in its two largest units, `2 天 3 小时`, `45 分钟` / `2d 3h`; under a minute it says so.
 * Whole units only: 1 day 23 hours 59 minutes is `1 天 23 小时`, never rounded up to 2 days.
 */
export function spanText(ms: number, lang: Lang): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  if (minutes === 0) return translate(lang, 'dlUnderMinute');
  const parts: [number, MessageKey][] = [
    [Math.floor(minutes / 1440), 'dlDays'],
    [Math.floor((minutes % 1440) / 60), 'dlHours'],
    [minutes % 60, 'dlMinutes'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  // The largest unit and the one right below it, when that is not zero: `2 天 3 小时`, `2 天`.
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, key]) => translate(lang, key, { n }))
    .join(translate(lang, 'dlJoin'));
}

/**
 * The countdown of a row at `now` (ms since the epoch), or null when the case has no open time
 * limit. The server decides whether the limit has passed or is close — the browser's clock may
 * be off — and the browser only words the distance: a limit the server calls overdue that this
 * clock sees still ahead reads `已超期` without a span, and one the server still calls open that
 * this clock sees passed reads `即将到期`.
 * `viewerUnitId` is the unit of a unit user: then a limit owned by another unit is drawn grey.
 */
export function dueDisplay(row: DueFacts, now: number, lang: Lang, viewerUnitId?: string | null): DueDisplay | null {
  if (!row.dueAt) return null;
  const due = Date.parse(row.dueAt);
  if (Number.isNaN(due)) return null;
  const left = due - now;
  const other = Boolean(viewerUnitId) && row.dueUnitId !== viewerUnitId;
  const at = shanghaiTime(row.dueAt);
  if (row.overdue) {
    return {
      text: left < 0 ? translate(lang, 'dlOverdueBy', { span: spanText(left, lang) }) : translate(lang, 'dlOverdue'),
      tone: other ? 'other' : 'overdue',
      at,
    };
  }
  const text = left > 0 ? translate(lang, 'dlLeft', { span: spanText(left, lang) }) : translate(lang, 'dlDueNow');
  return { text, tone: other ? 'other' : row.warned ? 'warned' : 'running', at };
}

/** The colour of each tone (antd's red, gold and grey; running in the text colour). */
export const DUE_TONE_COLOURS: Record<DueTone, string> = {
  overdue: '#cf1322',
  warned: '#d48806',
  running: 'inherit',
  other: '#8c8c8c',
};
