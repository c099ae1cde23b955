import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '@qisu/core';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { intakeSignature } from './intake.service.js';

const KEY = 'ta-12345';
const SECRET = 'secret-of-the-12345-platform';
const USCC = `91330824MA2A3B4C5${usccCheckChar('91330824MA2A3B4C5')}`;

describe.each(ENGINES)('signed intake from other platforms on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let admin: Client;
  let hub: Client;
  const clock = new ManualClock('2026-11-02T01:00:00Z');

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000 });
    await handle.db
      .insertInto('intake_keys')
      .values({
        id: KEY,
        jurisdiction_id: w.jurisdictionA,
        source: '12345 政务服务便民热线',
        channel: 'hotline12345',
        secret: TEST_PII.encrypt(SECRET),
        created_by: null,
        created_at: clock.now(),
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
    admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const nowSeconds = () => String(Math.floor(clock.now().getTime() / 1000));

  /** Sends a body signed as a platform would, or with the headers given instead. */
  const send = (
    body: unknown,
    options: { key?: string; secret?: string; timestamp?: string; signature?: string; raw?: string } = {},
  ) => {
    const raw = options.raw ?? JSON.stringify(body);
    const timestamp = options.timestamp ?? nowSeconds();
    return app.inject({
      method: 'POST',
      url: '/api/v1/intake/cases',
      headers: {
        'content-type': 'application/json',
        'x-qisu-key': options.key ?? KEY,
        'x-qisu-timestamp': timestamp,
        'x-qisu-signature': options.signature ?? intakeSignature(options.secret ?? SECRET, timestamp, raw),
      },
      payload: raw,
    });
  };

  const order = (ref: string) => ({
    externalRef: ref,
    title: '厂区门前道路积水',
    content: '12345 热线转来：企业反映厂区门前道路雨后积水，影响货车通行。',
    enterprise: { uscc: USCC, name: '开化积水测试有限公司' },
    contactName: '王经理',
    contactMobile: '13812345678',
  });

  it('files a signed case under the key’s channel, registers its enterprise by USCC, and names the platform', async () => {
    const res = await send(order('12345-0001'));
    expect(res.statusCode, res.body).toBe(201);
    const answer = res.json<{ id: string; number: string; status: string }>();
    expect(answer).toEqual({
      id: expect.any(String),
      number: expect.stringMatching(/^TA-2026-\d{6}$/),
      status: 'submitted',
    });
    const row = await handle.db
      .selectFrom('cases as c')
      .innerJoin('enterprises as e', 'e.id', 'c.enterprise_id')
      .select(['c.channel', 'c.external_ref', 'c.created_by', 'c.contact_name', 'c.contact_mobile', 'e.uscc', 'e.name'])
      .where('c.id', '=', answer.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'hotline12345',
      external_ref: '12345-0001',
      created_by: null,
      contact_name: '王经理',
      uscc: USCC,
      name: '开化积水测试有限公司',
    });
    expect(TEST_PII.open(row.contact_mobile)).toBe('13812345678');
    const created = (await hub.get(`/api/v1/cases/${answer.id}/events`)).json<{ items?: unknown[] } | unknown[]>();
    expect(JSON.stringify(created)).toContain('12345 政务服务便民热线');
    const key = await handle.db
      .selectFrom('intake_keys')
      .select('last_used_at')
      .where('id', '=', KEY)
      .executeTakeFirst();
    expect(key?.last_used_at).not.toBeNull();
  });

  it('answers the same case for the same externalRef, signed anew or replayed within the window', async () => {
    const first = (await send(order('12345-0002'))).json<{ id: string }>();
    clock.advance(60_000);
    const again = await send(order('12345-0002'));
    expect(again.statusCode).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(first.id);
    // The very same request, bytes and headers, sent twice.
    const raw = JSON.stringify(order('12345-0003'));
    const timestamp = nowSeconds();
    const one = await send(null, { raw, timestamp });
    const two = await send(null, { raw, timestamp });
    expect([one.statusCode, two.statusCode]).toEqual([201, 200]);
    expect(two.json<{ id: string }>().id).toBe(one.json<{ id: string }>().id);
    const count = await handle.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('external_ref', 'in', ['12345-0002', '12345-0003'])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
    // The enterprise registered by the first request is found again, not registered twice.
    const enterprises = await handle.db.selectFrom('enterprises').select('id').where('uscc', '=', USCC).execute();
    expect(enterprises).toHaveLength(1);
  });

  it('refuses a wrong signature, a body changed under a good one, and an unknown key', async () => {
    const wrong = await send(order('12345-0004'), { secret: 'not-the-secret' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INTAKE_SIGNATURE_INVALID');
    const timestamp = nowSeconds();
    const signed = intakeSignature(SECRET, timestamp, JSON.stringify(order('12345-0004')));
    const changed = await send(null, {
      raw: JSON.stringify({ ...order('12345-0004'), title: '改过的标题' }),
      timestamp,
      signature: signed,
    });
    expect(changed.statusCode).toBe(401);
    expect((await send(order('12345-0004'), { signature: 'zz' })).statusCode).toBe(401);
    const unknown = await send(order('12345-0004'), { key: 'ta-nobody' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('INTAKE_KEY_UNKNOWN');
    expect(await handle.db.selectFrom('cases').select('id').where('external_ref', '=', '12345-0004').execute()).toEqual(
      [],
    );
  });

  it('refuses a timestamp more than 300 seconds away, and the same request replayed after the window', async () => {
    const old = await send(order('12345-0005'), { timestamp: String(Number(nowSeconds()) - 301) });
    expect(old.statusCode).toBe(401);
    expect(old.json().error.code).toBe('INTAKE_TIMESTAMP_OUT_OF_WINDOW');
    expect((await send(order('12345-0005'), { timestamp: String(Number(nowSeconds()) + 301) })).statusCode).toBe(401);
    expect((await send(order('12345-0005'), { timestamp: 'yesterday' })).statusCode).toBe(401);
    const raw = JSON.stringify(order('12345-0006'));
    const timestamp = nowSeconds();
    expect((await send(null, { raw, timestamp })).statusCode).toBe(201);
    clock.advance(301_000);
    expect((await send(null, { raw, timestamp })).statusCode).toBe(401);
  });

  it('checks the signature before the body: a bad body answers 400 only to a signed caller', async () => {
    const bad = { externalRef: '12345-0007', title: '', content: '内容' };
    expect((await send(bad, { secret: 'not-the-secret' })).statusCode).toBe(401);
    const signed = await send(bad);
    expect(signed.statusCode).toBe(400);
    expect(signed.json().error.code).toBe('VALIDATION_FAILED');
    expect((await send(null, { raw: '{"externalRef":' })).statusCode).toBe(400);
  });

  it('checks the USCC, and registers an enterprise only with its name', async () => {
    const invalid = await send({ ...order('12345-0008'), enterprise: { uscc: '91330824MA2A3B4C5X', name: '某公司' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('USCC_INVALID');
    const other = `91330824MA2A3B4D6${usccCheckChar('91330824MA2A3B4D6')}`;
    const nameless = await send({ ...order('12345-0009'), enterprise: { uscc: other } });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json().error.message).toContain('enterprise.name');
  });

  it('files one case for fifty concurrent retries of one externalRef', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => send(order('12345-0010'))));
    expect(answers.map((a) => a.statusCode).sort((a, b) => a - b)).toEqual([...Array<number>(49).fill(200), 201]);
    expect(new Set(answers.map((a) => a.json<{ id: string }>().id)).size).toBe(1);
    const rows = await handle.db.selectFrom('cases').select('id').where('external_ref', '=', '12345-0010').execute();
    expect(rows).toHaveLength(1);
  });

  it('lets the admin add a key whose secret is shown once, use two keys at once, and revoke one', async () => {
    const made = await admin.post('/api/v1/admin/intake-keys', {
      id: 'ta-12345-2027',
      source: '12345 热线',
      channel: 'hotline12345',
    });
    expect(made.statusCode, made.body).toBe(201);
    const { secret } = made.json<{ secret: string }>();
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const listed = (await admin.get('/api/v1/admin/intake-keys')).json<{ id: string; active: boolean }[]>();
    expect(listed.map((k) => k.id)).toEqual(expect.arrayContaining([KEY, 'ta-12345-2027']));
    expect(JSON.stringify(listed)).not.toContain(secret);
    const stored = await handle.db
      .selectFrom('intake_keys')
      .select('secret')
      .where('id', '=', 'ta-12345-2027')
      .executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(secret);

    // Rotation: the old and the new key both work until the old is revoked.
    expect((await send(order('12345-0011'), { key: 'ta-12345-2027', secret })).statusCode).toBe(201);
    expect((await send(order('12345-0012'))).statusCode).toBe(201);
    const revoked = await admin.post(`/api/v1/admin/intake-keys/${KEY}/revoke`, {});
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: KEY, active: false });
    expect((await send(order('12345-0013'))).json().error.code).toBe('INTAKE_KEY_UNKNOWN');
    expect((await send(order('12345-0013'), { key: 'ta-12345-2027', secret })).statusCode).toBe(201);

    expect(
      (await admin.post('/api/v1/admin/intake-keys', { id: 'ta-12345-2027', source: 'x', channel: 'other' }))
        .statusCode,
    ).toBe(409);
    expect((await hub.get('/api/v1/admin/intake-keys')).statusCode).toBe(403);
    expect((await admin.post('/api/v1/admin/intake-keys/tb-nothing/revoke', {})).statusCode).toBe(404);
  });
});
