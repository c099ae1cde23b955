import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { openDatabase } from '../db/database.js';
import { channelProviders } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES, POSTGRES_ENGINE } from '../testing/engines.js';
import { seedWorld } from '../testing/world.js';
import { defineJob } from './job.js';
import type { JobQueue } from './queue.js';
import { startJobQueue } from './queue.js';
import { TEST_PII } from '../testing/pii.js';

const until = async (done: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** Three server processes: on PostgreSQL three pools of their own; PGlite has one connection only. */
async function threeProcesses(handle: Db & { url?: string }): Promise<{ handles: Db[]; close(): Promise<void> }> {
  if (!handle.url) return { handles: [handle, handle, handle], close: () => Promise.resolve() };
  const url = handle.url;
  const others = await Promise.all([1, 2].map(() => openDatabase({ databaseUrl: url, poolSize: 4 })));
  return { handles: [handle, ...others], close: async () => void (await Promise.all(others.map((o) => o.close()))) };
}

describe.each(ENGINES)('the job queue on $name', (engine) => {
  let handle: Db & { url?: string };
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(() => handle.close());

  it('runs a job claimed by three processes once', async () => {
    const runs: { id: string; process: number }[] = [];
    const job = (process: number) =>
      defineJob({
        name: 'test.once',
        payload: z.object({ n: z.number() }),
        retry: { attempts: 1, delaySeconds: 1, backoff: false },
        expireSeconds: 60,
        handler: async (ctx) => {
          runs.push({ id: ctx.jobId, process });
          await new Promise((r) => setTimeout(r, 200));
          return { status: 'done' };
        },
      });
    const { handles, close } = await threeProcesses(handle);
    const queues: JobQueue[] = [];
    try {
      for (const [i, h] of handles.entries()) {
        queues.push(
          await startJobQueue(
            { db: h.db, clock: new ManualClock(), pii: TEST_PII },
            { jobs: [job(i)], pollSeconds: 0.5 },
          ),
        );
      }
      const ids = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => queues[n % 3]!.send(job(0), { n })));
      await until(() => runs.length >= 6);
      // Long enough for any second claim of the same job to have started.
      await new Promise((r) => setTimeout(r, 1500));
      expect(runs.map((r) => r.id).sort()).toEqual([...ids].sort());
    } finally {
      for (const q of queues) await q.stop();
      await close();
    }
  }, 60_000);

  it('retries a failing handler with back-off and does not repeat its completed steps', async () => {
    const starts: number[] = [];
    const effects = { prepared: 0, finished: 0 };
    const job = defineJob({
      name: 'test.flaky',
      payload: z.object({}),
      retry: { attempts: 3, delaySeconds: 1, backoff: true },
      expireSeconds: 60,
      handler: async (ctx) => {
        starts.push(Date.now());
        const prepared = await ctx.step('prepare', () => {
          effects.prepared++;
          return Promise.resolve({ token: 'p1' });
        });
        expect(prepared).toEqual({ token: 'p1' });
        if (ctx.attempt <= 2) throw new Error(`attempt ${ctx.attempt} fails`);
        await ctx.step('finish', () => {
          effects.finished++;
          return Promise.resolve(null);
        });
        return { status: 'done' };
      },
    });
    const errors: unknown[] = [];
    const queue = await startJobQueue(
      { db: handle.db, clock: new ManualClock(), pii: TEST_PII },
      { jobs: [job], pollSeconds: 0.5, onError: (e) => errors.push(e) },
    );
    try {
      await queue.send(job, {});
      await until(() => effects.finished === 1, 30_000);
      expect(starts.length).toBe(3);
      expect(errors.length).toBe(2);
      expect(effects).toEqual({ prepared: 1, finished: 1 });
      // Back-off: the first retry waits at least the delay (1 s), the second at least twice that.
      const [a, b, c] = starts as [number, number, number];
      expect(b - a).toBeGreaterThanOrEqual(1000);
      expect(c - b).toBeGreaterThanOrEqual(2000);
    } finally {
      await queue.stop();
    }
  }, 60_000);
});

describe.runIf(POSTGRES_ENGINE)('the outbox across three processes on PostgreSQL', () => {
  let handle: Db & { url?: string };
  let dir: string;
  beforeAll(async () => {
    handle = await POSTGRES_ENGINE!.open();
    dir = mkdtempSync(join(tmpdir(), 'qisu-outbox-'));
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers each row once', async () => {
    const clock = new ManualClock('2026-11-02T01:00:00Z');
    const deps: Deps = { db: handle.db, clock, pii: TEST_PII };
    const w = await seedWorld(handle.db);
    const cases = 12;
    for (let i = 0; i < cases; i++) await driveTo(deps, w, 'dispatched', `厂区道路破损 ${i}`);
    const logPath = join(dir, 'outbox.log');
    const providers = channelProviders({ sms: 'dev', wechat: 'dev', logPath });
    const { handles, close } = await threeProcesses(handle);
    try {
      const results = await Promise.all(
        handles.map((h) => dispatchOutbox({ db: h.db, clock, pii: TEST_PII }, providers, { batch: 1000 })),
      );
      expect(results.reduce((s, r) => s + r.delivered, 0)).toBe(cases);
    } finally {
      await close();
    }
    // Each dispatch tells three users (two of the lead unit, one of the co-unit), one SMS each.
    const lines = readFileSync(logPath, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBe(cases * 3);
    const keys = lines.map((l) => {
      const m = JSON.parse(l) as { outboxId: number; userId: string };
      return `${m.outboxId}:${m.userId}`;
    });
    expect(new Set(keys).size).toBe(keys.length);
    const rows = await handle.db.selectFrom('outbox').select(['attempts', 'dispatched_at']).execute();
    expect(rows.every((r) => r.attempts === 1 && r.dispatched_at !== null)).toBe(true);
    const notes = await handle.db.selectFrom('notifications').select('id').execute();
    expect(notes.length).toBe(cases * 3);
  }, 120_000);
});
