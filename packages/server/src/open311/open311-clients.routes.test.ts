import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { demoOpen311Key, hashApiKey, seedDemoOpen311Client } from './open311-clients.service.js';

describe.each(ENGINES)('the admin’s Open311 clients on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let admin: Client;
  let hub: Client;
  const clock = new ManualClock('2026-11-02T01:00:00Z');

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    await seedDemoOpen311Client(handle.db, { id: w.jurisdictionB, code: 'tb' }, null, clock.now());
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, webRoot: null });
    admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('creates a client and shows its key once, keeping only the key’s hash', async () => {
    const res = await admin.post('/api/v1/admin/open311-clients', { name: '  城市服务小程序 ' });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<Record<string, unknown> & { id: string; apiKey: string }>();
    expect(created).toMatchObject({
      name: '城市服务小程序',
      jurisdiction: 'ta',
      active: true,
      createdBy: 'ta.admin',
      createdAt: clock.now().toISOString(),
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(created.apiKey).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    expect(created['keyHint']).toBe(created.apiKey.slice(-4));

    const row = await handle.db
      .selectFrom('open311_clients')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(hashApiKey(created.apiKey));
    expect(JSON.stringify(row)).not.toContain(created.apiKey);

    const list = await admin.get('/api/v1/admin/open311-clients');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.apiKey);
    const items = list.json<{ items: { id: string; jurisdiction: string }[] }>().items;
    expect(items.map((c) => c.id)).toContain(created.id);
    // Another jurisdiction's client is never listed.
    expect(items.every((c) => c.jurisdiction === 'ta')).toBe(true);
  });

  it('revokes a client once, and its key is refused from then on', async () => {
    const { id, apiKey } = (await admin.post('/api/v1/admin/open311-clients', { name: '旧客户端' })).json<{
      id: string;
      apiKey: string;
    }>();
    const filing = () =>
      app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        payload: { api_key: apiKey, service_code: 'policy', address_string: '华埠镇' },
      });
    expect((await filing()).statusCode).toBe(200);
    clock.advance(60_000);
    const revoked = await admin.post(`/api/v1/admin/open311-clients/${id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({
      id,
      active: false,
      revokedAt: clock.now().toISOString(),
      revokedBy: 'ta.admin',
    });
    expect(revoked.json<{ lastUsedAt: string }>().lastUsedAt).not.toBeNull();
    clock.advance(60_000);
    const again = await admin.post(`/api/v1/admin/open311-clients/${id}/revoke`);
    expect(again.json<{ revokedAt: string }>().revokedAt).toBe(revoked.json<{ revokedAt: string }>().revokedAt);
    expect((await filing()).statusCode).toBe(403);
    const list = (await admin.get('/api/v1/admin/open311-clients')).json<{
      items: { id: string; active: boolean }[];
    }>();
    // Active clients first.
    expect(list.items.at(-1)).toMatchObject({ id, active: false });
  });

  it('lets only the jurisdiction’s admin see, create and revoke clients', async () => {
    expect((await hub.get('/api/v1/admin/open311-clients')).statusCode).toBe(403);
    expect((await hub.post('/api/v1/admin/open311-clients', { name: '营商办自建' })).statusCode).toBe(403);
    const tbClient = await handle.db
      .selectFrom('open311_clients')
      .select('id')
      .where('key_hash', '=', hashApiKey(demoOpen311Key('tb')))
      .executeTakeFirstOrThrow();
    expect((await hub.post(`/api/v1/admin/open311-clients/${tbClient.id}/revoke`)).statusCode).toBe(403);
    const foreign = await admin.post(`/api/v1/admin/open311-clients/${tbClient.id}/revoke`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: { code: 'OPEN311_CLIENT_NOT_FOUND' } });
    const row = await handle.db
      .selectFrom('open311_clients')
      .select('active')
      .where('id', '=', tbClient.id)
      .executeTakeFirstOrThrow();
    expect(row.active).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/open311-clients' })).statusCode).toBe(401);
  });

  it('answers 400 for a client without a name', async () => {
    const res = await admin.post('/api/v1/admin/open311-clients', { name: '   ' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'name' } });
  });
});
