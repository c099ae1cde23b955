import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import type { JobContext } from '../jobs/job.js';
import { anchorJob } from '../jobs/jobs.service.js';
import { channelProviders } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { anchorFileOf, currentChainHeads, parseAnchorFile } from './anchors.service.js';
import type { ChainAnchor, ChainReport } from './audit.service.js';
import { verifyChains } from './audit.service.js';
import { eventHash } from './hash-chain.js';
import { TEST_PII } from '../testing/pii.js';

/** Runs the anchoring job's handler as the queue would, without the queue. */
function runAnchorJob(deps: Deps) {
  const ctx: JobContext = { deps, jobId: 'test', attempt: 1, step: (_name, work) => work() };
  return anchorJob.handler(ctx, {});
}

describe.each(ENGINES)('chain anchors on $name', (engine) => {
  let handle: Db;
  let deps: Deps;
  let w: World;
  let caseId: string;

  const head = () =>
    handle.db
      .selectFrom('event_chains')
      .select(['last_seq', 'last_hash'])
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .executeTakeFirstOrThrow();
  const ta = async (anchors?: ChainAnchor[]): Promise<ChainReport> => {
    const report = (await verifyChains(handle.db, anchors ? { anchors } : {})).find((r) => r.jurisdiction === 'ta');
    if (!report) throw new Error('no report for ta');
    return report;
  };
  /** Deletes the chain's last event and moves `event_chains` back to the one before, as a superuser could. */
  const truncateTail = async () => {
    const [last, before] = await handle.db
      .selectFrom('events')
      .select(['id', 'seq', 'hash'])
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    await sql`ALTER TABLE events DISABLE TRIGGER events_append_only`.execute(handle.db);
    await sql`DELETE FROM events WHERE id = ${last?.id}`.execute(handle.db);
    await sql`ALTER TABLE events ENABLE TRIGGER events_append_only`.execute(handle.db);
    await sql`UPDATE event_chains SET last_seq = ${before?.seq}, last_hash = ${before?.hash}
              WHERE jurisdiction_id = ${w.jurisdictionA}`.execute(handle.db);
    return last?.seq ?? 0;
  };

  beforeAll(async () => {
    handle = await engine.open();
    deps = { db: handle.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
    w = await seedWorld(handle.db);
    caseId = await driveTo(deps, w, 'signed');
  });
  afterAll(() => handle.close());

  it('records each chain head once and writes it to the outbox for the upper platform', async () => {
    const h = await head();
    expect(await runAnchorJob(deps)).toEqual({ status: 'done', detail: { anchored: 1, unanchorable: 0 } });
    const anchors = await handle.db.selectFrom('chain_anchors').selectAll().execute();
    expect(anchors.map((a) => [a.jurisdiction_id, a.seq, a.hash])).toEqual([
      [w.jurisdictionA, h.last_seq, h.last_hash],
    ]);
    const outbox = await handle.db.selectFrom('outbox').selectAll().where('topic', '=', 'audit.anchor').execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ jurisdiction_id: w.jurisdictionA, channel: 'upper' });
    expect(outbox[0]?.payload).toMatchObject({ jurisdiction: 'ta', seq: h.last_seq, hash: h.last_hash });

    // Run again before anything moved: nothing new, however often the queue retries.
    expect(await runAnchorJob(deps)).toEqual({ status: 'idle', detail: { anchored: 0, unanchorable: 0 } });
    await runCaseCommand(deps, w.actors.hub, caseId, 'supervise', { by: 'platform', instruction: '请加快' });
    expect((await runAnchorJob(deps)).detail).toEqual({ anchored: 1, unanchorable: 0 });
    expect(await handle.db.selectFrom('chain_anchors').select('seq').orderBy('seq').execute()).toEqual([
      { seq: h.last_seq },
      { seq: h.last_seq + 1 },
    ]);
  });

  it('delivers an anchor row to no one, without failing the dispatcher', async () => {
    const providers = channelProviders({ sms: 'off', wechat: 'off', logPath: '/dev/null' });
    const result = await dispatchOutbox(deps, providers);
    expect(result.retried).toBe(0);
    const rows = await handle.db
      .selectFrom('outbox')
      .select(['dispatched_at', 'last_error'])
      .where('topic', '=', 'audit.anchor')
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.dispatched_at !== null && r.last_error === null)).toBe(true);
    const told = await handle.db.selectFrom('notifications').select('id').where('type', '=', 'audit.anchor').execute();
    expect(told).toEqual([]);
  });

  it('keeps recorded anchors append-only', async () => {
    await expect(sql`DELETE FROM chain_anchors`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE chain_anchors SET seq = seq + 100`.execute(handle.db)).rejects.toThrow(/append-only/);
  });

  it('writes and reads back an anchor file, and names what is wrong with a bad one', async () => {
    const { heads } = await currentChainHeads(handle.db);
    const text = JSON.stringify(anchorFileOf(heads, new Date('2026-11-03T00:00:00Z')));
    const parsed = parseAnchorFile(text);
    expect(parsed).toEqual({
      ok: true,
      anchors: [{ jurisdiction: 'ta', seq: heads[0]?.seq, hash: heads[0]?.hash, at: heads[0]?.at }],
    });
    expect((await ta(parsed.ok ? parsed.anchors : [])).intact).toBe(true);

    const bad = JSON.parse(text);
    bad.chains[0].hash = 'not a hash';
    const refused = parseAnchorFile(JSON.stringify(bad));
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.problems).toEqual([expect.stringContaining('chains.0.hash')]);
    expect(parseAnchorFile('{').ok).toBe(false);
    expect(parseAnchorFile('{"kind":"something else"}').ok).toBe(false);
  });

  it('fails when the tail below an anchor of the file is cut off, even with the chain head rewound', async () => {
    await runCaseCommand(deps, w.actors.hub, caseId, 'supervise', { by: 'platform', instruction: '再次督办' });
    const { heads } = await currentChainHeads(handle.db);
    const cut = await truncateTail();
    // The supervision changed no state and the daily anchor lies below it: only the file can tell.
    expect((await ta()).intact).toBe(true);
    const report = await ta(heads);
    expect(report.intact).toBe(false);
    expect(report.firstBreak).toBeUndefined();
    expect(report.anchorBreak).toEqual({ seq: cut, hash: heads[0]?.hash, source: 'file', reason: 'missing' });

    // A jurisdiction of the file that is gone from the database reaches none of its anchors.
    const gone = { jurisdiction: 'zz', seq: 3, hash: 'a'.repeat(64), at: '2026-11-02T01:00:00.000Z' };
    const reports = await verifyChains(handle.db, { anchors: [gone] });
    expect(reports.find((r) => r.jurisdiction === 'zz')).toMatchObject({
      intact: false,
      anchorBreak: { seq: 3, source: 'file', reason: 'missing' },
    });
  });

  it('fails when the tail below a recorded anchor is cut off', async () => {
    await runCaseCommand(deps, w.actors.unit1, caseId, 'contact', { note: '已电话联系' });
    const anchored = (await head()).last_seq;
    expect((await runAnchorJob(deps)).detail).toEqual({ anchored: 1, unanchorable: 0 });
    expect((await ta()).intact).toBe(true);
    const cut = await truncateTail();
    expect(cut).toBe(anchored);
    const report = await ta();
    expect(report.intact).toBe(false);
    expect(report.anchorBreak).toMatchObject({ seq: anchored, source: 'stored', reason: 'missing' });
    // A head that names no event is not anchored again.
    await sql`UPDATE event_chains SET last_seq = ${anchored} WHERE jurisdiction_id = ${w.jurisdictionA}`.execute(
      handle.db,
    );
    expect((await runAnchorJob(deps)).detail).toEqual({ anchored: 0, unanchorable: 1 });
  });

  it('names an anchor whose event was rewritten with every later hash recomputed', async () => {
    const fresh = await engine.open();
    try {
      const d: Deps = { db: fresh.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
      const fw = await seedWorld(fresh.db);
      await driveTo(d, fw, 'signed');
      expect((await runAnchorJob(d)).detail).toEqual({ anchored: 1, unanchorable: 0 });
      // Rewrite the first event and rehash the whole chain after it, so that every link holds.
      const rows = await fresh.db
        .selectFrom('events')
        .selectAll()
        .where('jurisdiction_id', '=', fw.jurisdictionA)
        .orderBy('seq')
        .execute();
      await sql`ALTER TABLE events DISABLE TRIGGER events_append_only`.execute(fresh.db);
      let prevHash = rows[0]?.prev_hash ?? '';
      for (const [i, row] of rows.entries()) {
        const payload = i === 0 ? { ...row.payload, title: '改写后的标题' } : row.payload;
        const hash = eventHash({
          jurisdictionId: row.jurisdiction_id,
          seq: row.seq,
          caseId: row.case_id,
          type: row.type,
          actorId: row.actor_id,
          unitId: row.unit_id,
          at: row.at.toISOString(),
          payload,
          prevHash,
        });
        await sql`UPDATE events SET payload = ${JSON.stringify(payload)}::jsonb, prev_hash = ${prevHash}, hash = ${hash}
                  WHERE id = ${row.id}`.execute(fresh.db);
        prevHash = hash;
      }
      await sql`UPDATE event_chains SET last_hash = ${prevHash} WHERE jurisdiction_id = ${fw.jurisdictionA}`.execute(
        fresh.db,
      );
      const report = (await verifyChains(fresh.db)).find((r) => r.jurisdiction === 'ta');
      expect(report?.firstBreak).toBeUndefined();
      expect(report?.firstMismatch).toBeUndefined();
      expect(report?.anchorBreak).toMatchObject({ seq: rows.at(-1)?.seq, source: 'stored', reason: 'hash-mismatch' });
    } finally {
      await fresh.close();
    }
  });
});
