import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import { testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';

describe.each(ENGINES)('public jurisdiction page API on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    await handle.db.updateTable('jurisdictions').set({ brand: '企呼我应' }).where('code', '=', 'ta').execute();
    await handle.db.updateTable('units').set({ contact_phone: '0570-6012345' }).where('id', '=', w.units.hub).execute();
    // A department's line is not the hub's hotline.
    await handle.db
      .updateTable('units')
      .set({ contact_phone: '0570-6099999' })
      .where('id', '=', w.units.dept1)
      .execute();
    // tb's hub gave a personal mobile: it must never be shown publicly.
    await handle.db
      .updateTable('units')
      .set({ contact_phone: '13812345678' })
      .where('jurisdiction_id', '=', w.jurisdictionB)
      .where('kind', '=', 'hub')
      .execute();
    app = await testApp(handle, new ManualClock('2026-11-02T01:00:00Z'), { rateLimitPerMinute: 100_000 });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('answers name, brand and the hub’s hotline without a token', async () => {
    const res = await get('/api/v1/public/jurisdictions/ta');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      code: 'ta',
      name: '甲县',
      fullName: '测试甲县',
      brand: '企呼我应',
      hotline: '0570-6012345',
    });
  });

  it('reads a code printed in capitals as the same jurisdiction', async () => {
    const res = await get('/api/v1/public/jurisdictions/TA');
    expect(res.statusCode).toBe(200);
    expect(res.json().code).toBe('ta');
  });

  it('leaves out a missing brand and a hub contact that is a personal mobile', async () => {
    const res = await get('/api/v1/public/jurisdictions/tb');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.code).toBe('tb');
    expect(body).not.toHaveProperty('brand');
    expect(body).not.toHaveProperty('hotline');
    expect(res.body).not.toContain('13812345678');
    expect(res.body).not.toContain(w.jurisdictionB);
  });

  it('answers 404 for an unknown code, in the language asked for', async () => {
    const zh = await get('/api/v1/public/jurisdictions/nowhere');
    expect(zh.statusCode).toBe(404);
    expect(zh.json().error).toMatchObject({ code: 'NOT_FOUND', message: '资源不存在' });
    const en = await get('/api/v1/public/jurisdictions/nowhere', { 'accept-language': 'en-US' });
    expect(en.json().error.message).toBe('Not found');
  });

  it('answers 400 for a malformed code', async () => {
    const res = await get(`/api/v1/public/jurisdictions/${encodeURIComponent("ta' or 1=1")}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('opens only its own prefix: other API paths still require a token', async () => {
    expect((await get('/api/v1/cases')).statusCode).toBe(401);
    expect((await get('/api/v1/jurisdiction')).statusCode).toBe(401);
    expect((await get('/api/v1/publicity')).statusCode).toBe(401);
    expect((await get('/api/v1/public/nothing-here')).statusCode).toBe(404);
  });

  it('publishes the units’ ranking of the last period where the profile says so, and no person', async () => {
    expect((await get('/api/v1/public/jurisdictions/ta/ranking')).statusCode).toBe(404);
    // 开化 晾晒s its units (seed 001 二（四）2); its liaisons are ranked inside only.
    await handle.db
      .transaction()
      .execute((trx) =>
        storeProfile(
          trx,
          w.jurisdictionA,
          { ...presetProfiles().get('kh')!, code: 'ta' },
          { userId: null, at: new Date() },
        ),
      );
    const res = await get('/api/v1/public/jurisdictions/ta/ranking');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.jurisdiction).toEqual({ code: 'ta', name: '甲县' });
    expect(body.period).toMatchObject({ code: '2026-10', from: '2026-10-01', to: '2026-11-01' });
    expect(body.rule.method).toBe('weighted');
    const names = (body.rows as { name: string }[]).map((r) => r.name);
    expect(names).toContain('市场监管局');
    expect(Object.keys(body.rows[0]).sort()).toEqual(
      [
        'closeRate',
        'closed',
        'list',
        'name',
        'onTimeRate',
        'rank',
        'received',
        'satisfactionRate',
        'solveRate',
        'tied',
      ].sort(),
    );
    // No person: not the liaison, nor any user of the jurisdiction.
    const users = await handle.db
      .selectFrom('users')
      .select('name')
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .execute();
    for (const u of users) expect(res.body).not.toContain(u.name);
    expect((await get('/api/v1/public/jurisdictions/tb/ranking')).statusCode).toBe(404);
  });
});
