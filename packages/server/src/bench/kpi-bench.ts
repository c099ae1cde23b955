import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { dateToDay, shanghaiInstant } from '@qisu/core';
import { loadActor } from '../auth/auth.service.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { createCase } from '../cases/cases.service.js';
import { systemClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { migrateToLatest } from '../db/database.js';
import { PiiKeyring } from '../pii/pii.keyring.js';
import type { KpiGroup } from '../reports/reports.repository.js';
import { kpiGroups } from '../reports/reports.repository.js';
import { kpiReport, ranking } from '../reports/reports.service.js';
import { catchUpKpis, rollupGroups } from '../reports/rollups.js';
import { benchFixture } from './fixture.js';

export interface KpiBenchResult {
  engine: 'pglite' | 'postgres';
  cases: number;
  /** Seconds to build the facts and rollups of every case from nothing (a jurisdiction's first read). */
  buildSeconds: number;
  /** Mean time of `GET /api/v1/reports/kpis` for one month by unit, from the rollups (catch-up included). */
  monthMs: number;
  /** Mean time of the same month by a direct aggregate over the cases. */
  monthDirectMs: number;
  monthRatio: number;
  /** The same for a whole year. */
  yearMs: number;
  yearDirectMs: number;
  yearRatio: number;
  /** Mean time of `GET /api/v1/reports/ranking` for a month, from the rollups. */
  rankingMs: number;
  /** Seconds for a catch-up after `commandCases` cases were created and dispatched through the commands. */
  catchUpSeconds: number;
  commandCases: number;
  /** Whether the rollups gave the same rows as the direct aggregate for the year, after the catch-up. */
  equal: boolean;
}

const UNITS = 40;
const CHANNELS = ['mobile', 'hotline12345', 'visit', 'web', 'letter', 'liaison'];
/** Four years of cases, 2023-01-01 to 2026-12-31 (Shanghai), evenly spread. */
const START = '2023-01-01T00:00:00+08:00';
const SPAN_SECONDS = 4 * 365 * 86_400;

/**
 * A jurisdiction of `n` cases over four years with their assignments, ratings, clocks,
 * supervisions and cards written by plain SQL, then every KPI report read from the rollups and
 * by the direct aggregate, in one database.
 */
export async function benchKpis(
  engine: 'pglite' | 'postgres',
  handle: Db,
  n: number,
  runs = 5,
): Promise<KpiBenchResult> {
  const db = handle.db;
  await migrateToLatest(db);
  const f = await benchFixture(db, 'bkpi');
  const units: string[] = [f.unitId];
  for (let i = 1; i < UNITS; i++) {
    const u = await db
      .insertInto('units')
      .values({
        jurisdiction_id: f.jurisdictionId,
        name: `单位${String(i).padStart(2, '0')}`,
        kind: i % 4 === 0 ? 'town' : 'department',
        region_code: null,
        parent_id: null,
        contact_phone: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    units.push(u.id);
  }
  const say = (text: string) => process.stderr.write(`  ${engine}: ${text}\n`);
  say(`inserting ${n} cases with their assignments, ratings, clocks, supervisions and cards …`);
  const at = sql`(${START}::timestamptz + ((g::bigint * ${SPAN_SECONDS}) / ${n}) * interval '1 second')`;
  const status = sql`(ARRAY['closed','closed','closed','closed','closed','rated','replied','signed','screening','answered'])[1 + g % 10]`;
  await sql`
    INSERT INTO cases (jurisdiction_id, number, channel, enterprise_id, title, content, kind, status, lead_unit_id,
                       complexity, result, unsatisfied_rounds, created_at, updated_at, closed_at, responded_at,
                       response_minutes, resolve_minutes)
    SELECT ${f.jurisdictionId}, 'BKPI-' || lpad(g::text, 8, '0'), (ARRAY[${sql.join(CHANNELS)}])[1 + g % ${CHANNELS.length}::int],
           ${f.enterpriseId}, '诉求 ' || g, '内容', 'demand', ${status},
           CASE WHEN g % 10 IN (8, 9) THEN NULL ELSE (ARRAY[${sql.join(units)}]::uuid[])[1 + g % ${UNITS}] END,
           'general', CASE WHEN g % 10 < 7 THEN (CASE WHEN g % 7 = 0 THEN 'partly' ELSE 'solved' END) END,
           CASE WHEN g % 13 = 0 THEN 1 ELSE 0 END, ${at}, ${at},
           CASE WHEN g % 10 IN (0, 1, 2, 3, 4, 9) THEN ${at} + interval '5 days' END,
           CASE WHEN g % 10 <> 8 THEN ${at} + interval '2 hours' END,
           CASE WHEN g % 10 <> 8 THEN 120 END,
           CASE WHEN g % 10 IN (0, 1, 2, 3, 4, 9) THEN 1440 + g % 600 END
    FROM generate_series(1, ${n}::int) AS g`.execute(db);
  await sql`
    INSERT INTO assignments (case_id, unit_id, role, round, status, assigned_at, signed_at)
    SELECT id, lead_unit_id, 'lead', 1, CASE WHEN status = 'closed' THEN 'replied' ELSE 'signed' END, created_at,
           created_at + interval '2 hours'
    FROM cases WHERE jurisdiction_id = ${f.jurisdictionId} AND lead_unit_id IS NOT NULL`.execute(db);
  await sql`
    INSERT INTO ratings (case_id, round, score, satisfied, comment, rated_by, at)
    SELECT id, 1, CASE WHEN unsatisfied_rounds > 0 THEN 1 ELSE 5 END, unsatisfied_rounds = 0, NULL, NULL,
           created_at + interval '4 days'
    FROM cases WHERE jurisdiction_id = ${f.jurisdictionId} AND status IN ('closed', 'rated')`.execute(db);
  await sql`
    INSERT INTO clocks (jurisdiction_id, case_id, round, milestone, unit_id, duration, started_at, due_at, breached_at,
                        met_at, state)
    SELECT jurisdiction_id, id, 1, 'resolve', lead_unit_id, '15wd', created_at, created_at + interval '21 days',
           CASE WHEN right(number, 2)::int % 11 = 0 THEN created_at + interval '21 days' END,
           CASE WHEN status IN ('closed', 'rated', 'replied') THEN created_at + interval '4 days' END,
           CASE WHEN right(number, 2)::int % 11 = 0 THEN 'breached'
                WHEN status IN ('closed', 'rated', 'replied') THEN 'met' ELSE 'running' END
    FROM cases WHERE jurisdiction_id = ${f.jurisdictionId} AND lead_unit_id IS NOT NULL`.execute(db);
  await sql`
    INSERT INTO supervisions (case_id, by_whom, instruction, actor_id, at)
    SELECT id, 'platform', '请加快办理', NULL, created_at + interval '3 days'
    FROM cases WHERE jurisdiction_id = ${f.jurisdictionId} AND right(number, 3)::int % 97 = 0`.execute(db);
  await sql`
    INSERT INTO cards (jurisdiction_id, case_id, unit_id, colour, reason, issued_at)
    SELECT jurisdiction_id, id, lead_unit_id, CASE WHEN right(number, 3)::int % 3 = 0 THEN 'red' ELSE 'yellow' END,
           '超时', created_at + interval '21 days'
    FROM cases WHERE jurisdiction_id = ${f.jurisdictionId} AND lead_unit_id IS NOT NULL AND right(number, 2)::int % 11 = 0`.execute(
    db,
  );
  await sql`ANALYZE`.execute(db);

  const hub = await loadActor(db, f.hubUserId);
  if (!hub) throw new Error('bench actor missing');
  const deps = { db, clock: systemClock, pii: PiiKeyring.ephemeral() };

  say('building the facts and rollups …');
  let t = performance.now();
  await catchUpKpis(db, f.jurisdictionId);
  const buildSeconds = (performance.now() - t) / 1000;

  const time = async (fn: () => Promise<unknown>) => {
    await fn();
    const start = performance.now();
    for (let i = 0; i < runs; i++) await fn();
    return (performance.now() - start) / runs;
  };
  const month = { from: '2025-11-01', to: '2025-12-01' };
  const year = { from: '2025-01-01', to: '2026-01-01' };
  const direct = (p: { from: string; to: string }) =>
    kpiGroups(
      db,
      hub,
      { start: shanghaiInstant(dateToDay(p.from), 0), end: shanghaiInstant(dateToDay(p.to), 0) },
      'unit',
    );
  say('timing the reports …');
  const monthMs = await time(() => kpiReport(deps, hub, { by: 'unit', ...month }));
  const yearMs = await time(() => kpiReport(deps, hub, { by: 'unit', ...year }));
  const rankingMs = await time(() => ranking(deps, hub, { period: '2025-11' }));
  const monthDirectMs = await time(() => direct(month));
  const yearDirectMs = await time(() => direct(year));

  const commandCases = 200;
  say(`${commandCases} new cases through the commands, then a catch-up …`);
  for (let i = 0; i < commandCases; i++) {
    const c = await createCase(deps, hub, {
      title: '新诉求',
      content: '内容',
      enterpriseId: f.enterpriseId,
      channel: 'visit',
    });
    await runCaseCommand(deps, hub, c.id, 'dispatch', { leadUnitId: units[i % UNITS]!, complexity: 'general' });
  }
  t = performance.now();
  await catchUpKpis(db, f.jurisdictionId);
  const catchUpSeconds = (performance.now() - t) / 1000;

  const everything = { from: '2023-01-01', to: '2027-12-31' };
  const sorted = (rows: KpiGroup[]) =>
    rows.filter((r) => r.received > 0).sort((a, b) => String(a.key).localeCompare(String(b.key)));
  const [rolled, direct4] = await Promise.all([
    rollupGroups(db, [f.jurisdictionId], everything, 'unit'),
    direct(everything),
  ]);
  const equal = JSON.stringify(sorted(rolled)) === JSON.stringify(sorted(direct4));

  return {
    engine,
    cases: n,
    buildSeconds,
    monthMs,
    monthDirectMs,
    monthRatio: monthDirectMs / monthMs,
    yearMs,
    yearDirectMs,
    yearRatio: yearDirectMs / yearMs,
    rankingMs,
    catchUpSeconds,
    commandCases,
    equal,
  };
}
