import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { fixtureUscc, seedWorld, TEST_PASSWORD } from '../testing/world.js';

describe.each(ENGINES)('HTTP API on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let w: World;

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    w = await seedWorld(handle.db);
    app = await testApp(handle, clock, { loginFailuresPerIp: 12, rateLimitPerMinute: 100_000 });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const login = (username: string, password: string, remoteAddress = '10.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });

  it('reports health with the engine', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: engine.name, version: 'test' });
  });

  it('logs in with the user shape of SPEC §10', async () => {
    const unit = await login('ta.unit1', TEST_PASSWORD);
    expect(unit.statusCode).toBe(200);
    expect(unit.json()).toMatchObject({
      token: expect.any(String),
      user: { id: w.actors.unit1.userId, roles: ['unit_handler'], jurisdiction: 'ta', unitId: w.units.dept1 },
    });
    const ent = await login('ta.entA', TEST_PASSWORD);
    expect(ent.json()).toMatchObject({ user: { roles: ['enterprise'], enterpriseId: w.enterprises.a } });
    expect(ent.json().user).not.toHaveProperty('unitId');
  });

  it('answers the same 401 for a wrong name and a wrong password', async () => {
    const a = await login('ta.nobody', 'whatever1', '10.0.0.2');
    const b = await login('ta.hub', 'wrong-password', '10.0.0.2');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
  });

  it('locks an account for 15 minutes after 5 wrong passwords', async () => {
    for (let i = 0; i < 5; i++) expect((await login('ta.leader', `wrong-${i}`, '10.0.0.3')).statusCode).toBe(401);
    const locked = await login('ta.leader', TEST_PASSWORD, '10.0.0.3');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('AUTH_ACCOUNT_LOCKED');
    expect(locked.headers['retry-after']).toBe('900');
    clock.advance(14 * 60_000);
    expect((await login('ta.leader', TEST_PASSWORD, '10.0.0.3')).statusCode).toBe(429);
    clock.advance(61_000);
    expect((await login('ta.leader', TEST_PASSWORD, '10.0.0.3')).statusCode).toBe(200);
  });

  it('answers 429 to an address with too many failed logins, whatever the account', async () => {
    for (let i = 0; i < 12; i++) await login(`ta.ghost${i}`, 'nope-nope', '10.9.9.9');
    const res = await login('ta.hub', TEST_PASSWORD, '10.9.9.9');
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('RATE_LIMITED');
    expect((await login('ta.hub', TEST_PASSWORD, '10.9.9.10')).statusCode).toBe(200);
  });

  it('refuses a revoked or expired token', async () => {
    const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    expect((await hub.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await hub.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await hub.get('/api/v1/auth/me')).statusCode).toBe(401);
    const again = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    clock.advance(13 * 3600_000);
    const expired = await again.get('/api/v1/cases');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('AUTH_TOKEN_INVALID');
    expect((await app.inject({ method: 'GET', url: '/api/v1/cases' })).statusCode).toBe(401);
  });

  it('answers bad input with 400 naming the field, in zh-CN by default and en-US on request', async () => {
    const ent = await loginAs(app, 'ta.entA', TEST_PASSWORD);
    const zh = await ent.post('/api/v1/cases', { content: '缺标题' });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'title' });
    expect(zh.json().error.message).toMatch(/字段 title/);
    const en = await ent.post('/api/v1/cases', { content: 'no title' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().error.message).toMatch(/field title/);
    expect(en.json().error.message).not.toMatch(/[\u4e00-\u9fff]/);
    const wrongType = await ent.post('/api/v1/cases', { title: 5, content: 'x' });
    expect(wrongType.statusCode).toBe(400);
    const badJson = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${ent.token}`, 'content-type': 'application/json' },
      payload: '{"title":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('VALIDATION_FAILED');
    const badId = await ent.get('/api/v1/cases/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.field).toMatch(/id/);
    const badQuery = await ent.get('/api/v1/cases?status=flying&page=-1');
    expect(badQuery.statusCode).toBe(400);
    const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    const created = await ent.post('/api/v1/cases', { title: '标题', content: '内容' });
    const noReason = await hub.post(`/api/v1/cases/${created.json().id}/reject`);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    const huge = await ent.post('/api/v1/cases', { title: 't', content: 'x'.repeat(2_000_000) });
    expect(huge.statusCode).toBe(413);
  });

  it('checks the USCC and names the field in both languages', async () => {
    const admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    const good = fixtureUscc('330824', 77);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const zh = await admin.post('/api/v1/enterprises', { uscc: bad, name: '某某有限公司' });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error).toMatchObject({ code: 'USCC_INVALID', field: 'uscc', problem: 'check' });
    expect(zh.json().error.message).toContain('校验位');
    const en = await admin.post(
      '/api/v1/enterprises',
      { uscc: bad, name: '某某有限公司' },
      { 'accept-language': 'en' },
    );
    expect(en.json().error.message).toContain('check character');
    const ok = await admin.post('/api/v1/enterprises', { uscc: good.toLowerCase(), name: '某某有限公司' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().uscc).toBe(good);
  });

  it('answers an illegal transition with 409 and the current status, and changes nothing', async () => {
    const ent = await loginAs(app, 'ta.entA', TEST_PASSWORD);
    const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    const { id } = (await ent.post('/api/v1/cases', { title: '用电增容', content: '请协调' })).json<{ id: string }>();
    const res = await hub.post(`/api/v1/cases/${id}/close`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CASE_ILLEGAL_TRANSITION', currentStatus: 'submitted' });
    const events = await hub.get(`/api/v1/cases/${id}/events`);
    expect(events.json()).toHaveLength(1);
    const forbidden = await ent.post(`/api/v1/cases/${id}/dispatch`, { leadUnitId: w.units.dept1 });
    expect(forbidden.statusCode).toBe(403);
  });

  it('lists the caller’s units and lets only an admin add units and users', async () => {
    const unit = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    const units = (await unit.get('/api/v1/units')).json();
    expect(units.map((u: { name: string }) => u.name)).toContain('市场监管局');
    expect(units.map((u: { name: string }) => u.name)).not.toContain('乙县税务局');
    expect(units[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), name: expect.any(String), kind: expect.any(String) }),
    );
    expect((await unit.post('/api/v1/units', { name: '新单位', kind: 'department' })).statusCode).toBe(403);

    const admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    const created = await admin.post('/api/v1/units', { name: '县发展和改革局', kind: 'department' });
    expect(created.statusCode).toBe(201);
    expect((await admin.post('/api/v1/units', { name: '县发展和改革局', kind: 'department' })).statusCode).toBe(409);
    const user = await admin.post('/api/v1/users', {
      username: 'ta.fgj',
      name: '发改承办人',
      mobile: '13912345678',
      password: 'Strong#2026',
      roles: ['unit_handler'],
      unitId: created.json().id,
    });
    expect(user.statusCode).toBe(201);
    expect(user.json().mobile).toBe('139****5678');
    const noUnit = await admin.post('/api/v1/users', {
      username: 'ta.x1',
      name: 'x',
      password: 'Strong#2026',
      roles: ['unit_handler'],
    });
    expect(noUnit.json().error.field).toBe('unitId');
    const login = await loginAs(app, 'ta.fgj', 'Strong#2026');
    expect((await login.get('/api/v1/auth/me')).json().unitId).toBe(created.json().id);
    const users = (await admin.get('/api/v1/users')).json();
    expect(users.every((u: { mobile: string | null }) => u.mobile === null || u.mobile.includes('****'))).toBe(true);
    expect((await unit.get('/api/v1/users')).statusCode).toBe(403);
  });

  it('sends a case to review after the jurisdiction’s number of unsatisfied rounds', async () => {
    const admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    const settings = await app.inject({
      method: 'PUT',
      url: '/api/v1/jurisdiction/settings',
      headers: { authorization: `Bearer ${admin.token}` },
      payload: { reviewAfterRounds: 1 },
    });
    expect(settings.json().settings.reviewAfterRounds).toBe(1);
    const ent = await loginAs(app, 'ta.entA', TEST_PASSWORD);
    const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    const unit = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    const { id } = (await ent.post('/api/v1/cases', { title: '审核轮次', content: '测试' })).json<{ id: string }>();
    await hub.post(`/api/v1/cases/${id}/dispatch`, { leadUnitId: w.units.dept1 });
    await unit.post(`/api/v1/cases/${id}/sign`);
    await unit.post(`/api/v1/cases/${id}/reply`, { result: 'solved', text: '已办' });
    const rated = await ent.post(`/api/v1/cases/${id}/rate`, { score: 1 });
    expect(rated.json()).toMatchObject({ status: 'review', round: 1, unsatisfiedRounds: 1 });
    const reviewed = await hub.post(`/api/v1/cases/${id}/review`, { decision: 'redo', opinion: '责令重办' });
    expect(reviewed.json()).toMatchObject({ status: 'redo', round: 2 });
    await app.inject({
      method: 'PUT',
      url: '/api/v1/jurisdiction/settings',
      headers: { authorization: `Bearer ${admin.token}` },
      payload: { reviewAfterRounds: 2 },
    });
  });

  it('serves an OpenAPI 3.1 document with every command', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/cases',
        '/api/v1/cases/{id}/dispatch',
        '/api/v1/cases/{id}/decide-extension',
      ]),
    );
  });

  it('sends security headers and a request id, and keeps CORS closed', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://evil.example' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers unknown paths with the error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(401);
    const open = await app.inject({ method: 'GET', url: '/api/nothing' });
    expect(open.statusCode).toBe(404);
    expect(open.json()).toEqual({ error: { code: 'NOT_FOUND', message: '资源不存在' } });
  });
});

describe('request rate limit', () => {
  it('answers 429 past the per-address limit', async () => {
    const [engine] = ENGINES;
    const handle = await engine!.open();
    const app = await testApp(handle, new ManualClock(), { rateLimitPerMinute: 5 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await app.inject({ method: 'GET', url: '/api/health' })).statusCode);
      expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(codes.slice(5)).toEqual([429, 429]);
      const last = await app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-language': 'en' } });
      expect(last.json().error.code).toBe('RATE_LIMITED');
    } finally {
      await app.close();
      await handle.close();
    }
  });
});
