import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { openDatabase } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { runCaseCommand } from './commands/run-command.js';
import { createCase } from './cases.service.js';
import { TEST_PII } from '../testing/pii.js';

/**
 * On PostgreSQL the commands race through separate connections; on PGlite they queue on its
 * single connection. Either way exactly one of two dispatches wins and numbers never repeat.
 */
describe.each(ENGINES)('concurrent commands on $name', (engine) => {
  let handle: Db & { url?: string };
  let second: Db | undefined;
  let deps: Deps;
  let other: Deps;
  let w: World;

  beforeAll(async () => {
    handle = await engine.open({ poolSize: 10 });
    w = await seedWorld(handle.db);
    const clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    // A second pool stands for a second server process.
    second = handle.url ? await openDatabase({ databaseUrl: handle.url, poolSize: 10 }) : undefined;
    other = { db: second?.db ?? handle.db, clock, pii: TEST_PII };
  });
  afterAll(async () => {
    await second?.close();
    await handle.close();
  });

  it('lets exactly one of two concurrent dispatches win', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await createCase(deps, w.actors.entA, { title: `并发交办 ${round}`, content: '测试' });
      const results = await Promise.allSettled([
        runCaseCommand(deps, w.actors.hub, id, 'dispatch', { leadUnitId: w.units.dept1 }),
        runCaseCommand(other, w.actors.leader, id, 'dispatch', { leadUnitId: w.units.dept2 }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({
        status: 409,
        extra: { currentStatus: 'dispatched' },
      });
      const assignments = await handle.db
        .selectFrom('assignments')
        .select('unit_id')
        .where('case_id', '=', id)
        .execute();
      expect(assignments).toHaveLength(1);
      const events = await handle.db.selectFrom('events').select('type').where('case_id', '=', id).execute();
      expect(events.map((e) => e.type).sort()).toEqual(['created', 'dispatched']);
    }
  });

  it('never gives two concurrent creations the same number', async () => {
    const created = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        createCase(i % 2 === 0 ? deps : other, i % 3 === 0 ? w.actors.hub : w.actors.entA, {
          title: `并发受理 ${i}`,
          content: '测试',
          ...(i % 3 === 0 ? { enterpriseId: w.enterprises.b } : {}),
        }),
      ),
    );
    const numbers = created.map((c) => c.number);
    expect(new Set(numbers).size).toBe(40);
    const seqs = numbers.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b);
    // Numbers are dense: no gap and no repeat from the first to the last.
    expect(seqs[seqs.length - 1]! - seqs[0]!).toBe(39);
  });

  it('keeps the jurisdiction chain gap-free under concurrent commands', async () => {
    const rows = await handle.db
      .selectFrom('events')
      .select('seq')
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  });
});
