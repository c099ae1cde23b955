/**
 * Weekly solicitation (seed 003 二(一): 每周至少征询一次辖区企业和项目): how a round was held,
 * and the ISO week a round belongs to, in Asia/Shanghai whatever the server's zone.
 */

/** How a liaison or 征询专员 solicited an enterprise. */
export const SOLICITATION_METHODS = ['visit', 'phone', 'meeting', 'online'] as const;
export type SolicitationMethod = (typeof SOLICITATION_METHODS)[number];

/** Names of the methods shown to people, zh-CN and en-US. */
export const SOLICITATION_METHOD_LABELS: Record<SolicitationMethod, { zh: string; en: string }> = {
  visit: { zh: '上门走访', en: 'Visit' },
  phone: { zh: '电话征询', en: 'Phone' },
  meeting: { zh: '座谈会', en: 'Meeting' },
  online: { zh: '线上征询', en: 'Online' },
};

const SHANGHAI_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const WEEK = /^(\d{4})-W(\d{2})$/;

/** Monday 00:00 Shanghai of ISO week 1 of `year`, as a UTC instant. */
function weekOneStart(year: number): number {
  const jan4 = Date.UTC(year, 0, 4); // Jan 4th is always in week 1
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  return jan4 - weekday * DAY_MS - SHANGHAI_MS;
}

/**
 * The instants `[from, to)` of an ISO week written `YYYY-Www` (Monday 00:00 to the next Monday
 * 00:00, Asia/Shanghai), or null for a week that does not exist (W00, W54, W53 of a 52-week year).
 */
export function isoWeekRange(week: string): { from: Date; to: Date } | null {
  const m = WEEK.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > weeksInYear(year)) return null;
  const from = weekOneStart(year) + (n - 1) * 7 * DAY_MS;
  return { from: new Date(from), to: new Date(from + 7 * DAY_MS) };
}

/** 52 or 53: the ISO weeks of a year. */
export function weeksInYear(year: number): number {
  return Math.round((weekOneStart(year + 1) - weekOneStart(year)) / (7 * DAY_MS));
}

/** The ISO week (`YYYY-Www`) that an instant falls in, in Asia/Shanghai. */
export function isoWeekOf(at: Date): string {
  const local = at.getTime() + SHANGHAI_MS;
  const date = new Date(local);
  const thursday = local + (3 - ((date.getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const n = Math.floor((at.getTime() - weekOneStart(year)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
}
