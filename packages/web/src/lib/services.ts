import type { I18n } from '../i18n/i18n';
import { isMessageKey } from '../i18n/i18n';

/** The name of a service catalogue (`matters`, `value_added`) in the reader's language. */
export function catalogueText(t: I18n['t'], code: string): string {
  const key = `svcCat.${code}`;
  return isMessageKey(key) ? t(key) : code;
}

/** The name of a service field (`policy`, `finance` …) in the reader's language. */
export function serviceFieldText(t: I18n['t'], code: string): string {
  const key = `svcField.${code}`;
  return isMessageKey(key) ? t(key) : code;
}

/** Today in Asia/Shanghai as YYYY-MM-DD: the first day an appointment may not be booked on. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Whether an appointment day (YYYY-MM-DD) may be picked: after today, and not a Saturday or Sunday. */
export function appointmentSelectable(date: string, today: string): boolean {
  if (date <= today) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}
