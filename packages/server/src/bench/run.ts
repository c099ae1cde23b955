import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import { formatCaseNumber, GENESIS_HASH } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { loadActor } from '../auth/auth.service.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { encodeSignature, fingerprint } from '@qisu/triage';
import { createCase } from '../cases/cases.service.js';
import { eventHash } from '../events/hash-chain.js';
import { systemClock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { benchDatabaseUrl } from '../env.js';
import type { SweepBenchResult } from './sweep-bench.js';
import { PiiKeyring } from '../pii/pii.keyring.js';
import { benchFixture } from './fixture.js';
import { benchSweep } from './sweep-bench.js';
import type { KpiBenchResult } from './kpi-bench.js';
import { benchKpis } from './kpi-bench.js';
import type { WorklistBenchResult } from './worklist-bench.js';
import { benchWorklist, firstScreenJs } from './worklist-bench.js';

interface Fixture {
  jurisdictionId: string;
  unitId: string;
  enterpriseId: string;
  hub: Actor;
}

async function fixture(handle: Db, code: string): Promise<Fixture> {
  const f = await benchFixture(handle.db, code);
  const hub = await loadActor(handle.db, f.hubUserId);
  if (!hub) throw new Error('bench actor missing');
  return { jurisdictionId: f.jurisdictionId, unitId: f.unitId, enterpriseId: f.enterpriseId, hub };
}

const TITLE = '新厂房用电增容报装迟迟未接通';
const CONTENT = '我公司位于工业园区，今年3月申请的315千伏安增容至今未接电，影响新生产线投产，请协调供电部门尽快办理。';

/** Through the command layer, as the API does: create (case + event), then dispatch (assignment + event). */
async function viaCommands(handle: Db, f: Fixture, n: number, progress: (i: number) => void): Promise<void> {
  const deps = { db: handle.db, clock: systemClock, pii: PiiKeyring.ephemeral() };
  for (let i = 0; i < n; i++) {
    const c = await createCase(deps, f.hub, {
      title: TITLE,
      content: CONTENT,
      enterpriseId: f.enterpriseId,
      channel: 'phone',
    });
    await runCaseCommand(deps, f.hub, c.id, 'dispatch', { leadUnitId: f.unitId, complexity: 'general' });
    progress(i);
  }
}

/** Appends events to a chain with plain SQL: lock the head, insert the rows, move the head. */
async function bareAppend(
  trx: Transaction<Database>,
  f: Fixture,
  caseId: string,
  types: readonly string[],
  now: Date,
): Promise<void> {
  const head = await sql<{ last_seq: number; last_hash: string }>`
    SELECT last_seq, last_hash FROM event_chains WHERE jurisdiction_id = ${f.jurisdictionId} FOR UPDATE`.execute(trx);
  let seq = head.rows[0]?.last_seq ?? 0;
  let prev = head.rows[0]?.last_hash ?? GENESIS_HASH;
  const rows = types.map((type) => {
    seq++;
    const payload = { type };
    const hash = eventHash({
      jurisdictionId: f.jurisdictionId,
      seq,
      caseId,
      type,
      actorId: f.hub.userId,
      unitId: null,
      at: now.toISOString(),
      payload,
      prevHash: prev,
    });
    const row = sql`(${f.jurisdictionId}, ${seq}, ${caseId}, ${type}, ${f.hub.userId}, NULL, ${now},
                     ${JSON.stringify(payload)}, ${prev}, ${hash})`;
    prev = hash;
    return row;
  });
  await sql`
    INSERT INTO events (jurisdiction_id, seq, case_id, type, actor_id, unit_id, at, payload, prev_hash, hash)
    VALUES ${sql.join(rows)}`.execute(trx);
  await sql`UPDATE event_chains SET last_seq = ${seq}, last_hash = ${prev} WHERE jurisdiction_id = ${f.jurisdictionId}`.execute(
    trx,
  );
}

/**
 * Plain SQL of filing a case: the year's counter, the case, its fingerprint; no checks. With
 * `dispatched` the case is written already dispatched to the fixture's unit.
 */
async function bareFile(
  trx: Transaction<Database>,
  f: Fixture,
  code: string,
  i: number,
  now: Date,
  dispatched: boolean,
) {
  const counter = await sql<{ last_seq: number }>`
    INSERT INTO case_counters (jurisdiction_id, year, last_seq) VALUES (${f.jurisdictionId}, 2026, 1)
    ON CONFLICT (jurisdiction_id, year) DO UPDATE SET last_seq = case_counters.last_seq + 1
    RETURNING last_seq`.execute(trx);
  const number = formatCaseNumber(code, 2026, counter.rows[0]?.last_seq ?? i + 1);
  const inserted = await sql<{ id: string }>`
    INSERT INTO cases (jurisdiction_id, number, channel, enterprise_id, title, content, kind, status, lead_unit_id,
                       complexity, created_by, created_at, updated_at)
    VALUES (${f.jurisdictionId}, ${number}, 'phone', ${f.enterpriseId}, ${TITLE}, ${CONTENT}, 'help',
            ${dispatched ? 'dispatched' : 'submitted'}, ${dispatched ? f.unitId : null},
            ${dispatched ? 'general' : null}, ${f.hub.userId}, ${now}, ${now})
    RETURNING id`.execute(trx);
  const caseId = inserted.rows[0]?.id ?? '';
  const print = fingerprint({ title: TITLE, body: CONTENT });
  await sql`
    INSERT INTO case_fingerprints (case_id, jurisdiction_id, tokens, signature, bands)
    VALUES (${caseId}, ${f.jurisdictionId}, ${print.tokens}, ${encodeSignature(print.signature)}, ${print.bands})`.execute(
    trx,
  );
  return caseId;
}

/**
 * Plain SQL of dispatching a filed case: its lead unit (unless it was filed dispatched), the
 * assignment and the unit's notice.
 */
async function bareDispatch(trx: Transaction<Database>, f: Fixture, caseId: string, now: Date, filed: boolean) {
  if (filed) {
    await sql`
      UPDATE cases SET status = 'dispatched', lead_unit_id = ${f.unitId}, complexity = 'general', updated_at = ${now}
      WHERE id = ${caseId}`.execute(trx);
  }
  await sql`
    INSERT INTO assignments (case_id, unit_id, role, round, status, assigned_at)
    VALUES (${caseId}, ${f.unitId}, 'lead', 1, 'dispatched', ${now})`.execute(trx);
  await sql`
    INSERT INTO outbox (jurisdiction_id, topic, recipient_kind, recipient, channel, payload, created_at)
    VALUES (${f.jurisdictionId}, 'case.dispatched', 'unit', ${f.unitId}, 'internal',
            ${JSON.stringify({ caseId })}, ${now})`.execute(trx);
}

/**
 * The same rows the command layer writes — the year's case counter, the case, its fingerprint,
 * the lead assignment, the two chained events, the chain head and the unit's notice — with plain
 * parameterised SQL, no checks and no reads but the chain head. `transactions: 2` commits the
 * filing and the dispatch apart, as two requests (two people's acts, hours apart) must; `1`
 * writes the already-dispatched case at once, which no request can do.
 */
async function viaInserts(
  handle: Db,
  f: Fixture,
  code: string,
  n: number,
  transactions: 1 | 2,
  progress: (i: number) => void,
): Promise<void> {
  await sql`INSERT INTO event_chains (jurisdiction_id, last_seq, last_hash) VALUES (${f.jurisdictionId}, 0, ${GENESIS_HASH})
            ON CONFLICT DO NOTHING`.execute(handle.db);
  for (let i = 0; i < n; i++) {
    const now = new Date();
    if (transactions === 1) {
      await handle.db.transaction().execute(async (trx) => {
        const caseId = await bareFile(trx, f, code, i, now, true);
        await bareDispatch(trx, f, caseId, now, false);
        await bareAppend(trx, f, caseId, ['created', 'dispatched'], now);
      });
    } else {
      const caseId = await handle.db.transaction().execute(async (trx) => {
        const id = await bareFile(trx, f, code, i, now, false);
        await bareAppend(trx, f, id, ['created'], now);
        return id;
      });
      await handle.db.transaction().execute(async (trx) => {
        await bareDispatch(trx, f, caseId, now, true);
        await bareAppend(trx, f, caseId, ['dispatched'], now);
      });
    }
    progress(i);
  }
}

interface EngineResult {
  engine: 'pglite' | 'postgres';
  cases: number;
  commandSeconds: number;
  insertSeconds: number;
  commandCasesPerSecond: number;
  insertCasesPerSecond: number;
  /** How many times slower the command layer is than the bare SQL of the same two requests. */
  ratio: number;
  /** Bare SQL writing each case's rows in one transaction (filed and dispatched at once). */
  oneTransactionSeconds: number;
  /** The command layer against that one-transaction baseline. */
  ratioOneTransaction: number;
}

function progressPrinter(label: string, n: number): (i: number) => void {
  const step = Math.max(1, Math.floor(n / 10));
  return (i) => {
    if ((i + 1) % step === 0 || i + 1 === n) process.stderr.write(`  ${label}: ${i + 1}/${n}\r`);
    if (i + 1 === n) process.stderr.write('\n');
  };
}

async function measure(engine: 'pglite' | 'postgres', open: () => Promise<Db>, n: number): Promise<EngineResult> {
  const handle = await open();
  try {
    await migrateToLatest(handle.db);
    const a = await fixture(handle, 'bcmd');
    const b = await fixture(handle, 'bins');
    // Warm-up so that both runs start with compiled statements and a loaded cache.
    await viaCommands(handle, await fixture(handle, 'bwarm'), Math.min(200, n), () => undefined);

    let t = performance.now();
    await viaInserts(handle, b, 'bins', n, 2, progressPrinter(`${engine} bare SQL, two transactions`, n));
    const insertSeconds = (performance.now() - t) / 1000;
    const once = await fixture(handle, 'bone');
    t = performance.now();
    await viaInserts(handle, once, 'bone', n, 1, progressPrinter(`${engine} bare SQL, one transaction`, n));
    const oneTransactionSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    await viaCommands(handle, a, n, progressPrinter(`${engine} command layer`, n));
    const commandSeconds = (performance.now() - t) / 1000;
    return {
      engine,
      cases: n,
      commandSeconds,
      insertSeconds,
      commandCasesPerSecond: n / commandSeconds,
      insertCasesPerSecond: n / insertSeconds,
      ratio: commandSeconds / insertSeconds,
      oneTransactionSeconds,
      ratioOneTransaction: commandSeconds / oneTransactionSeconds,
    };
  } finally {
    await handle.close();
  }
}

async function postgresAvailable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '10000' },
      clocks: { type: 'string', default: '1000000' },
      worklist: { type: 'string', default: '100000' },
      kpis: { type: 'string', default: '1000000' },
      only: { type: 'string' },
      out: { type: 'string', default: 'bench/results' },
    },
  });
  const n = Number(values.cases);
  if (!Number.isInteger(n) || n < 1) throw new Error('--cases must be a positive integer');
  const clocks = Number(values.clocks);
  if (!Number.isInteger(clocks) || clocks < 100) throw new Error('--clocks must be an integer of at least 100');
  const runCases = !values.only || values.only === 'cases';
  const runSweep = !values.only || values.only === 'sweep';
  const runWorklist = !values.only || values.only === 'worklist';
  const runKpis = !values.only || values.only === 'kpis';
  const kpiCases = Number(values.kpis);
  if (!Number.isInteger(kpiCases) || kpiCases < 1000) throw new Error('--kpis must be at least 1000');
  const kpis: KpiBenchResult[] = [];
  const worklistCases = Number(values.worklist);
  if (!Number.isInteger(worklistCases) || worklistCases < 1000) throw new Error('--worklist must be at least 1000');
  const worklists: WorklistBenchResult[] = [];
  const results: EngineResult[] = [];
  const sweeps: SweepBenchResult[] = [];

  const dir = mkdtempSync(join(tmpdir(), 'qisu-bench-'));
  try {
    process.stderr.write(`PGlite (on disk, ${dir})\n`);
    if (runCases) results.push(await measure('pglite', () => openDatabase({ dataDir: dir }), n));
    if (runSweep) {
      rmSync(dir, { recursive: true, force: true });
      const handle = await openDatabase({ dataDir: dir });
      try {
        sweeps.push(await benchSweep('pglite', handle, clocks, Math.round(clocks / 100)));
      } finally {
        await handle.close();
      }
    }
    if (runWorklist) {
      rmSync(dir, { recursive: true, force: true });
      const handle = await openDatabase({ dataDir: dir });
      try {
        worklists.push(await benchWorklist('pglite', handle, worklistCases));
      } finally {
        await handle.close();
      }
    }
    if (runKpis) {
      rmSync(dir, { recursive: true, force: true });
      const handle = await openDatabase({ dataDir: dir });
      try {
        kpis.push(await benchKpis('pglite', handle, kpiCases));
      } finally {
        await handle.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const adminUrl = benchDatabaseUrl();
  if (await postgresAvailable(adminUrl)) {
    const name = `qisu_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      process.stderr.write(`PostgreSQL (${url.host})\n`);
      if (runCases) results.push(await measure('postgres', () => openDatabase({ databaseUrl: url.toString() }), n));
      if (runSweep) {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${name}`);
        const handle = await openDatabase({ databaseUrl: url.toString() });
        try {
          sweeps.push(await benchSweep('postgres', handle, clocks, Math.round(clocks / 100)));
        } finally {
          await handle.close();
        }
      }
      if (runWorklist) {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${name}`);
        const handle = await openDatabase({ databaseUrl: url.toString() });
        try {
          worklists.push(await benchWorklist('postgres', handle, worklistCases));
        } finally {
          await handle.close();
        }
      }
      if (runKpis) {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${name}`);
        const handle = await openDatabase({ databaseUrl: url.toString() });
        try {
          kpis.push(await benchKpis('postgres', handle, kpiCases));
        } finally {
          await handle.close();
        }
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  } else {
    process.stderr.write('PostgreSQL not reachable; measured PGlite only.\n');
  }

  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const stamp = { measuredAt: new Date().toISOString(), node: process.version };
  const written: string[] = [];
  if (results.length > 0) {
    const file = join(out, 'create-cases.json');
    writeFileSync(file, `${JSON.stringify({ benchmark: 'create-cases', ...stamp, results }, null, 2)}\n`);
    written.push(file);
  }
  if (sweeps.length > 0) {
    const file = join(out, 'sweep.json');
    writeFileSync(file, `${JSON.stringify({ benchmark: 'sweep', ...stamp, results: sweeps }, null, 2)}\n`);
    written.push(file);
  }
  const firstScreen = runWorklist ? firstScreenJs() : null;
  if (worklists.length > 0 || firstScreen) {
    const file = join(out, 'worklist.json');
    writeFileSync(
      file,
      `${JSON.stringify({ benchmark: 'worklist', ...stamp, results: worklists, firstScreen }, null, 2)}\n`,
    );
    written.push(file);
  }
  if (kpis.length > 0) {
    const file = join(out, 'kpis.json');
    writeFileSync(file, `${JSON.stringify({ benchmark: 'kpis', ...stamp, results: kpis }, null, 2)}\n`);
    written.push(file);
  }
  const kpiRows = kpis.map(
    (r) =>
      `| ${r.engine.padEnd(8)} | ${String(r.cases).padStart(8)} | ${r.monthMs.toFixed(1).padStart(8)} | ${r.monthDirectMs
        .toFixed(0)
        .padStart(9)} | ${r.monthRatio.toFixed(0).padStart(6)} | ${r.yearMs.toFixed(1).padStart(7)} | ${r.yearDirectMs
        .toFixed(0)
        .padStart(9)} | ${r.yearRatio.toFixed(0).padStart(6)} | ${r.rankingMs.toFixed(1).padStart(8)} | ${r.buildSeconds
        .toFixed(1)
        .padStart(7)} | ${r.catchUpSeconds.toFixed(2).padStart(8)} | ${String(r.equal).padStart(5)} |`,
  );
  const worklistRows = worklists.map(
    (r) =>
      `| ${r.engine.padEnd(8)} | ${String(r.cases).padStart(7)} | ${r.apiMs.toFixed(1).padStart(8)} | ${r.bareSqlMs
        .toFixed(1)
        .padStart(8)} | ${r.ratio.toFixed(2).padStart(5)} |`,
  );
  const sweepRows = sweeps.map(
    (r) =>
      `| ${r.engine.padEnd(8)} | ${String(r.openClocks).padStart(9)} | ${String(r.dueClocks).padStart(6)} | ${r.sweepSeconds
        .toFixed(2)
        .padStart(
          8,
        )} | ${r.bareWriteSeconds.toFixed(2).padStart(9)} | ${r.ratio.toFixed(2).padStart(6)} | ${r.firedPerSecond
        .toFixed(0)
        .padStart(7)} |`,
  );
  const rows = results.map(
    (r) =>
      `| ${r.engine.padEnd(8)} | ${String(r.cases).padStart(6)} | ${r.commandCasesPerSecond.toFixed(0).padStart(13)} | ${r.insertCasesPerSecond
        .toFixed(0)
        .padStart(13)} | ${r.ratio.toFixed(2).padStart(5)} | ${(r.cases / r.oneTransactionSeconds)
        .toFixed(0)
        .padStart(10)} | ${r.ratioOneTransaction.toFixed(2).padStart(6)} |`,
  );
  const lines: string[] = [''];
  if (rows.length > 0) {
    lines.push(
      'Creating cases: command layer (create + dispatch, checks, locks, hash chain, case view) vs bare SQL writing the same rows',
      '(ratio: against the same two transactions; 1-tx: against one transaction per case)',
      '| engine   |  cases | commands c/s  | bare SQL c/s  | ratio | 1-tx c/s   | 1-tx r |',
      '|----------|--------|---------------|---------------|-------|------------|--------|',
      ...rows,
      '',
    );
  }
  if (sweepRows.length > 0) {
    lines.push(
      'Sweep of due clocks (breach + yellow card + follow-up + event + outbox each) vs bare SQL writing the same rows',
      '| engine   |    clocks |    due | sweep s  | bare SQL s|  ratio | fired/s |',
      '|----------|-----------|--------|----------|-----------|--------|---------|',
      ...sweepRows,
      '',
    );
  }
  if (worklistRows.length > 0) {
    lines.push(
      'Worklist: GET /api/v1/cases?status=dispatched&page=50 (auth, scope, validation, JSON) vs the bare SQL of the same page',
      '| engine   |   cases |  API ms  |  SQL ms  | ratio |',
      '|----------|---------|----------|----------|-------|',
      ...worklistRows,
      '',
    );
  }
  if (kpiRows.length > 0) {
    lines.push(
      'KPIs by unit from the rollups (GET /api/v1/reports/kpis, catch-up included) vs the direct aggregate over the cases',
      '(ratio: direct / rollups; build: facts and rollups of every case from nothing; catch-up: after 200 commands)',
      '| engine   |    cases | month ms | direct ms |  ratio | year ms | direct ms |  ratio | rank ms  | build s | catch s  | equal |',
      '|----------|----------|----------|-----------|--------|---------|-----------|--------|----------|---------|----------|-------|',
      ...kpiRows,
      '',
    );
  }
  if (firstScreen) {
    lines.push(
      `First screen (login) JavaScript: ${firstScreen.gzipKb.toFixed(1)} KB gzip (${firstScreen.rawKb.toFixed(0)} KB raw, ${firstScreen.files.length} files)`,
      '',
    );
  }
  lines.push(...written.map((f) => `written to ${f}`), '');
  process.stdout.write(lines.join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
