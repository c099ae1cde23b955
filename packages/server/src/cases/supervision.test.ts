import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { sweepDue } from '../clocks/sweep.service.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { channelProviders } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';

interface Supervision {
  id: string;
  by: string;
  instruction: string;
  dueAt: string | null;
  overdue: boolean;
  response: string | null;
  respondedAt: string | null;
  responderName: string | null;
}

/** 督办 reaches its unit: a deadline kept as a clock, a banner flag in lists, a notice, a recorded response. */
describe.each(ENGINES)('supervision with a deadline and a response on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  let dir: string;
  let providers: ReturnType<typeof channelProviders>;
  let leader: Client;
  let unit1: Client;
  let unit2: Client;
  let hub: Client;

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z'); // Monday 09:00 in Shanghai
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, tokenTtlHours: 24 * 30 });
    dir = mkdtempSync(join(tmpdir(), 'qisu-supervision-'));
    providers = channelProviders({ sms: 'off', wechat: 'off', logPath: join(dir, 'outbox.log') });
    leader = await loginAs(app, 'ta.leader', TEST_PASSWORD);
    unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    unit2 = await loginAs(app, 'ta.unit2', TEST_PASSWORD);
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the unit a deadline, a flag in its inbox and a notice, and records its response', async () => {
    const id = await driveTo(deps, w, 'signed');
    await dispatchOutbox(deps, providers);
    const supervised = await leader.post(`/api/v1/cases/${id}/supervise`, {
      by: 'leader',
      instruction: '请于周三前拿出解决方案并答复',
      dueAt: '2026-11-04T17:30:00+08:00',
    });
    expect(supervised.statusCode, supervised.body).toBe(200);
    const view = supervised.json<{ supervisions: Supervision[]; clocks: { milestone: string; dueAt: string }[] }>();
    expect(view.supervisions).toEqual([
      expect.objectContaining({
        by: 'leader',
        instruction: '请于周三前拿出解决方案并答复',
        dueAt: '2026-11-04T09:30:00.000Z',
        overdue: false,
        response: null,
      }),
    ]);
    expect(view.clocks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ milestone: 'supervision', dueAt: '2026-11-04T09:30:00.000Z' }),
      ]),
    );

    // The lead unit's inbox flags the case and its handler is told, with the deadline.
    const inbox = (await unit1.get('/api/v1/cases?pageSize=200')).json<{
      items: { id: string; supervised: boolean }[];
    }>();
    expect(inbox.items.find((i) => i.id === id)?.supervised).toBe(true);
    clock.advance(1000);
    await dispatchOutbox(deps, providers);
    const notes = (await unit1.get('/api/v1/notifications')).json<{
      items: { caseId?: string; type: string; title: string }[];
    }>();
    const notice = notes.items.find((n) => n.caseId === id && n.type === 'case.supervised');
    expect(notice?.title).toContain('2026-11-04 17:30');

    // The co-unit may not answer for the lead unit; the lead unit answers once.
    expect((await unit2.post(`/api/v1/cases/${id}/respond-supervision`, { response: '协办已配合' })).statusCode).toBe(
      403,
    );
    expect((await unit1.get(`/api/v1/cases/${id}`)).json<{ allowedCommands: string[] }>().allowedCommands).toContain(
      'respond-supervision',
    );
    const answered = await unit1.post(`/api/v1/cases/${id}/respond-supervision`, {
      response: '已会同规划部门现场查看，方案周三报送',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const after = answered.json<{ supervisions: Supervision[]; clocks: { milestone: string; state: string }[] }>();
    expect(after.supervisions[0]).toMatchObject({
      response: '已会同规划部门现场查看，方案周三报送',
      responderName: expect.any(String),
      respondedAt: clock.now().toISOString(),
    });
    expect(after.clocks.find((c) => c.milestone === 'supervision')?.state).toBe('met');
    const row = await handle.db
      .selectFrom('supervisions')
      .select(['response', 'responder_id'])
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ response: '已会同规划部门现场查看，方案周三报送', responder_id: w.actors.unit1.userId });
    const events = (await hub.get(`/api/v1/cases/${id}/events`)).json<{ type: string; payload: object }[]>();
    expect(events.at(-1)).toMatchObject({
      type: 'supervision_responded',
      payload: { by: 'leader', response: '已会同规划部门现场查看，方案周三报送', late: false },
    });
    expect(
      (await unit1.get('/api/v1/cases?pageSize=200')).json().items.find((i: { id: string }) => i.id === id),
    ).toMatchObject({ supervised: false });

    // Whoever supervised hears of it; a second answer finds nothing open.
    clock.advance(1000);
    await dispatchOutbox(deps, providers);
    const leaderNotes = (await leader.get('/api/v1/notifications')).json<{
      items: { caseId?: string; type: string }[];
    }>();
    expect(leaderNotes.items.some((n) => n.caseId === id && n.type === 'case.supervision_responded')).toBe(true);
    const again = await unit1.post(`/api/v1/cases/${id}/respond-supervision`, { response: '再次答复' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'SUPERVISION_NOT_OPEN', currentStatus: 'signed' });
  });

  it('makes an unanswered supervision overdue like any other clock, and its late answer late', async () => {
    const id = await driveTo(deps, w, 'signed', '督办超期');
    clock.set('2026-11-09T01:00:00Z');
    await leader.post(`/api/v1/cases/${id}/supervise`, {
      by: 'leader',
      instruction: '今日下班前答复',
      dueAt: '2026-11-09T17:30:00+08:00',
    });
    clock.set('2026-11-09T10:00:00Z');
    await sweepDue(deps);
    const view = (await hub.get(`/api/v1/cases/${id}`)).json<{
      supervisions: Supervision[];
      clocks: { milestone: string; state: string }[];
    }>();
    expect(view.supervisions[0]?.overdue).toBe(true);
    expect(view.clocks.find((c) => c.milestone === 'supervision')?.state).toBe('breached');
    const listed = (await hub.get('/api/v1/cases?clock=overdue&pageSize=200')).json<{ items: { id: string }[] }>();
    expect(listed.items.map((i) => i.id)).toContain(id);
    const answered = await unit1.post(`/api/v1/cases/${id}/respond-supervision`, { response: '已办理' });
    expect(answered.statusCode).toBe(200);
    const events = (await hub.get(`/api/v1/cases/${id}/events`)).json<{ type: string; payload: object }[]>();
    expect(events.at(-1)).toMatchObject({ type: 'supervision_responded', payload: { late: true } });
  });

  it('refuses a deadline in the past, naming the field, and changes nothing', async () => {
    const id = await driveTo(deps, w, 'signed', '督办时限已过');
    const res = await leader.post(`/api/v1/cases/${id}/supervise`, {
      by: 'leader',
      instruction: '请办理',
      dueAt: '2020-01-01T09:00:00+08:00',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('dueAt');
    const count = await handle.db
      .selectFrom('supervisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});
