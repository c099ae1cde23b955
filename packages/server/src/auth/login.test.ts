import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import { testApp } from '../testing/http.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { forgetSpentLoginGuards, MAX_FAILED_LOGINS } from './auth.service.js';

describe.each(ENGINES)('login guards shared through the database, on $name', (engine) => {
  let handle: Db;
  let clock: ManualClock;
  /** Two servers over one database, as two processes behind a load balancer. */
  let first: FastifyInstance;
  let second: FastifyInstance;

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    await seedWorld(handle.db);
    first = await testApp(handle, clock, { loginFailuresPerIp: 12, rateLimitPerMinute: 100_000 });
    second = await testApp(handle, clock, { loginFailuresPerIp: 12, rateLimitPerMinute: 100_000 });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await handle.close();
  });

  const login = (app: FastifyInstance, username: string, password: string, remoteAddress: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });

  it('locks an account under 40 parallel wrong passwords from two servers: five reach the check, the rest are refused', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(i % 2 === 0 ? first : second, 'ta.leader', `wrong-${i}`, `10.1.0.${i + 1}`),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILED_LOGINS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - MAX_FAILED_LOGINS);
    for (const a of answers.filter((x) => x.statusCode === 429)) {
      expect(a.json().error.code).toBe('AUTH_ACCOUNT_LOCKED');
    }
    const row = await handle.db
      .selectFrom('users')
      .select(['locked_until'])
      .where('username', '=', 'ta.leader')
      .executeTakeFirstOrThrow();
    expect(row.locked_until?.getTime()).toBe(clock.now().getTime() + 15 * 60_000);
    const right = await login(second, 'ta.leader', TEST_PASSWORD, '10.1.1.1');
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('AUTH_ACCOUNT_LOCKED');
  });

  it('locks an unknown name exactly as a known one, so the lock does not tell which names exist', async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      expect((await login(first, 'ta.unit2', `wrong-${i}`, '10.2.0.1')).statusCode).toBe(401);
      expect((await login(first, 'ta.nobody', `wrong-${i}`, '10.2.0.2')).statusCode).toBe(401);
    }
    const known = await login(second, 'ta.unit2', 'wrong-again', '10.2.0.3');
    const unknown = await login(second, 'ta.nobody', 'wrong-again', '10.2.0.4');
    expect(known.statusCode).toBe(429);
    expect(unknown.statusCode).toBe(429);
    expect(unknown.json()).toEqual(known.json());
    expect(unknown.headers['retry-after']).toBe(known.headers['retry-after']);
    const knownEn = await login(first, 'ta.unit2', 'x', '10.2.0.5');
    expect(knownEn.json().error.code).toBe('AUTH_ACCOUNT_LOCKED');
  });

  it('counts an address’s failures across servers and answers 429 before any check', async () => {
    for (let i = 0; i < 12; i++) {
      const server = i % 2 === 0 ? first : second;
      expect((await login(server, `ta.ghost${i}`, 'nope-nope', '10.3.0.1')).statusCode).toBe(401);
    }
    const blocked = await login(second, 'ta.hub', TEST_PASSWORD, '10.3.0.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect((await login(first, 'ta.hub', TEST_PASSWORD, '10.3.0.2')).statusCode).toBe(200);
  });

  it('does not count successful logins against their address', async () => {
    for (let i = 0; i < 20; i++) expect((await login(first, 'ta.hub', TEST_PASSWORD, '10.4.0.1')).statusCode).toBe(200);
  });

  it('forgets spent guards and keeps those that still count', async () => {
    const keys = async () =>
      (await handle.db.selectFrom('login_guards').select('key').execute()).map((r) => r.key).sort();
    expect(await keys()).toContain('address:10.3.0.1');
    await forgetSpentLoginGuards(handle.db, clock.now());
    expect(await keys()).toContain('address:10.3.0.1');
    await forgetSpentLoginGuards(handle.db, new Date(clock.now().getTime() + 2 * 86_400_000));
    expect(await keys()).toEqual([]);
  });
});
