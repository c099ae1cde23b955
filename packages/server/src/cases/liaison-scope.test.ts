import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';

/** Enterprise A is on `ta.liaison`'s ledger; enterprise B is on nobody's. */
describe.each(ENGINES)('a liaison works only for the enterprises on their ledger, on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let liaison: Client;
  let hub: Client;

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    app = await testApp(handle, new ManualClock('2026-11-02T01:00:00Z'), { rateLimitPerMinute: 100_000 });
    liaison = await loginAs(app, 'ta.liaison', TEST_PASSWORD);
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const file = (client: Client, enterpriseId?: string) =>
    client.post('/api/v1/cases', {
      title: '厂区道路破损',
      content: '厂区门口道路破损，货车进出困难。',
      channel: 'liaison',
      ...(enterpriseId ? { enterpriseId } : {}),
    });

  it('answers 403 when a liaison files for an enterprise outside their ledger, and files nothing', async () => {
    const before = (await hub.get('/api/v1/cases?pageSize=1')).json<{ total: number }>().total;
    const res = await file(liaison, w.enterprises.b);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await hub.get('/api/v1/cases?pageSize=1')).json<{ total: number }>().total).toBe(before);
  });

  it('lets a liaison file for their own enterprise, and for none, and shows them the whole contact', async () => {
    const own = await file(liaison, w.enterprises.a);
    expect(own.statusCode).toBe(201);
    const ownCase = await liaison.get(`/api/v1/cases/${own.json<{ id: string }>().id}`);
    expect(ownCase.json()).toMatchObject({ enterprise: { id: w.enterprises.a }, contactMobile: '13900001111' });
    expect(ownCase.json<{ enterprise: object }>().enterprise).not.toHaveProperty('liaison_user_id');

    const none = await liaison.post('/api/v1/cases', {
      title: '园区路灯不亮',
      content: '园区主干道路灯不亮。',
      contactName: '王先生',
      contactMobile: '13700002222',
    });
    expect(none.statusCode).toBe(201);
    const noneCase = await liaison.get(`/api/v1/cases/${none.json<{ id: string }>().id}`);
    expect(noneCase.json()).toMatchObject({ enterprise: null, contactMobile: '13700002222' });
  });

  it('masks the contact once the enterprise has left the liaison’s ledger', async () => {
    const filed = await file(liaison, w.enterprises.a);
    const id = filed.json<{ id: string }>().id;
    await handle.db
      .updateTable('enterprises')
      .set({ liaison_user_id: null })
      .where('id', '=', w.enterprises.a)
      .execute();
    try {
      const seen = await liaison.get(`/api/v1/cases/${id}`);
      expect(seen.statusCode).toBe(200);
      expect(seen.json<{ contactMobile: string }>().contactMobile).toBe('139****1111');
      expect((await hub.get(`/api/v1/cases/${id}`)).json<{ contactMobile: string }>().contactMobile).toBe(
        '13900001111',
      );
    } finally {
      await handle.db
        .updateTable('enterprises')
        .set({ liaison_user_id: w.actors.liaison.userId })
        .where('id', '=', w.enterprises.a)
        .execute();
    }
  });
});
