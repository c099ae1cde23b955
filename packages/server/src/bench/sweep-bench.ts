import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { sweepDue } from '../clocks/sweep.service.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { migrateToLatest } from '../db/database.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { benchFixture } from './fixture.js';

export interface SweepBenchResult {
  engine: 'pglite' | 'postgres';
  openClocks: number;
  dueClocks: number;
  sweepSeconds: number;
  bareSelectSeconds: number;
  /** How many times longer the sweep takes than selecting the same due rows. */
  ratio: number;
  firedPerSecond: number;
}

const NOW = new Date('2026-11-10T09:35:00.000Z');

/**
 * One sweep over `open` open clocks of which `due` are due, against a bare indexed SELECT of the
 * same due rows, in the same database. Each due clock is a carded 峄城 resolve clock, so the
 * sweep does its full work: breach, yellow card, supervision follow-up, event and outbox rows.
 */
export async function benchSweep(
  engine: 'pglite' | 'postgres',
  handle: Db,
  open: number,
  due: number,
): Promise<SweepBenchResult> {
  const db = handle.db;
  await migrateToLatest(db);
  const f = await benchFixture(db, 'bsw');
  const j = { id: f.jurisdictionId };
  const preset = presetProfiles().get('yc');
  if (!preset) throw new Error('preset yc missing');
  await db
    .transaction()
    .execute((trx) => storeProfile(trx, j.id, { ...preset, code: 'bsw' }, { userId: null, at: NOW }));
  const unit = { id: f.unitId };
  const cases = Math.max(due, 1000);
  await sql`
    INSERT INTO cases (jurisdiction_id, number, channel, title, content, kind, status, lead_unit_id, complexity, created_at, updated_at)
    SELECT ${j.id}, 'BSW-2026-' || lpad(g::text, 7, '0'), 'web', '基准', '基准', 'help', 'signed', ${unit.id}, 'general', ${NOW}, ${NOW}
    FROM generate_series(1, ${cases}::int) AS g`.execute(db);
  process.stderr.write(`  ${engine}: inserting ${open} clocks …\n`);
  const chunk = 100_000;
  for (let start = 0; start < open; start += chunk) {
    const size = Math.min(chunk, open - start);
    // The first `due` clocks fall due a minute before now; the rest in the coming weeks.
    await sql`
      INSERT INTO clocks (jurisdiction_id, case_id, round, milestone, unit_id, profile_version, duration, card,
                          started_at, due_at, state, next_fire_at)
      SELECT ${j.id}, c.id, 1, 'resolve', ${unit.id}, 1, '5wd', 'yellow', ${NOW},
             CASE WHEN g <= ${due}::int THEN ${new Date(+NOW - 60_000)}::timestamptz
                  ELSE ${NOW}::timestamptz + (g || ' minutes')::interval END,
             'running',
             CASE WHEN g <= ${due}::int THEN ${new Date(+NOW - 60_000)}::timestamptz
                  ELSE ${NOW}::timestamptz + (g || ' minutes')::interval END
      FROM generate_series(${start + 1}::int, ${start + size}::int) AS g
      JOIN (SELECT id, row_number() OVER (ORDER BY number) AS n FROM cases WHERE jurisdiction_id = ${j.id}) c
        ON c.n = 1 + (g - 1) % ${cases}::int`.execute(db);
    process.stderr.write(`  ${engine}: ${start + size}/${open} clocks\r`);
  }
  process.stderr.write('\n');
  await sql`ANALYZE clocks`.execute(db);

  let t = performance.now();
  const bare = await sql<{ id: string }>`
    SELECT id FROM clocks WHERE next_fire_at <= ${NOW} ORDER BY next_fire_at`.execute(db);
  const bareSelectSeconds = (performance.now() - t) / 1000;
  if (bare.rows.length !== due) throw new Error(`expected ${due} due rows, found ${bare.rows.length}`);

  process.stderr.write(`  ${engine}: sweeping ${due} due clocks …\n`);
  t = performance.now();
  const result = await sweepDue({ db, clock: new ManualClock(NOW) }, { batch: 500 });
  const sweepSeconds = (performance.now() - t) / 1000;
  if (result.breached !== due) throw new Error(`sweep fired ${result.breached} of ${due}`);
  return {
    engine,
    openClocks: open,
    dueClocks: due,
    sweepSeconds,
    bareSelectSeconds,
    ratio: sweepSeconds / bareSelectSeconds,
    firedPerSecond: due / sweepSeconds,
  };
}
