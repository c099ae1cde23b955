import { z } from 'zod';
import { DAY_SOURCES } from '@qisu/core';

/**
 * A calendar date, `YYYY-MM-DD`, in the jurisdiction's (China's) time zone. ISO 8601's year 0000
 * is no year of PostgreSQL's `date` (1 BC comes before 1 AD), so it is refused here, not there.
 */
export const LocalDate = z.iso.date().refine((v) => !v.startsWith('0000-'), { message: 'year 0000 does not exist' });

/** The date range of the calendar screen. */
export const CalendarQuery = z.object({ from: LocalDate, to: LocalDate });

/** One day and why it is (not) a working day. */
export const CalendarDayView = z.object({
  date: z.string(),
  working: z.boolean(),
  source: z.enum(DAY_SOURCES),
  name: z.string().nullable(),
});

/** A moment received and a duration spec such as `5wd`. */
export const DueQuery = z.object({ from: z.iso.datetime({ offset: true }), duration: z.string().max(20) });

/** When it is due, in Shanghai time. */
export const DueView = z.object({ dueAt: z.string() });

/** The date of a local override in the path. */
export const OverrideParams = z.object({ date: LocalDate });

/** A local override: whether the day is worked, and its name. */
export const OverrideBody = z.object({ working: z.boolean(), name: z.string().trim().max(50).optional() });

/** A stored local override. */
export const OverrideView = z.object({ date: z.string(), working: z.boolean(), name: z.string().nullable() });

/** The year of a State Council notice in the path. */
export const NoticeParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/** The days of a notice: holidays and make-up working days. */
export const NoticeBody = z.object({
  days: z
    .array(z.object({ date: LocalDate, working: z.boolean(), name: z.string().trim().max(50).optional() }))
    .max(200),
});

/** How many days of a year's notice were imported. */
export const NoticeView = z.object({ year: z.number(), days: z.number() });
