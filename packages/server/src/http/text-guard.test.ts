import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { unstorableTextAt } from '../db/text.js';

describe('unstorableTextAt', () => {
  it('names the first string or key with a NUL or an unpaired surrogate, and passes paired ones', () => {
    expect(unstorableTextAt({ title: 'ok', contacts: [{ name: 'a\u0000b' }] })).toBe('contacts.0.name');
    expect(unstorableTextAt({ title: 'x\ud800' })).toBe('title');
    expect(unstorableTextAt({ title: '\udc00x' })).toBe('title');
    expect(unstorableTextAt({ 'k\u0000': 'v' })).toBe('k\u0000');
    expect(unstorableTextAt({ title: '企业😀诉求', n: 3, ok: true, none: null })).toBeNull();
    expect(unstorableTextAt('\u0000')).toBe('body');
    const cyclic: Record<string, unknown> = { name: 'ok' };
    cyclic.self = cyclic;
    expect(unstorableTextAt(cyclic)).toBeNull();
  });
});

describe.each(ENGINES)('text the database cannot store, on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let hub: Client;
  let admin: Client;

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    app = await testApp(handle, new ManualClock('2026-11-02T01:00:00Z'), { rateLimitPerMinute: 100_000 });
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const caseCount = async () =>
    Number(
      (
        await handle.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const raw = (client: Client, method: 'POST' | 'PUT', url: string, json: string) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
      payload: json,
    });

  it('answers 400 naming the field for a NUL in a case title, and files nothing', async () => {
    const before = await caseCount();
    const res = await hub.post('/api/v1/cases', { title: 'a\u0000b', content: '正文内容' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'title' } });
    expect(await caseCount()).toBe(before);
  });

  it('answers 400 for a lone surrogate in JSON text, in English when asked', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: {
        authorization: `Bearer ${hub.token}`,
        'content-type': 'application/json',
        'accept-language': 'en-US',
      },
      payload: '{"title":"\\ud800 标题","content":"正文内容"}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'title' } });
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/^Invalid input/);
  });

  it('answers 400 for a NUL in a search query', async () => {
    const res = await hub.get('/api/v1/cases?q=%00');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'q' } });
  });

  it('answers 400 to an empty change of an enterprise and leaves it as it was', async () => {
    const before = await handle.db
      .selectFrom('enterprises')
      .selectAll()
      .where('id', '=', w.enterprises.a)
      .executeTakeFirstOrThrow();
    const res = await raw(hub, 'PUT', `/api/v1/enterprises/${w.enterprises.a}`, '{}');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'body' } });
    const after = await handle.db
      .selectFrom('enterprises')
      .selectAll()
      .where('id', '=', w.enterprises.a)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('stores no profile version for settings that change nothing', async () => {
    const versions = async () =>
      (
        await handle.db
          .selectFrom('profiles')
          .select('version')
          .where('jurisdiction_id', '=', w.jurisdictionA)
          .execute()
      ).length;
    const before = await versions();
    expect((await raw(admin, 'PUT', '/api/v1/jurisdiction/settings', '{}')).statusCode).toBe(400);
    const current = await admin.get('/api/v1/jurisdiction');
    const { satisfiedMinScore } = current.json<{ settings: { satisfiedMinScore: number } }>().settings;
    const same = await raw(admin, 'PUT', '/api/v1/jurisdiction/settings', JSON.stringify({ satisfiedMinScore }));
    expect(same.statusCode).toBe(200);
    expect(await versions()).toBe(before);
  });
});
