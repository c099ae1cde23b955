import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { listNotifications } from '../notifications/notifications.service.js';
import { channelProviders } from '../outbox/channels.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import { seedWorld } from '../testing/world.js';
import { startBackgroundJobs } from './jobs.service.js';
import { JOB_SCHEMA } from './queue.js';
import { TEST_PII } from '../testing/pii.js';

describe.each(ENGINES)('background jobs of a server process on $name', (engine) => {
  let handle: Db;
  let dir: string;
  beforeAll(async () => {
    handle = await engine.open();
    dir = mkdtempSync(join(tmpdir(), 'qisu-bg-'));
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts nothing when QISU_SWEEP_SECONDS is 0', async () => {
    const deps: Deps = { db: handle.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
    const providers = channelProviders({ sms: 'off', wechat: 'off', logPath: join(dir, 'outbox.log') });
    const jobs = await startBackgroundJobs(deps, {
      sweepSeconds: 0,
      providers,
      attachmentFetch: { storageDir: dir, maxBytes: 1_048_576, allowPrivate: false },
      onError: () => undefined,
    });
    await jobs.stop();
    const schema = await sql<{ n: number }>`
      SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = ${JOB_SCHEMA}`.execute(handle.db);
    expect(Number(schema.rows[0]?.n)).toBe(0);
  });

  it('delivers a dispatch to the unit’s bell within seconds, with the sweep and hotspots running beside it', async () => {
    const deps: Deps = { db: handle.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
    const w = await seedWorld(handle.db);
    const errors: unknown[] = [];
    const providers = channelProviders({ sms: 'dev', wechat: 'dev', logPath: join(dir, 'outbox.log') });
    const jobs = await startBackgroundJobs(deps, {
      sweepSeconds: 1,
      providers,
      attachmentFetch: { storageDir: dir, maxBytes: 1_048_576, allowPrivate: false },
      onError: (e) => errors.push(e),
    });
    try {
      const caseId = await driveTo(deps, w, 'dispatched');
      const end = Date.now() + 20_000;
      let items = (await listNotifications(deps, w.actors.unit1, 'zh')).items;
      while (!items.some((n) => n.caseId === caseId) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 250));
        items = (await listNotifications(deps, w.actors.unit1, 'zh')).items;
      }
      expect(items.filter((n) => n.caseId === caseId).map((n) => n.type)).toEqual(['case.dispatched']);
      expect(errors).toEqual([]);
    } finally {
      await jobs.stop();
    }
  }, 60_000);
});
