import { isoWeekOf, isoWeekRange } from '@qisu/core';

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** The ISO week `delta` weeks after `week` (before it when negative); `week` itself when it is not a week. */
export function shiftWeek(week: string, delta: number): string {
  const range = isoWeekRange(week);
  if (!range) return week;
  return isoWeekOf(new Date(range.from.getTime() + delta * 7 * DAY_MS));
}

/** `{month, day}` of an instant's date in Asia/Shanghai. */
function shanghaiDate(at: number): { month: number; day: number } {
  const local = new Date(at + SHANGHAI_MS);
  return { month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/**
 * The days a week covers, Monday to Sunday in Asia/Shanghai, as people write them:
 * `11月30日—12月6日` / `Nov 30 – Dec 6`; '' when `week` is not a week.
 */
export function weekSpan(week: string, lang: 'zh-CN' | 'en-US'): string {
  const range = isoWeekRange(week);
  if (!range) return '';
  const first = shanghaiDate(range.from.getTime());
  const last = shanghaiDate(range.to.getTime() - DAY_MS);
  if (lang === 'zh-CN') return `${first.month}月${first.day}日—${last.month}月${last.day}日`;
  const month = (m: number) =>
    ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1] ?? '';
  return `${month(first.month)} ${first.day} – ${month(last.month)} ${last.day}`;
}

/** A share as a whole percentage, or null when there is nothing to share (no enterprise on the ledger). */
export function coverageShare(solicited: number, enterprises: number): number | null {
  return enterprises === 0 ? null : Math.round((solicited / enterprises) * 100);
}

/** A problem of a round as the form holds it; blank rows (both fields empty) are dropped before sending. */
export interface ProblemDraft {
  title?: string;
  content?: string;
}

/** The problems worth sending: rows where something was written, trimmed. */
export function problemsToSend(
  rows: readonly (ProblemDraft | undefined)[] | undefined,
): { title: string; content: string }[] {
  return (rows ?? [])
    .map((r) => ({ title: (r?.title ?? '').trim(), content: (r?.content ?? '').trim() }))
    .filter((r) => r.title !== '' || r.content !== '');
}
