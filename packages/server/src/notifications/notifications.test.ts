import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import type { ChannelProvider } from '../outbox/channels.js';
import { channelProviders, inAppProvider } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { writeOutbox } from '../outbox/outbox.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { listNotifications } from './notifications.service.js';
import { TEST_PII } from '../testing/pii.js';

interface LogLine {
  channel: string;
  to: string | null;
  userId: string;
  topic: string;
  caseId: string | null;
  outboxId: number;
}

describe.each(ENGINES)('notifications from the outbox on $name', (engine) => {
  let handle: Db;
  let deps: Deps;
  let clock: ManualClock;
  let w: World;
  let dir: string;
  let logPath: string;
  let providers: ChannelProvider[];

  const log = (): LogLine[] =>
    readFileSync(logPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  const inbox = async (actor: keyof World['actors'], caseId?: string) =>
    (await listNotifications(deps, w.actors[actor], 'zh')).items.filter((n) => !caseId || n.caseId === caseId);
  const deliver = () => dispatchOutbox(deps, providers);

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    dir = mkdtempSync(join(tmpdir(), 'qisu-notify-'));
    logPath = join(dir, 'outbox.log');
    providers = channelProviders({ sms: 'dev', wechat: 'dev', logPath });
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells each handler of the lead unit, and the co-unit, once of a dispatch', async () => {
    const caseId = await driveTo(deps, w, 'dispatched');
    const first = await deliver();
    expect(first.delivered).toBeGreaterThan(0);
    for (const actor of ['unit1', 'head1', 'unit2'] as const) {
      const mine = await inbox(actor, caseId);
      expect(mine.map((n) => n.type)).toEqual(['case.dispatched']);
      expect(mine[0]?.title).toMatch(/已交办你单位办理$/);
      expect(mine[0]?.readAt).toBeNull();
    }
    // A second run finds nothing left: every row was delivered once.
    expect(await deliver()).toEqual({ delivered: 0, retried: 0, messages: 0 });
    expect((await inbox('unit1', caseId)).length).toBe(1);
  });

  it('tells the enterprise contact of a reply', async () => {
    const caseId = await driveTo(deps, w, 'replied');
    await deliver();
    const mine = await inbox('entA', caseId);
    expect(mine.map((n) => n.type)).toEqual(['case.replied']);
    const en = (await listNotifications(deps, w.actors.entA, 'en')).items.find((n) => n.caseId === caseId);
    expect(en?.title).toMatch(/has a reply; please rate it$/);
    // The enterprise is told by WeChat too.
    expect(
      log()
        .filter((l) => l.caseId === caseId && l.userId === w.actors.entA.userId)
        .map((l) => l.channel),
    ).toEqual(['sms', 'wechat']);
  });

  it('tells nobody outside the case’s scope', async () => {
    const caseId = await driveTo(deps, w, 'replied');
    // A red card addressed to a unit that has nothing to do with the case must not reach it.
    const number = (await sql<{ number: string }>`SELECT number FROM cases WHERE id = ${caseId}`.execute(handle.db))
      .rows[0]?.number;
    await handle.db.transaction().execute((trx) =>
      writeOutbox(trx, {
        jurisdictionId: w.jurisdictionA,
        topic: 'card.red',
        recipient: { kind: 'unit', id: w.units.dept3 },
        at: clock.now(),
        payload: { caseId, number },
      }),
    );
    await deliver();
    for (const actor of ['unit3', 'entB', 'hubB', 'unitB', 'discipline', 'leader', 'town', 'liaison'] as const) {
      expect(await inbox(actor, caseId), actor).toEqual([]);
    }
    const outsiders = new Set([w.actors.unit3, w.actors.entB, w.actors.hubB, w.actors.unitB].map((a) => a.userId));
    expect(log().filter((l) => l.caseId === caseId && outsiders.has(l.userId))).toEqual([]);
    const row = await handle.db
      .selectFrom('outbox')
      .select('dispatched_at')
      .where('topic', '=', 'card.red')
      .executeTakeFirst();
    expect(row?.dispatched_at).not.toBeNull();
  });

  it('writes SMS to the development log with the mobile masked', () => {
    const lines = log().filter((l) => l.channel === 'sms' && l.userId === w.actors.unit1.userId);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]?.to).toBe('138****1234');
    expect(readFileSync(logPath, 'utf8')).not.toContain('13812341234');
  });

  it('retries a row whose provider failed, with back-off, without repeating what was sent', async () => {
    let calls = 0;
    const sent: string[] = [];
    const flaky: ChannelProvider = {
      channel: 'sms',
      send: (_trx, m) => {
        calls++;
        // The second message fails once: the first must not be sent again on the retry.
        if (calls === 2) return Promise.reject(new Error('gateway down'));
        sent.push(m.userId);
        return Promise.resolve();
      },
    };
    const caseId = await driveTo(deps, w, 'dispatched');
    const first = await dispatchOutbox(deps, [inAppProvider, flaky]);
    expect(first.retried).toBe(1);
    const row = await handle.db
      .selectFrom('outbox')
      .select(['id', 'attempts', 'next_attempt_at', 'last_error', 'dispatched_at'])
      .where('recipient', '=', caseId)
      .where('topic', '=', 'case.dispatched')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, last_error: 'gateway down', dispatched_at: null });
    expect(+row.next_attempt_at! - +clock.now()).toBe(30_000);
    // Not before its time …
    expect((await dispatchOutbox(deps, [inAppProvider, flaky])).delivered).toBe(0);
    clock.advance(31_000);
    const second = await dispatchOutbox(deps, [inAppProvider, flaky]);
    expect(second.delivered).toBe(1);
    // Three users (two of dept1, one of dept2): each got one SMS, though one send failed once.
    expect(sent.length).toBe(3);
    expect(new Set(sent).size).toBe(3);
    expect((await inbox('unit1', caseId)).length).toBe(1);
  });

  it('does not queue a notification for events that tell nobody', async () => {
    const before = await handle.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const caseId = await driveTo(deps, w, 'dispatched');
    await runCaseCommand(deps, w.actors.unit1, caseId, 'sign', {});
    const after = await handle.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // accept and sign tell nobody; dispatch does.
    expect(Number(after.n) - Number(before.n)).toBe(1);
  });
});
