import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { verifyCaseChain, verifyChains } from './audit.service.js';
import { TEST_PII } from '../testing/pii.js';

describe.each(ENGINES)('audit chain on $name', (engine) => {
  let handle: Db;
  let w: World;
  let closedCase: string;
  let reviewCase: string;
  beforeAll(async () => {
    handle = await engine.open();
    const deps = { db: handle.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
    w = await seedWorld(handle.db);
    closedCase = await driveTo(deps, w, 'closed');
    reviewCase = await driveTo(deps, w, 'review');
  });
  afterAll(() => handle.close());

  /** Changes a row behind the application's back, as someone with superuser access could. */
  async function tamper(statement: ReturnType<typeof sql>) {
    await sql`ALTER TABLE events DISABLE TRIGGER events_append_only`.execute(handle.db);
    try {
      await statement.execute(handle.db);
    } finally {
      await sql`ALTER TABLE events ENABLE TRIGGER events_append_only`.execute(handle.db);
    }
  }

  it('finds every chain intact after a run of commands', async () => {
    const reports = await verifyChains(handle.db);
    const ta = reports.find((r) => r.jurisdiction === 'ta');
    expect(ta?.intact).toBe(true);
    expect(ta?.events).toBeGreaterThan(15);
    expect(reports.every((r) => r.intact)).toBe(true);
    const one = await verifyCaseChain(handle.db, w.jurisdictionA, closedCase);
    expect(one.intact).toBe(true);
    expect(one.events).toBeGreaterThan(4);
  });

  it('names the first event whose payload was changed behind the application', async () => {
    const target = await handle.db
      .selectFrom('events')
      .select(['id', 'seq'])
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .where('type', '=', 'rated')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirstOrThrow();
    await tamper(sql`UPDATE events SET payload = jsonb_set(payload, '{score}', '4') WHERE id = ${target.id}`);
    const ta = (await verifyChains(handle.db)).find((r) => r.jurisdiction === 'ta');
    expect(ta?.intact).toBe(false);
    expect(ta?.firstBreak).toMatchObject({ seq: target.seq, eventId: target.id, reason: 'hash-mismatch' });
    const tb = (await verifyChains(handle.db)).find((r) => r.jurisdiction === 'tb');
    expect(tb?.intact ?? true).toBe(true);
    // The case page's check names the same event for the case it belongs to, and only for it.
    expect(await verifyCaseChain(handle.db, w.jurisdictionA, closedCase)).toMatchObject({
      intact: false,
      firstBreak: { seq: target.seq, reason: 'hash-mismatch', type: 'rated' },
    });
    expect((await verifyCaseChain(handle.db, w.jurisdictionA, reviewCase)).intact).toBe(true);
  });

  it('notices a deleted event even when the hashes of the rest are untouched', async () => {
    const fresh = await engine.open();
    try {
      const deps = { db: fresh.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
      const fw = await seedWorld(fresh.db);
      await driveTo(deps, fw, 'signed');
      const last = await fresh.db
        .selectFrom('events')
        .select(['id', 'seq'])
        .where('jurisdiction_id', '=', fw.jurisdictionA)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      await sql`ALTER TABLE events DISABLE TRIGGER events_append_only`.execute(fresh.db);
      await sql`DELETE FROM events WHERE id = ${last.id}`.execute(fresh.db);
      const ta = (await verifyChains(fresh.db)).find((r) => r.jurisdiction === 'ta');
      expect(ta?.intact).toBe(false);
      expect(ta?.firstBreak?.seq).toBe(last.seq);
    } finally {
      await fresh.close();
    }
  });
});
