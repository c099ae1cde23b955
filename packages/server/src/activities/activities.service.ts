import {
  ACTIVITY_KINDS,
  ACTIVITY_READER_ROLES,
  ACTIVITY_RECORDER_ROLES,
  ACTIVITY_REPORT_ROLES,
  hasAnyRole,
  JURISDICTION_WIDE_ROLES,
  leaderDaysInEnterprises,
  parseReportPeriod,
} from '@qisu/core';
import type { ActivityKind } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { fileCaseIn, findCaseVisibleTo } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import type { ActivityScope } from './activities.repository.js';
import {
  activeUsersOfJurisdiction,
  attendeesOf,
  casesOf,
  enterprisesOf,
  enterprisesOfJurisdiction,
  insertActivity,
  insertActivityEnterprises,
  insertAttendees,
  leadersOfJurisdiction,
  linkActivityCases,
  listActivityRows,
  monthActivities,
  staffOfJurisdiction,
  userAttendeesOf,
} from './activities.repository.js';
import type { ActivityDto, ActivityPersonDto, ActivityReportDto, RecordActivityInput } from './activities.schemas.js';

/** How far ahead of the server's clock an activity may be dated (a phone's clock a little fast). */
const FUTURE_SLACK_MS = 5 * 60_000;

/** The most activities a list returns. */
const LIST_LIMIT = 200;

/**
 * The channel of the cases an activity produces: a problem heard face to face at a visit or a
 * meeting is what the `visit` channel (走访) means.
 */
const ACTIVITY_CHANNEL = 'visit';

/** A liaison sees what it recorded, attended or what met its ledger; the hub, leaders and the admin the jurisdiction's. */
function scopeOf(actor: Actor): ActivityScope {
  const wide = hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES);
  return { jurisdictionId: actor.jurisdictionId, liaisonUserId: wide ? null : actor.userId };
}

/** Midnight of a Shanghai date, as an instant. */
const shanghaiMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

/**
 * Records an activity (走访与活动): its people, the enterprises met, the problems raised there —
 * each filed as a case with channel `visit`, in the same transaction — and existing cases linked
 * to it. A liaison records only with enterprises on its own ledger (403 otherwise); the hub and a
 * leader with any of the jurisdiction. Linked cases must be within the caller's scope. Nothing is
 * written when anything is refused.
 */
export async function recordActivity(
  deps: Deps,
  actor: Actor,
  input: RecordActivityInput,
): Promise<{ id: string; caseIds: string[] }> {
  requireRole(actor, ACTIVITY_RECORDER_ROLES);
  const now = deps.clock.now();
  const heldAt = new Date(input.heldAt);
  if (heldAt.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    throw invalidField('heldAt', '活动时间不能晚于现在', 'an activity cannot be dated in the future');
  }

  const enterpriseIds = [...new Set(input.enterpriseIds)];
  const enterprises = await enterprisesOfJurisdiction(deps.db, actor.jurisdictionId, enterpriseIds);
  if (enterprises.length !== enterpriseIds.length) {
    throw invalidField('enterpriseIds', '企业不在本辖区台账中', 'an enterprise is not on the ledger here');
  }
  const scope = scopeOf(actor);
  if (scope.liaisonUserId && enterprises.some((e) => e.liaison_user_id !== scope.liaisonUserId)) {
    throw new AppError('FORBIDDEN');
  }

  const attendeeUserIds = [...new Set(input.attendees.flatMap((a) => (a.userId ? [a.userId] : [])))];
  const people = await activeUsersOfJurisdiction(deps.db, actor.jurisdictionId, [
    ...attendeeUserIds,
    ...(input.ledBy ? [input.ledBy] : []),
  ]);
  const known = new Set(people.map((p) => p.id));
  if (input.ledBy && !known.has(input.ledBy)) {
    throw invalidField('ledBy', '带队领导不是本辖区的在用账号', 'the leader is not an active user here');
  }
  if (attendeeUserIds.some((u) => !known.has(u))) {
    throw invalidField('attendees', '参加人不是本辖区的在用账号', 'an attendee is not an active user here');
  }

  const problems = input.problems.map((p, i) => {
    const enterpriseId = p.enterpriseId ?? (enterpriseIds.length === 1 ? enterpriseIds[0] : undefined);
    if (p.enterpriseId && !enterpriseIds.includes(p.enterpriseId)) {
      throw invalidField(
        `problems.${i}.enterpriseId`,
        '问题所属企业须为本次活动所见企业',
        'a problem’s enterprise must be one of those met',
      );
    }
    return { title: p.title, content: p.content, kind: p.kind, categoryId: p.categoryId, enterpriseId };
  });

  const linkIds = [...new Set(input.caseIds)];
  for (const caseId of linkIds) {
    if (!(await findCaseVisibleTo(deps.db, actor, caseId))) {
      throw invalidField('caseIds', '关联的诉求不存在或无权查看', 'a case to link does not exist or is not visible');
    }
  }

  return deps.db.transaction().execute(async (trx) => {
    const id = await insertActivity(trx, {
      jurisdiction_id: actor.jurisdictionId,
      kind: input.kind,
      title: input.title,
      held_at: heldAt,
      place: input.place || null,
      led_by: input.ledBy ?? null,
      recorded_by: actor.userId,
      notes: input.notes || null,
      created_at: now,
    });
    await insertAttendees(
      trx,
      input.attendees.map((a, position) => ({
        activity_id: id,
        position,
        user_id: a.userId ?? null,
        name: a.userId ? null : (a.name ?? null),
        unit_name: a.userId ? null : a.unit || null,
      })),
    );
    await insertActivityEnterprises(trx, id, enterpriseIds);
    const caseIds: string[] = [];
    for (const problem of problems) {
      const { enterpriseId, kind, categoryId, ...rest } = problem;
      const filed = await fileCaseIn(
        trx,
        deps,
        actor,
        {
          ...rest,
          ...(enterpriseId ? { enterpriseId } : {}),
          ...(kind ? { kind } : {}),
          ...(categoryId ? { categoryId } : {}),
        },
        ACTIVITY_CHANNEL,
      );
      caseIds.push(filed.id);
    }
    await linkActivityCases(trx, id, caseIds, { produced: true, by: actor.userId, at: now });
    await linkActivityCases(trx, id, linkIds, { produced: false, by: actor.userId, at: now });
    return { id, caseIds };
  });
}

/**
 * The views of these activity rows, with their people, enterprises and cases — only the cases the
 * reader may open: an activity met several enterprises, and a liaison sees those of its ledger.
 */
async function viewsOf(
  deps: Deps,
  actor: Actor,
  rows: Awaited<ReturnType<typeof listActivityRows>>,
): Promise<ActivityDto[]> {
  const ids = rows.map((r) => r.id);
  const [attendees, enterprises, cases] = await Promise.all([
    attendeesOf(deps.db, ids),
    enterprisesOf(deps.db, ids),
    casesOf(deps.db, actor, ids),
  ]);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as ActivityKind,
    title: r.title,
    heldAt: r.held_at.toISOString(),
    place: r.place,
    ledBy: r.led_by ? { id: r.led_by, name: r.led_by_name ?? '' } : null,
    recordedBy: { id: r.recorded_by, name: r.recorded_by_name },
    notes: r.notes,
    attendees: attendees
      .filter((a) => a.activity_id === r.id)
      .map((a) => ({
        userId: a.user_id,
        name: a.user_name ?? a.name ?? '',
        unit: a.user_id ? a.user_unit : a.unit_name,
      })),
    enterprises: enterprises.filter((e) => e.activity_id === r.id).map((e) => ({ id: e.id, name: e.name })),
    cases: cases
      .filter((c) => c.activity_id === r.id)
      .map((c) => ({ id: c.id, number: c.number, title: c.title, status: c.status, produced: c.produced })),
  }));
}

/**
 * The activities of the caller's scope, newest first: between two Shanghai dates (`to`
 * excluded), of a kind, or that met an enterprise.
 */
export async function listActivities(
  deps: Deps,
  actor: Actor,
  query: {
    from?: string | undefined;
    to?: string | undefined;
    kind?: string | undefined;
    enterpriseId?: string | undefined;
  },
): Promise<ActivityDto[]> {
  requireRole(actor, ACTIVITY_READER_ROLES);
  if (query.from && query.to && query.from >= query.to) {
    throw invalidField('to', '结束日期须晚于开始日期', '`to` must come after `from`');
  }
  const rows = await listActivityRows(
    deps.db,
    scopeOf(actor),
    {
      from: query.from ? shanghaiMidnight(query.from) : undefined,
      to: query.to ? shanghaiMidnight(query.to) : undefined,
      kind: query.kind,
      enterpriseId: query.enterpriseId,
    },
    LIST_LIMIT,
  );
  return viewsOf(deps, actor, rows);
}

/** One activity of the caller's scope, or undefined (also for one that does not exist). */
async function activityInScope(deps: Deps, actor: Actor, id: string) {
  const [row] = await listActivityRows(deps.db, scopeOf(actor), { id }, 1);
  return row;
}

/** One activity of the caller's scope; 404 outside it, as for one that does not exist. */
export async function getActivity(deps: Deps, actor: Actor, id: string): Promise<ActivityDto> {
  requireRole(actor, ACTIVITY_READER_ROLES);
  const row = await activityInScope(deps, actor, id);
  if (!row) throw new AppError('NOT_FOUND');
  const [view] = await viewsOf(deps, actor, [row]);
  return view!;
}

/**
 * Links an existing case to an activity of the caller's scope (a case raised there but filed
 * otherwise, or one the activity followed up). The case must be within the caller's scope too;
 * either outside it is a 404. Linking a case twice changes nothing.
 */
export async function linkActivityCase(deps: Deps, actor: Actor, id: string, caseId: string): Promise<ActivityDto> {
  requireRole(actor, ACTIVITY_RECORDER_ROLES);
  const row = await activityInScope(deps, actor, id);
  if (!row) throw new AppError('NOT_FOUND');
  if (!(await findCaseVisibleTo(deps.db, actor, caseId))) throw new AppError('CASE_NOT_FOUND');
  await linkActivityCases(deps.db, id, [caseId], { produced: false, by: actor.userId, at: deps.clock.now() });
  const [view] = await viewsOf(deps, actor, [row]);
  return view!;
}

/**
 * The staff of the jurisdiction an activity may name (its leader, its attendees): names, roles
 * and units only, never a mobile.
 */
export async function activityPeople(deps: Deps, actor: Actor): Promise<ActivityPersonDto[]> {
  requireRole(actor, ACTIVITY_RECORDER_ROLES);
  const rows = await staffOfJurisdiction(deps.db, actor.jurisdictionId);
  return rows.map((r) => ({ id: r.id, name: r.name, roles: r.roles, unitName: r.unit_name }));
}

/**
 * The month's activities of the jurisdiction by kind, and each leader's days in enterprises
 * (seed 003 二(四): the main leader at least one day a month, the others at least two) — the
 * distinct Shanghai dates of the activities a leader led or attended that met an enterprise.
 */
export async function activityReport(deps: Deps, actor: Actor, month: string): Promise<ActivityReportDto> {
  requireRole(actor, ACTIVITY_REPORT_ROLES);
  return activityMonth(deps, actor.jurisdictionId, month);
}

/** The month's figures of a jurisdiction, without an access check (the monthly notice reads them too). */
export async function activityMonth(
  deps: Pick<Deps, 'db'>,
  jurisdictionId: string,
  month: string,
): Promise<ActivityReportDto> {
  const period = parseReportPeriod(month);
  if (!period || period.cadence !== 'month')
    throw invalidField('month', `没有 ${month} 这个月`, `there is no month ${month}`);
  const from = shanghaiMidnight(period.from);
  const to = shanghaiMidnight(period.to);
  const [rows, leaders] = await Promise.all([
    monthActivities(deps.db, jurisdictionId, from, to),
    leadersOfJurisdiction(deps.db, jurisdictionId),
  ]);
  const attendees = await userAttendeesOf(
    deps.db,
    rows.map((r) => r.id),
  );
  const facts = rows.map((r) => ({
    heldAt: r.held_at,
    ledBy: r.led_by,
    attendeeUserIds: attendees.filter((a) => a.activity_id === r.id).map((a) => a.user_id ?? ''),
    enterprises: Number(r.enterprises ?? 0),
  }));
  return {
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    total: rows.length,
    byKind: ACTIVITY_KINDS.map((kind) => ({ kind, count: rows.filter((r) => r.kind === kind).length })),
    leaders: leaders.map((l) => {
      const d = leaderDaysInEnterprises(facts, l.id, month);
      return { userId: l.id, name: l.name, days: d.days.length, dates: d.days, activities: d.activities };
    }),
  };
}
