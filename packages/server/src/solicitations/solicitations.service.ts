import {
  dayToDate,
  isoWeekOf,
  isoWeekRange,
  JURISDICTION_WIDE_ROLES,
  hasAnyRole,
  SOLICITATION_READER_ROLES,
  shanghaiDay,
  SOLICITOR_ROLES,
} from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { fileCaseIn } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import { writeOutbox } from '../outbox/outbox.service.js';
import type { LedgerScope } from './solicitations.repository.js';
import { problemLedgerOfCases } from '../reports/reports.service.js';
import {
  activeLiaisons,
  casesOfRounds,
  claimReminder,
  enterpriseToSolicit,
  insertSolicitation,
  ledgerEnterprises,
  linkSolicitationCases,
  listRounds,
  sentReports,
  solicitingUnits,
  unitOfJurisdiction,
  unitWeekCaseIds,
  unitWeekFigures,
  upsertReport,
  weekRounds,
} from './solicitations.repository.js';
import type {
  CoverageDto,
  RecordSolicitationInput,
  SentWeeklyLedgerDto,
  SolicitationDto,
  WeeklyLedgersDto,
} from './solicitations.schemas.js';

/** How far ahead of the server's clock a round may be dated (a phone's clock a little fast). */
const FUTURE_SLACK_MS = 5 * 60_000;

/** The most rounds a list returns. */
const LIST_LIMIT = 200;

/** A liaison sees its own ledger; the hub, leaders and the admin the whole jurisdiction's. */
function scopeOf(actor: Actor): LedgerScope {
  const wide = hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES);
  return { jurisdictionId: actor.jurisdictionId, liaisonUserId: wide ? null : actor.userId };
}

/**
 * Records a solicitation round (seed 003 二(一), SPEC §10): a liaison for an enterprise on its own
 * ledger, or the hub for any of the jurisdiction. Each problem found becomes a case with channel
 * `solicitation` in the loop, filed in the same transaction as the round; none found is recorded
 * too ("未发现问题"), and counts for the week's coverage. The week is the ISO week of `at` in
 * Asia/Shanghai.
 */
export async function recordSolicitation(
  deps: Deps,
  actor: Actor,
  input: RecordSolicitationInput,
): Promise<{ id: string; caseIds: string[] }> {
  requireRole(actor, SOLICITOR_ROLES);
  const now = deps.clock.now();
  const at = input.at ? new Date(input.at) : now;
  if (at.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    throw invalidField('at', '征询时间不能晚于现在', 'a round cannot be dated in the future');
  }
  const enterprise = await enterpriseToSolicit(deps.db, actor.jurisdictionId, input.enterpriseId);
  if (!enterprise) throw invalidField('enterpriseId', '企业不在本辖区台账中', 'no such enterprise on the ledger here');
  const scope = scopeOf(actor);
  if (scope.liaisonUserId && enterprise.liaison_user_id !== scope.liaisonUserId) throw new AppError('FORBIDDEN');

  return deps.db.transaction().execute(async (trx) => {
    const id = await insertSolicitation(trx, {
      jurisdiction_id: actor.jurisdictionId,
      enterprise_id: enterprise.id,
      method: input.method,
      held_at: at,
      week: isoWeekOf(at),
      recorded_by: actor.userId,
      unit_id: actor.unitId,
      note: input.note || null,
      problems: input.problems.length,
      created_at: now,
    });
    const caseIds: string[] = [];
    for (const problem of input.problems) {
      const filed = await fileCaseIn(trx, deps, actor, { ...problem, enterpriseId: enterprise.id }, 'solicitation');
      caseIds.push(filed.id);
    }
    await linkSolicitationCases(trx, id, caseIds);
    return { id, caseIds };
  });
}

function weekOf(week: string | undefined, now: Date): { week: string; from: Date; to: Date } {
  const name = week ?? isoWeekOf(now);
  const range = isoWeekRange(name);
  if (!range) throw invalidField('week', `没有第 ${name} 周`, `there is no week ${name}`);
  return { week: name, ...range };
}

/**
 * A week's coverage (SPEC §10): how many ledger enterprises of the caller's scope (a liaison's own
 * ledger, else the jurisdiction's) were solicited at least once, how many problems the rounds
 * found, and which enterprises were missed, with their liaison and their last round before.
 */
export async function solicitationCoverage(
  deps: Deps,
  actor: Actor,
  query: { week?: string | undefined },
): Promise<CoverageDto> {
  requireRole(actor, SOLICITATION_READER_ROLES);
  const { week, from, to } = weekOf(query.week, deps.clock.now());
  const scope = scopeOf(actor);
  const [ledger, rounds] = await Promise.all([
    ledgerEnterprises(deps.db, scope, to),
    weekRounds(deps.db, actor.jurisdictionId, week),
  ]);
  const inScope = new Set(ledger.map((e) => e.id));
  const solicited = new Set(rounds.filter((r) => inScope.has(r.enterprise_id)).map((r) => r.enterprise_id));
  const problems = rounds.filter((r) => inScope.has(r.enterprise_id)).reduce((n, r) => n + r.problems, 0);
  return {
    week,
    from: from.toISOString(),
    to: to.toISOString(),
    enterprises: ledger.length,
    solicited: solicited.size,
    problems,
    missing: ledger
      .filter((e) => !solicited.has(e.id))
      .map((e) => ({
        id: e.id,
        name: e.name,
        liaisonName: e.liaison_name,
        lastSolicitedAt: e.last_solicited_at ? new Date(e.last_solicited_at).toISOString() : null,
      })),
  };
}

/** The rounds of the caller's scope, newest first, with the cases each produced. */
export async function listSolicitations(
  deps: Deps,
  actor: Actor,
  filter: { week?: string | undefined; enterpriseId?: string | undefined },
): Promise<SolicitationDto[]> {
  requireRole(actor, SOLICITATION_READER_ROLES);
  const rows = await listRounds(deps.db, scopeOf(actor), filter, LIST_LIMIT);
  const cases = await casesOfRounds(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    enterprise: { id: r.enterprise_id, name: r.enterprise_name },
    method: r.method,
    at: r.held_at.toISOString(),
    week: r.week,
    recordedBy: { id: r.recorded_by, name: r.recorded_by_name },
    note: r.note,
    problems: r.problems,
    cases: cases
      .filter((c) => c.solicitation_id === r.id)
      .map((c) => ({ id: c.id, number: c.number, title: c.title, status: c.status })),
  }));
}

/** From when in the week a liaison is reminded of the enterprises not solicited yet: Thursday 09:00. */
const REMIND_AFTER_MS = (3 * 24 + 9) * 3600_000;

/**
 * The weekly reminder: from Thursday 09:00 (Asia/Shanghai), every liaison with ledger enterprises
 * not solicited this week is told how many, once a week — the reminder is claimed by a row per
 * liaison and week, so a second process or a rerun sends nothing twice.
 */
export async function remindLiaisons(deps: Pick<Deps, 'db' | 'clock'>): Promise<{ reminded: number }> {
  const now = deps.clock.now();
  const { week, from, to } = weekOf(undefined, now);
  if (now.getTime() < from.getTime() + REMIND_AFTER_MS) return { reminded: 0 };
  let reminded = 0;
  for (const liaison of await activeLiaisons(deps.db)) {
    const ledger = await ledgerEnterprises(
      deps.db,
      { jurisdictionId: liaison.jurisdiction_id, liaisonUserId: liaison.id },
      to,
    );
    if (ledger.length === 0) continue;
    const solicited = new Set((await weekRounds(deps.db, liaison.jurisdiction_id, week)).map((r) => r.enterprise_id));
    const missing = ledger.filter((e) => !solicited.has(e.id)).length;
    if (missing === 0) continue;
    const sent = await deps.db.transaction().execute(async (trx) => {
      if (!(await claimReminder(trx, liaison.id, week, missing, now))) return false;
      await writeOutbox(trx, {
        jurisdictionId: liaison.jurisdiction_id,
        topic: 'solicitation.reminder',
        recipient: { kind: 'user', id: liaison.id },
        at: now,
        payload: { title: week, size: missing, week, missing },
      });
      return true;
    });
    if (sent) reminded++;
  }
  return { reminded };
}

/**
 * The unit whose weekly ledgers the caller reads: a liaison only its own unit's (none without a
 * unit); the hub, leaders and the admin any unit (`null`).
 */
function ledgerUnitOf(actor: Actor): string | null {
  if (hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES)) return null;
  if (!actor.unitId) throw new AppError('SOLICITATION_LEDGER_NO_UNIT');
  return actor.unitId;
}

/**
 * The weekly 问题台账 of the week (seed 003 二(一): "问题征询分析汇总后每周报推进中心"): every unit
 * with a liaison, what its rounds of the week found so far, and the ledger it sent, if any. A
 * liaison sees its own unit's.
 */
export async function weeklyLedgers(
  deps: Deps,
  actor: Actor,
  query: { week?: string | undefined },
): Promise<WeeklyLedgersDto> {
  requireRole(actor, SOLICITATION_READER_ROLES);
  const { week, from, to } = weekOf(query.week, deps.clock.now());
  const only = ledgerUnitOf(actor);
  const [units, figures, sent] = await Promise.all([
    solicitingUnits(deps.db, actor.jurisdictionId, only),
    unitWeekFigures(deps.db, actor.jurisdictionId, week, only),
    sentReports(deps.db, actor.jurisdictionId, week, only),
  ]);
  return {
    week,
    from: from.toISOString(),
    to: to.toISOString(),
    units: units.map((u) => {
      const live = figures.find((f) => f.unitId === u.id);
      const report = sent.find((r) => r.unit_id === u.id);
      return {
        unitId: u.id,
        unitName: u.name,
        liaisons: [...u.liaisons].sort(),
        rounds: live?.rounds ?? 0,
        enterprises: live?.enterprises ?? 0,
        problems: live?.problems ?? 0,
        sent: report
          ? {
              rounds: report.rounds,
              enterprises: report.enterprises,
              problems: report.problems,
              firstSentAt: report.first_sent_at.toISOString(),
              sentAt: report.sent_at.toISOString(),
              sentBy: report.sent_by_name,
            }
          : null,
      };
    }),
  };
}

/**
 * Sends the caller's unit's 问题台账 of a week to the hub (a liaison; this week by default, never
 * a week to come). Sending again — after more rounds that week — replaces the figures and keeps
 * when it was first sent. The hub is told in the same transaction, through the outbox.
 */
export async function sendWeeklyLedger(
  deps: Deps,
  actor: Actor,
  input: { week?: string | undefined },
): Promise<SentWeeklyLedgerDto> {
  requireRole(actor, ['liaison']);
  if (!actor.unitId) throw new AppError('SOLICITATION_LEDGER_NO_UNIT');
  const unitId = actor.unitId;
  const now = deps.clock.now();
  const { week, from } = weekOf(input.week, now);
  if (from.getTime() > now.getTime()) {
    throw invalidField('week', `第 ${week} 周尚未开始，不能报送`, `week ${week} has not begun yet`);
  }
  const unit = await unitOfJurisdiction(deps.db, actor.jurisdictionId, unitId);
  if (!unit) throw new AppError('SOLICITATION_LEDGER_NO_UNIT');
  const [figures] = await unitWeekFigures(deps.db, actor.jurisdictionId, week, unitId);
  const counts = {
    rounds: figures?.rounds ?? 0,
    enterprises: figures?.enterprises ?? 0,
    problems: figures?.problems ?? 0,
  };
  const row = await deps.db.transaction().execute(async (trx) => {
    const saved = await upsertReport(trx, {
      jurisdiction_id: actor.jurisdictionId,
      unit_id: unitId,
      week,
      ...counts,
      first_sent_at: now,
      sent_at: now,
      sent_by: actor.userId,
    });
    await writeOutbox(trx, {
      jurisdictionId: actor.jurisdictionId,
      topic: 'solicitation.ledger_sent',
      recipient: { kind: 'role', id: 'hub' },
      at: now,
      payload: { title: `${unit.name}（${week}）`, size: counts.problems, unitId, week },
    });
    return saved;
  });
  return {
    id: row.id,
    unitId,
    week,
    ...counts,
    firstSentAt: row.first_sent_at.toISOString(),
    sentAt: row.sent_at.toISOString(),
  };
}

/**
 * A unit's 问题台账 (附件2) of a week as a workbook: one row per problem its rounds found, with the
 * unit as 提报单位. A liaison reads only its own unit's; another unit is 404 to it, as to anyone
 * for a unit outside the jurisdiction.
 */
export async function weeklyLedgerWorkbook(
  deps: Deps,
  actor: Actor,
  unitId: string,
  query: { week?: string | undefined },
): Promise<{ book: Buffer; fileName: string }> {
  requireRole(actor, SOLICITATION_READER_ROLES);
  const now = deps.clock.now();
  const { week, from, to } = weekOf(query.week, now);
  const only = ledgerUnitOf(actor);
  const unit = only && only !== unitId ? undefined : await unitOfJurisdiction(deps.db, actor.jurisdictionId, unitId);
  if (!unit) throw new AppError('NOT_FOUND');
  const [sent] = await sentReports(deps.db, actor.jurisdictionId, week, unitId);
  const book = await problemLedgerOfCases(deps, actor, await unitWeekCaseIds(deps.db, unitId, week), {
    reporter: unit.name,
    reportedOn: dayToDate(shanghaiDay(sent?.sent_at ?? now)),
    from: dayToDate(shanghaiDay(from)),
    to: dayToDate(shanghaiDay(to)),
  });
  return { book, fileName: `${unit.name}问题台账-${week}.xlsx` };
}
