import { z } from 'zod';
import { ACTIVITY_KINDS, CASE_KINDS } from '@qisu/core';
import { id, text } from '../cases/cases.schemas.js';

const LocalDate = z.iso.date().describe('上海日期 YYYY-MM-DD / a date in Asia/Shanghai');

/** A person at an activity: a user of the jurisdiction, or someone named with their unit. */
export const AttendeeInput = z
  .object({
    userId: id.optional().describe('本辖区用户 / a user of the jurisdiction'),
    name: z.string().trim().min(1).max(100).optional().describe('姓名（非系统用户）/ the name of someone else'),
    unit: z.string().trim().max(100).optional().describe('单位 / their unit'),
  })
  .refine((a) => a.userId !== undefined || a.name !== undefined, {
    message: '参加人需选择用户或填写姓名 / an attendee needs a user or a name',
    path: ['name'],
  });

/** A problem raised at the activity; it becomes a case with channel `visit`. */
export const ActivityProblem = z.object({
  title: text(200).describe('问题标题 / title'),
  content: text(20_000).describe('问题内容 / content'),
  kind: z.enum(CASE_KINDS).optional(),
  categoryId: id.optional(),
  enterpriseId: id
    .optional()
    .describe(
      '问题所属企业（须为本次活动所见企业；只见一家时默认该企业）/ the enterprise it concerns, one of those met',
    ),
});

/** An activity as it is recorded (POST /api/v1/activities). */
export const RecordActivityBody = z.object({
  kind: z
    .enum(ACTIVITY_KINDS)
    .describe('走访 / 包保服务 / 半月谈 / 早餐汇 / 面对面 / 座谈会 / 现场办公会 / 领导进企业日'),
  title: text(200).describe('活动名称 / title'),
  heldAt: z.iso.datetime({ offset: true }).describe('活动时间 / when it was held'),
  place: z.string().trim().max(200).optional().describe('地点 / place'),
  ledBy: id.optional().describe('带队领导（本辖区用户）/ the user who led it'),
  attendees: z.array(AttendeeInput).max(50).default([]),
  enterpriseIds: z.array(id).max(50).default([]).describe('走访或参会企业 / the enterprises met'),
  notes: z.string().trim().max(5000).optional().describe('活动情况 / what was said and done'),
  problems: z.array(ActivityProblem).max(20).default([]).describe('现场收集的问题，各成一件诉求 / problems raised'),
  caseIds: z.array(id).max(50).default([]).describe('关联已有诉求 / existing cases to link'),
});

export const CreatedActivity = z.object({ id: z.uuid(), caseIds: z.array(z.uuid()) });

export const ListActivitiesQuery = z.object({
  from: LocalDate.optional().describe('自此日（含）/ from this day, included'),
  to: LocalDate.optional().describe('至此日（不含）/ to this day, excluded'),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  enterpriseId: id.optional(),
});

export const ActivityParams = z.object({ id });

export const LinkCaseBody = z.object({ caseId: id });

const UserRef = z.object({ id: z.uuid(), name: z.string() });

/** One activity with its people, the enterprises met and its cases. */
export const ActivityView = z.object({
  id: z.uuid(),
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string(),
  heldAt: z.string(),
  place: z.string().nullable(),
  ledBy: UserRef.nullable(),
  recordedBy: UserRef,
  notes: z.string().nullable(),
  attendees: z.array(z.object({ userId: z.uuid().nullable(), name: z.string(), unit: z.string().nullable() })),
  enterprises: z.array(z.object({ id: z.uuid(), name: z.string() })),
  cases: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      title: z.string(),
      status: z.string(),
      produced: z.boolean().describe('活动中收集形成（否则为事后关联）/ filed at the activity, else linked'),
    }),
  ),
});

/** The staff of the jurisdiction an activity may name as its leader or attendees. */
export const ActivityPerson = z.object({
  id: z.uuid(),
  name: z.string(),
  roles: z.array(z.string()),
  unitName: z.string().nullable(),
});

export const ActivityReportQuery = z.object({
  month: z
    .string()
    .regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
    .describe('月份，上海时间，如 2026-11 / the month in Asia/Shanghai'),
});

/** The month's activities by kind and each leader's days in enterprises (seed 003 二(四)). */
export const ActivityReportView = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  byKind: z.array(z.object({ kind: z.enum(ACTIVITY_KINDS), count: z.number().int() })),
  leaders: z.array(
    z.object({
      userId: z.uuid(),
      name: z.string(),
      days: z.number().int().describe('深入企业天数 / days in enterprises'),
      dates: z.array(z.string()),
      activities: z.number().int().describe('其中的活动次数 / activities that made them'),
    }),
  ),
});

export type RecordActivityInput = z.infer<typeof RecordActivityBody>;
export type ActivityDto = z.infer<typeof ActivityView>;
export type ActivityPersonDto = z.infer<typeof ActivityPerson>;
export type ActivityReportDto = z.infer<typeof ActivityReportView>;
