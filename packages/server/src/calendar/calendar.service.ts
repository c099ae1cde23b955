import type { Kysely, Transaction } from 'kysely';
import type { DayRule, Profile } from '@qisu/core';
import { dateToDay, dayToDate, dueAt, formatShanghai, isDurationSpec, WorkCalendar } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { invalidField } from '../errors.js';
import { activeProfile } from '../profiles/profiles.service.js';
import { deleteOverride, noticeDays, overrideDays, replaceNoticeYear, upsertOverride } from './calendar.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Working hours of a profile in the calendar's terms. */
export function hoursOf(profile: Profile) {
  return {
    periods: profile.calendar.periods,
    ...(profile.calendar.summer ? { summer: profile.calendar.summer } : {}),
  };
}

/** Imported State Council notices, shared by every jurisdiction. */
async function notices(db: Executor): Promise<DayRule[]> {
  const rows = await noticeDays(db);
  return rows.map((r) => ({ date: r.date, working: r.working, ...(r.name ? { name: r.name } : {}) }));
}

/** The working calendar of a jurisdiction: its profile's hours, its overrides and the imported notices. */
export async function calendarFor(db: Executor, jurisdictionId: string, profile?: Profile): Promise<WorkCalendar> {
  const [p, local, imported] = await Promise.all([
    profile ? Promise.resolve(profile) : activeProfile(db, jurisdictionId),
    overrideDays(db, jurisdictionId),
    notices(db),
  ]);
  return new WorkCalendar({
    hours: hoursOf(p),
    local: local.map((r) => ({ date: r.date, working: r.working, ...(r.name ? { name: r.name } : {}) })),
    imported,
  });
}

/** The days between two dates with their status, for the calendar screen. */
export async function calendarDays(deps: Deps, actor: Actor, from: string, to: string) {
  const calendar = await calendarFor(deps.db, actor.jurisdictionId);
  const start = dateToDay(from);
  const end = dateToDay(to);
  if (end < start || end - start > 400)
    throw invalidField('to', '日期范围须在400天以内', 'the range must be at most 400 days');
  const days = [];
  for (let d = start; d <= end; d++) {
    const status = calendar.status(d);
    days.push({ date: dayToDate(d), working: status.working, source: status.source, name: status.name ?? null });
  }
  return days;
}

/** Makes a date a working day or a day off in the caller's jurisdiction (admin), replacing any override. */
export async function setOverride(
  deps: Deps,
  actor: Actor,
  input: { date: string; working: boolean; name?: string | undefined },
) {
  requireRole(actor, ['admin']);
  await upsertOverride(deps.db, {
    jurisdictionId: actor.jurisdictionId,
    date: input.date,
    working: input.working,
    name: input.name ?? null,
    createdBy: actor.userId,
    at: deps.clock.now(),
  });
  return { date: input.date, working: input.working, name: input.name ?? null };
}

/** Removes the caller's jurisdiction's override of a date (admin); none there is no error. */
export async function removeOverride(deps: Deps, actor: Actor, date: string): Promise<void> {
  requireRole(actor, ['admin']);
  await deleteOverride(deps.db, actor.jurisdictionId, date);
}

/**
 * Imports the State Council's notice for a year: its holidays and make-up working days replace
 * the package data or the provisional holidays of that year for every jurisdiction.
 */
export async function importNotice(
  deps: Deps,
  actor: Actor,
  input: { year: number; days: { date: string; working: boolean; name?: string | undefined }[] },
) {
  requireRole(actor, ['admin']);
  const wrong = input.days.find((d) => !d.date.startsWith(`${input.year}-`));
  if (wrong)
    throw invalidField('days', `日期 ${wrong.date} 不在 ${input.year} 年`, `${wrong.date} is not in ${input.year}`);
  const now = deps.clock.now();
  const days = input.days.map((d) => ({ date: d.date, working: d.working, name: d.name ?? null }));
  await deps.db.transaction().execute((trx) => replaceNoticeYear(trx, input.year, days, actor.userId, now));
  return { year: input.year, days: input.days.length };
}

/** When something received at `from` is due under `duration` in the caller's jurisdiction. */
export async function computeDue(db: Executor, jurisdictionId: string, from: Date, duration: string) {
  if (!isDurationSpec(duration)) throw invalidField('duration', '时限格式无效', 'invalid duration');
  const calendar = await calendarFor(db, jurisdictionId);
  return formatShanghai(dueAt(calendar, from, duration));
}
