import type { CaseView } from '../api/models';

/** What the "纳入经验库" form starts from. */
export interface LibraryDraft {
  problem: string;
  resolution: string;
}

/**
 * The draft of a library entry from a closed case: the problem from its title and content, the
 * resolution from the lead unit's last reply (of the latest round), else the case's result text.
 * The hub edits both before saving; this only spares the typing.
 */
export function draftFromCase(view: Pick<CaseView, 'title' | 'content' | 'assignments' | 'resultText'>): LibraryDraft {
  const title = view.title.trim();
  const content = view.content.trim();
  const problem = content.startsWith(title) ? content : `${title}。${content}`;
  const leadReplies = view.assignments
    .filter((a) => a.role === 'lead' && a.replyText)
    .sort((a, b) => b.round - a.round || (b.repliedAt ?? '').localeCompare(a.repliedAt ?? ''));
  const resolution = leadReplies[0]?.replyText ?? view.resultText ?? '';
  return { problem, resolution: resolution.trim() };
}

/** The current month of Asia/Shanghai as `YYYY-MM`, the 简报's default period. */
export function currentMonth(now: Date = new Date()): string {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  return shanghai.toISOString().slice(0, 7);
}

/** Whether a 简报 period is one the server reads: `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn` or `YYYY`. */
export function isBriefPeriod(period: string): boolean {
  return /^(20\d{2})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12]))?$/.test(period);
}
