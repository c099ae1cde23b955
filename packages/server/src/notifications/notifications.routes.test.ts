import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { channelProviders } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { TEST_PII } from '../testing/pii.js';

interface ListBody {
  items: { id: string; type: string; caseId?: string; title: string; at: string; readAt: string | null }[];
  unread: number;
}

describe.each(ENGINES)('GET /api/v1/notifications on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  let dir: string;
  let unit1: Client;
  let unit3: Client;
  let first: string;
  let second: string;

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    app = await testApp(handle, clock);
    dir = mkdtempSync(join(tmpdir(), 'qisu-notes-'));
    const providers = channelProviders({ sms: 'off', wechat: 'off', logPath: join(dir, 'outbox.log') });
    first = await driveTo(deps, w, 'dispatched', '第一件');
    await dispatchOutbox(deps, providers);
    clock.advance(60_000);
    second = await driveTo(deps, w, 'dispatched', '第二件');
    await dispatchOutbox(deps, providers);
    unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    unit3 = await loginAs(app, 'ta.unit3', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 without a token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/notifications/00000000-0000-4000-8000-000000000000/read',
    });
    expect(res.statusCode).toBe(401);
  });

  it('lists the caller’s notifications newest first with the unread count, in their language', async () => {
    const res = await unit1.get('/api/v1/notifications');
    expect(res.statusCode).toBe(200);
    const body = res.json<ListBody>();
    expect(body.unread).toBe(2);
    expect(body.items.map((n) => n.caseId)).toEqual([second, first]);
    expect(Object.keys(body.items[0]!).sort()).toEqual(['at', 'caseId', 'id', 'readAt', 'title', 'type']);
    expect(body.items[0]).toMatchObject({ type: 'case.dispatched', readAt: null });
    expect(body.items[0]!.title).toMatch(/^诉求 .+ 已交办你单位办理$/);
    const en = (await unit1.get('/api/v1/notifications', { 'accept-language': 'en-US' })).json<ListBody>();
    expect(en.items[0]!.title).toMatch(/^Case .+ was dispatched to your unit$/);
    expect((await unit3.get('/api/v1/notifications')).json<ListBody>()).toEqual({ items: [], unread: 0 });
  });

  it('marks one read for its owner only, and answers 404 for anyone else’s', async () => {
    const [newest] = (await unit1.get('/api/v1/notifications')).json<ListBody>().items;
    expect((await unit3.post(`/api/v1/notifications/${newest!.id}/read`)).statusCode).toBe(404);
    expect((await unit1.post('/api/v1/notifications/not-an-id/read')).statusCode).toBe(404);
    expect((await unit1.post('/api/v1/notifications/00000000-0000-4000-8000-000000000000/read')).statusCode).toBe(404);
    const res = await unit1.post(`/api/v1/notifications/${newest!.id}/read`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: newest!.id, readAt: clock.now().toISOString() });
    const after = (await unit1.get('/api/v1/notifications')).json<ListBody>();
    expect(after.unread).toBe(1);
    expect(after.items[0]!.readAt).toBe(clock.now().toISOString());
    // Reading it again keeps the first time.
    clock.advance(1000);
    const again = await unit1.post(`/api/v1/notifications/${newest!.id}/read`);
    expect(again.json<{ readAt: string }>().readAt).toBe(after.items[0]!.readAt);
  });
});
