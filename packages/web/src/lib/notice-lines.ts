/**
 * The State Council's holiday notice (国务院办公厅关于某年部分节假日安排的通知), typed by an
 * admin one line per day or range, becomes the body of `PUT /api/v1/calendar/notices/{year}`:
 *
 *     2027-01-01 休 元旦
 *     2027-02-06~2027-02-12 休 春节
 *     2027-02-14 班 春节调休
 *
 * `休` / `off` is a day off, `班` / `work` a working day; the name is optional. Lines starting
 * with `#` and blank lines are skipped. Every date must lie in the notice's year.
 */

/** One day of the notice, as the notices API takes it. */
export interface NoticeDay {
  date: string;
  working: boolean;
  name?: string;
}

/** Why a line could not be read; the screen words each in the user's language. */
export type NoticeLineError = 'format' | 'date' | 'year' | 'range' | 'duplicate' | 'name';

/** The server's cap on a notice's days. */
export const NOTICE_MAX_DAYS = 200;
const RANGE_MAX_DAYS = 31;
/** The server's cap on a day's name. */
const NAME_MAX_CHARS = 50;
const DAY_MS = 86_400_000;

const LINE = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:~|～|至)\s*(\d{4}-\d{2}-\d{2}))?\s+(\S+)(?:\s+(.+))?$/;
const OFF = new Set(['休', 'off', 'holiday']);
const WORK = new Set(['班', 'work', 'working']);

function dayNumber(date: string): number | null {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return ms / DAY_MS;
}

/** The days of a typed notice, and the lines (1-based) that could not be read, with why. */
export function parseNoticeLines(
  text: string,
  year: number,
): { days: NoticeDay[]; errors: { line: number; error: NoticeLineError }[] } {
  const days: NoticeDay[] = [];
  const errors: { line: number; error: NoticeLineError }[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = LINE.exec(trimmed);
    const mark = m?.[3]?.toLowerCase() ?? '';
    if (!m || (!OFF.has(mark) && !WORK.has(mark))) {
      errors.push({ line, error: 'format' });
      return;
    }
    const first = dayNumber(m[1]!);
    const last = m[2] ? dayNumber(m[2]) : first;
    if (first === null || last === null) {
      errors.push({ line, error: 'date' });
      return;
    }
    if (last < first || last - first >= RANGE_MAX_DAYS) {
      errors.push({ line, error: 'range' });
      return;
    }
    const name = m[4]?.trim();
    if (name && name.length > NAME_MAX_CHARS) {
      errors.push({ line, error: 'name' });
      return;
    }
    const dates: string[] = [];
    for (let d = first; d <= last; d++) dates.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
    if (dates.some((date) => !date.startsWith(`${year}-`))) {
      errors.push({ line, error: 'year' });
      return;
    }
    if (dates.some((date) => seen.has(date))) {
      errors.push({ line, error: 'duplicate' });
      return;
    }
    for (const date of dates) {
      seen.add(date);
      days.push({ date, working: WORK.has(mark), ...(name ? { name } : {}) });
    }
  });
  return { days, errors };
}
