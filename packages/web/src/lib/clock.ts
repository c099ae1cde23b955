import { translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { ClockView } from '../api/models';

export type ClockTone = 'success' | 'processing' | 'warning' | 'error' | 'default';

/**
 * How a clock looks now: green when met in time, red when breached (or met late), orange when
 * warned or in its last fifth, blue while running, grey when paused.
 */
export function clockTone(clock: ClockView, now: number): ClockTone {
  switch (clock.state) {
    case 'met':
      return clock.breachedAt ? 'error' : 'success';
    case 'breached':
      return 'error';
    case 'paused':
    case 'cancelled':
      return 'default';
    case 'warned':
      return 'warning';
    case 'running': {
      const due = Date.parse(clock.dueAt);
      const start = Date.parse(clock.startedAt);
      if (now >= due) return 'error';
      return (due - now) / Math.max(1, due - start) < 0.2 ? 'warning' : 'processing';
    }
  }
}

/** `2天3小时`, `45分钟` / `2d 3h`, `45m`: the time left (or overdue) in its two largest units. */
export function formatSpan(ms: number, lang: 'zh-CN' | 'en-US'): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: [number, MessageKey][] = [
    [days, 'spanDays'],
    [hours, 'spanHours'],
    [mins, 'spanMinutes'],
  ];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  if (shown.length === 0) return translate(lang, 'spanMinutes', { n: 0 });
  return shown.map(([n, key]) => translate(lang, key, { n })).join(translate(lang, 'spanJoin'));
}

/** Shanghai wall-clock time of an instant, `2026-11-13 17:30`. */
export function shanghaiTime(iso: string): string {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
