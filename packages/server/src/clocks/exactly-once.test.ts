import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { ENGINES, POSTGRES_ENGINE } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { sweepDue } from './sweep.service.js';
import { TEST_PII, TEST_PII_KEYS } from '../testing/pii.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../cli/bin/qisu.js', import.meta.url));
const DUE = new Date('2026-11-10T09:30:00.000Z'); // Tue 17:30 Shanghai
const WARN = new Date('2026-11-10T05:30:00.000Z'); // 4 working hours before

/** `n` dispatched cases of enterprise A with one carded resolve clock each, all due at the same instant. */
async function dueClocks(handle: Db, w: World, n: number): Promise<void> {
  const preset = presetProfiles().get('yc');
  if (!preset) throw new Error('preset yc missing');
  await handle.db
    .transaction()
    .execute((trx) => storeProfile(trx, w.jurisdictionA, { ...preset, code: 'ta' }, { userId: null, at: WARN }));
  await sql`
    INSERT INTO cases (jurisdiction_id, number, channel, enterprise_id, title, content, kind, status, lead_unit_id,
                       complexity, created_at, updated_at)
    SELECT ${w.jurisdictionA}, 'TA-2026-' || lpad(g::text, 6, '0'), 'web', ${w.enterprises.a}, '并发计时', '测试', 'help',
           'signed', ${w.units.dept1}, 'general', ${WARN}, ${WARN}
    FROM generate_series(1, ${n}) AS g`.execute(handle.db);
  await sql`
    INSERT INTO clocks (jurisdiction_id, case_id, round, milestone, unit_id, profile_version, duration, card,
                        started_at, due_at, warn_at, state, next_fire_at)
    SELECT jurisdiction_id, id, 1, 'resolve', lead_unit_id, 1, '5wd', 'yellow',
           ${new Date(+WARN - 5 * 86_400_000)}, ${DUE}, ${WARN}, 'running', ${WARN}
    FROM cases WHERE jurisdiction_id = ${w.jurisdictionA}`.execute(handle.db);
}

async function counts(handle: Db) {
  const n = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await query.execute(handle.db)).rows[0]?.n ?? 0);
  return {
    warnedEvents: await n(sql<{ n: number }>`SELECT count(*) AS n FROM events WHERE type = 'clock_warned'`),
    breachedEvents: await n(sql<{ n: number }>`SELECT count(*) AS n FROM events WHERE type = 'clock_breached'`),
    warnedClocks: await n(
      sql<{ n: number }>`SELECT count(*) AS n FROM clocks WHERE warned_at IS NOT NULL AND milestone = 'resolve'`,
    ),
    yellowCards: await n(sql<{ n: number }>`SELECT count(*) AS n FROM cards WHERE colour = 'yellow'`),
    followUps: await n(sql<{ n: number }>`SELECT count(*) AS n FROM clocks WHERE milestone = 'supervision'`),
    outbox: await n(sql<{ n: number }>`SELECT count(*) AS n FROM outbox`),
    chainGaps: await n(
      sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT seq - lag(seq) OVER (ORDER BY seq) AS d FROM events
                         WHERE jurisdiction_id = (SELECT id FROM jurisdictions WHERE code = 'ta')) x WHERE d <> 1`,
    ),
  };
}

describe.runIf(POSTGRES_ENGINE)('timers fire once across three server processes on PostgreSQL', () => {
  let handle: Db & { url?: string };
  beforeAll(async () => {
    handle = await POSTGRES_ENGINE!.open();
    const w = await seedWorld(handle.db);
    await dueClocks(handle, w, 1000);
  }, 120_000);
  afterAll(() => handle.close());

  const sweepIn3Processes = async (now: Date) => {
    if (!existsSync(fileURLToPath(new URL('../../../cli/dist/index.js', import.meta.url)))) {
      throw new Error('packages/cli is not built; npm test builds it first');
    }
    const env = { ...process.env, DATABASE_URL: handle.url, QISU_PII_KEYS: TEST_PII_KEYS, QISU_LOG_LEVEL: 'silent' };
    const results = await Promise.all(
      [1, 2, 3].map(() => run(process.execPath, [CLI, 'sweep', '--now', now.toISOString()], { env, timeout: 240_000 })),
    );
    return results.map(
      (r) => JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { warned: number; breached: number },
    );
  };

  it('writes each of 1,000 warnings once, then each breach and yellow card once', async () => {
    const first = await sweepIn3Processes(new Date(+WARN + 60_000));
    expect(first.reduce((sum, r) => sum + r.warned, 0)).toBe(1000);
    // The work was shared: no single process did it all unless the others found nothing left.
    let c = await counts(handle);
    expect(c).toMatchObject({
      warnedEvents: 1000,
      warnedClocks: 1000,
      breachedEvents: 0,
      yellowCards: 0,
      chainGaps: 0,
    });

    const second = await sweepIn3Processes(new Date(+DUE + 60_000));
    expect(second.reduce((sum, r) => sum + r.breached, 0)).toBe(1000);
    c = await counts(handle);
    expect(c).toMatchObject({
      warnedEvents: 1000,
      breachedEvents: 1000,
      yellowCards: 1000,
      followUps: 1000,
      chainGaps: 0,
    });
    expect(c.outbox).toBe(2000);

    const again = await sweepIn3Processes(new Date(+DUE + 120_000));
    expect(again.every((r) => r.warned === 0 && r.breached === 0)).toBe(true);
    expect(await counts(handle)).toEqual(c);
  }, 300_000);
});

describe.each(ENGINES)('concurrent sweeps in one process on $name', (engine) => {
  let handle: Db;
  beforeAll(async () => {
    handle = await engine.open();
    const w = await seedWorld(handle.db);
    await dueClocks(handle, w, 200);
  }, 120_000);
  afterAll(() => handle.close());

  it('fires each warning and breach once when three sweeps race', async () => {
    const sweepAt = (at: Date) => sweepDue({ db: handle.db, clock: new ManualClock(at), pii: TEST_PII }, { batch: 25 });
    const warned = await Promise.all([1, 2, 3].map(() => sweepAt(new Date(+WARN + 1000))));
    expect(warned.reduce((s, r) => s + r.warned, 0)).toBe(200);
    const breached = await Promise.all([1, 2, 3].map(() => sweepAt(new Date(+DUE + 1000))));
    expect(breached.reduce((s, r) => s + r.breached, 0)).toBe(200);
    expect(await counts(handle)).toMatchObject({
      warnedEvents: 200,
      breachedEvents: 200,
      yellowCards: 200,
      chainGaps: 0,
    });
  }, 120_000);
});
