import { dayToDate, shanghaiDay } from './calendar.js';
import type { LocalDate } from './calendar.js';

/**
 * The activity log (走访与活动): the visits and meetings in which officials meet enterprises —
 * 大走访 and 包保 (seed 000), 半月谈, 早餐汇, 营商环境面对面 and 企业家座谈会 (seed 001), the
 * 现场办公会 and a leader's day in enterprises (seed 003 二(四): "市政府主要领导每月深入企业、项目
 * 现场督导至少一天，其他市政府领导每月不少于两天").
 */

/** The kinds of activity, in the order the console offers them. */
export const ACTIVITY_KINDS = [
  'visit',
  'pairing',
  'half_month_talk',
  'breakfast',
  'face_to_face',
  'symposium',
  'onsite_meeting',
  'enterprise_day',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Names of the kinds shown to people, zh-CN and en-US. */
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, { zh: string; en: string }> = {
  visit: { zh: '走访', en: 'Visit' },
  pairing: { zh: '包保服务', en: 'Pairing service' },
  half_month_talk: { zh: '半月谈', en: 'Fortnightly talk' },
  breakfast: { zh: '早餐汇', en: 'Breakfast meeting' },
  face_to_face: { zh: '营商环境面对面', en: 'Face to face' },
  symposium: { zh: '企业家座谈会', en: 'Entrepreneurs’ symposium' },
  onsite_meeting: { zh: '现场办公会', en: 'On-site office meeting' },
  enterprise_day: { zh: '领导进企业日', en: 'Leader’s day in enterprises' },
};

/** What the leader-days count needs to know of an activity. */
export interface ActivityForDays {
  heldAt: Date;
  ledBy: string | null;
  /** The users who attended (the leader, if it led, need not be repeated here). */
  attendeeUserIds: readonly string[];
  /** How many enterprises the activity met. */
  enterprises: number;
}

/** The days a leader spent in enterprises in a month, and the activities that made them. */
export interface LeaderDays {
  /** Distinct Asia/Shanghai dates, ascending. */
  days: LocalDate[];
  activities: number;
}

/**
 * A leader's days in enterprises in a month (`YYYY-MM`, seed 003 二(四)): the distinct
 * Asia/Shanghai dates of the activities that leader led or attended which met at least one
 * enterprise. Two activities on the same day make one day; an activity without an enterprise
 * (a meeting in the office) makes none.
 */
export function leaderDaysInEnterprises(
  activities: readonly ActivityForDays[],
  leaderId: string,
  month: string,
): LeaderDays {
  const days = new Set<LocalDate>();
  let count = 0;
  for (const a of activities) {
    if (a.enterprises < 1) continue;
    if (a.ledBy !== leaderId && !a.attendeeUserIds.includes(leaderId)) continue;
    const date = dayToDate(shanghaiDay(a.heldAt));
    if (!date.startsWith(`${month}-`)) continue;
    days.add(date);
    count++;
  }
  return { days: [...days].sort(), activities: count };
}
