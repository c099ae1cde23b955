import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { fixtureUscc, seedWorld, TEST_PASSWORD } from '../testing/world.js';

describe.each(ENGINES)('the enterprise ledger on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let as: Record<'admin' | 'hub' | 'leader' | 'unit1' | 'entA' | 'liaison' | 'hubB', Client>;
  const usccA = fixtureUscc('330824', 1);

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    app = await testApp(handle, new ManualClock('2026-11-02T01:00:00Z'), {
      rateLimitPerMinute: 100_000,
      loginFailuresPerIp: 1000,
    });
    as = {
      admin: await loginAs(app, 'ta.admin', TEST_PASSWORD),
      hub: await loginAs(app, 'ta.hub', TEST_PASSWORD),
      leader: await loginAs(app, 'ta.leader', TEST_PASSWORD),
      unit1: await loginAs(app, 'ta.unit1', TEST_PASSWORD),
      entA: await loginAs(app, 'ta.entA', TEST_PASSWORD),
      liaison: await loginAs(app, 'ta.liaison', TEST_PASSWORD),
      hubB: await loginAs(app, 'tb.hub', TEST_PASSWORD),
    };
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const put = (client: Client, id: string, body: object, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'PUT',
      url: `/api/v1/enterprises/${id}`,
      headers: { authorization: `Bearer ${client.token}`, ...headers },
      payload: body,
    });
  const check = (value: string, client: Client = as.hub) =>
    client.get(`/api/v1/enterprises/check-uscc?value=${encodeURIComponent(value)}`);

  describe('GET /api/v1/enterprises/check-uscc', () => {
    it('says a new valid code is valid, normalised', async () => {
      const fresh = fixtureUscc('330824', 501);
      const res = await check(` ${fresh.slice(0, 9).toLowerCase()} ${fresh.slice(9)} `);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ valid: true, normalized: fresh });
    });

    it('says why a code is invalid, in both languages', async () => {
      const good = fixtureUscc('330824', 502);
      const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      expect((await check(wrongCheck)).json()).toEqual({
        valid: false,
        normalized: wrongCheck,
        problem: { code: 'check', zh: '校验位错误', en: 'wrong check character' },
      });
      expect((await check(good.slice(0, 10))).json().problem.code).toBe('length');
      expect((await check(`${good.slice(0, 2)}ABCDEF${good.slice(8)}`)).json().problem.code).toBe('characters');
      expect((await check('')).json()).toMatchObject({ valid: false, problem: { code: 'length' } });
    });

    it('names the enterprise of the jurisdiction already holding the code', async () => {
      expect((await check(usccA)).json()).toEqual({
        valid: true,
        normalized: usccA,
        existing: { id: w.enterprises.a, name: '甲县一号材料有限公司' },
      });
      // Another jurisdiction's ledger does not count.
      expect((await check(usccA, as.hubB)).json()).toEqual({ valid: true, normalized: usccA });
    });

    it('tells a liaison that a code outside their ledger is taken, without naming the enterprise', async () => {
      const usccB = fixtureUscc('330824', 2);
      const res = await check(usccB, as.liaison);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ valid: true, normalized: usccB, taken: true });
      expect(res.body).not.toContain('二号');
      expect((await check(usccA, as.liaison)).json()).toEqual({
        valid: true,
        normalized: usccA,
        existing: { id: w.enterprises.a, name: '甲县一号材料有限公司' },
      });
      expect((await check(usccB)).json()).toMatchObject({ existing: { id: w.enterprises.b } });
    });

    it('is for those who register enterprises', async () => {
      expect((await check(usccA, as.liaison)).statusCode).toBe(200);
      expect((await check(usccA, as.admin)).statusCode).toBe(200);
      for (const who of ['unit1', 'entA', 'leader'] as const)
        expect((await check(usccA, as[who])).statusCode).toBe(403);
      const missing = await as.hub.get('/api/v1/enterprises/check-uscc');
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.field).toBe('value');
    });
  });

  describe('POST /api/v1/enterprises', () => {
    it('answers 400 naming the field for a bad USCC, and 409 for one already registered', async () => {
      const bad = await as.hub.post('/api/v1/enterprises', { uscc: '91330824MA2XXXXXX', name: '某某公司' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'USCC_INVALID', field: 'uscc', problem: 'length' });
      const twice = await as.hub.post('/api/v1/enterprises', { uscc: usccA.toLowerCase(), name: '重复登记公司' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error.field).toBe('uscc');
    });

    it('assigns only a user who is a liaison', async () => {
      const res = await as.hub.post('/api/v1/enterprises', {
        uscc: fixtureUscc('330824', 601),
        name: '联络员校验有限公司',
        liaisonUserId: w.actors.unit1.userId,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.field).toBe('liaisonUserId');
      const ok = await as.hub.post('/api/v1/enterprises', {
        uscc: fixtureUscc('330824', 601),
        name: '联络员校验有限公司',
        liaisonUserId: w.actors.liaison.userId,
      });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({
        liaisonUserId: w.actors.liaison.userId,
        liaisonName: 'ta.liaison',
        openCases: 0,
      });
    });
  });

  describe('PUT /api/v1/enterprises/{id}', () => {
    it('lets the admin and the hub change any ledger entry of the jurisdiction', async () => {
      const res = await put(as.admin, w.enterprises.b, {
        name: '甲县二号机械股份有限公司',
        industryCode: 'C3484',
        industryName: '机械零部件加工',
        scale: 'medium',
        aboveDesignatedSize: true,
        regionCode: '330824101',
        grid: '华埠镇第3网格',
        liaisonUserId: w.actors.liaison.userId,
        contacts: [{ name: '王经理', mobile: '13600001111', title: '总经理' }],
        notes: '扩产需新增用地约20亩',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        id: w.enterprises.b,
        uscc: fixtureUscc('330824', 2),
        name: '甲县二号机械股份有限公司',
        industryCode: 'C3484',
        scale: 'medium',
        aboveDesignatedSize: true,
        regionCode: '330824101',
        grid: '华埠镇第3网格',
        liaisonUserId: w.actors.liaison.userId,
        liaisonName: 'ta.liaison',
        contacts: [{ name: '王经理', mobile: '13600001111', title: '总经理' }],
        notes: '扩产需新增用地约20亩',
      });
      const byHub = await put(as.hub, w.enterprises.b, { liaisonUserId: null, grid: null });
      expect(byHub.statusCode).toBe(200);
      expect(byHub.json()).toMatchObject({ liaisonUserId: null, liaisonName: null, grid: null, scale: 'medium' });
      // The admin reads whole contact numbers, so the edit form can send them back unchanged.
      expect((await as.admin.get(`/api/v1/enterprises/${w.enterprises.b}`)).json().contacts[0].mobile).toBe(
        '13600001111',
      );
    });

    it('keeps the USCC: the same code passes, another one is a 400 on uscc', async () => {
      const same = await put(as.hub, w.enterprises.a, { uscc: usccA.toLowerCase(), notes: '原代码' });
      expect(same.statusCode, same.body).toBe(200);
      const other = await put(as.hub, w.enterprises.a, { uscc: fixtureUscc('330824', 99) });
      expect(other.statusCode).toBe(400);
      expect(other.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'uscc' });
      const invalid = await put(as.hub, w.enterprises.a, { uscc: 'ABC' });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().error).toMatchObject({ code: 'USCC_INVALID', field: 'uscc' });
      expect((await as.hub.get(`/api/v1/enterprises/${w.enterprises.a}`)).json().uscc).toBe(usccA);
    });

    it('lets a liaison change their own enterprises only, and not hand them over', async () => {
      const own = await put(as.liaison, w.enterprises.a, { notes: '企业反映用工难，计划下月走访' });
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json().notes).toBe('企业反映用工难，计划下月走访');
      const handOver = await put(as.liaison, w.enterprises.a, { liaisonUserId: w.actors.hub.userId });
      expect(handOver.statusCode).toBe(403);
      // Enterprise B is not theirs: it does not exist for them.
      await put(as.hub, w.enterprises.b, { liaisonUserId: null });
      expect((await put(as.liaison, w.enterprises.b, { notes: 'x' })).statusCode).toBe(404);
    });

    it('answers 403 to the other roles and 404 across jurisdictions', async () => {
      for (const who of ['unit1', 'entA', 'leader'] as const) {
        expect((await put(as[who], w.enterprises.a, { notes: 'x' })).statusCode, who).toBe(403);
      }
      expect((await put(as.hubB, w.enterprises.a, { notes: 'x' })).statusCode).toBe(404);
      expect((await put(as.admin, w.enterprises.other, { notes: 'x' })).statusCode).toBe(404);
    });

    it('answers 400 naming the field for a bad region, liaison or contact', async () => {
      const cases: [object, string][] = [
        [{ regionCode: '110101' }, 'regionCode'],
        [{ liaisonUserId: w.actors.hubB.userId }, 'liaisonUserId'],
        [{ contacts: [{ name: '张三', mobile: '123' }] }, 'contacts.0.mobile'],
        [{ scale: 'huge' }, 'scale'],
        [{ name: 'x' }, 'name'],
      ];
      for (const [body, field] of cases) {
        const res = await put(as.hub, w.enterprises.a, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.field, JSON.stringify(body)).toBe(field);
      }
    });
  });

  describe('GET /api/v1/enterprises', () => {
    it('shows a liaison only the enterprises assigned to them, with open cases and masked mobiles', async () => {
      const first = await as.entA.post('/api/v1/cases', { title: '用工', content: '招工难' });
      const second = await as.entA.post('/api/v1/cases', { title: '用电', content: '增容' });
      expect(first.statusCode).toBe(201);
      await as.entA.post('/api/v1/cases', { title: '第三件', content: '已办结' }).then(async (res) => {
        const id = res.json().id;
        expect((await as.hub.post(`/api/v1/cases/${id}/accept`)).statusCode).toBe(200);
        expect((await as.hub.post(`/api/v1/cases/${id}/reject`, { reason: '非涉企事项' })).statusCode).toBe(200);
      });
      expect(second.statusCode).toBe(201);

      await put(as.hub, w.enterprises.b, { liaisonUserId: null });
      const assigned = await handle.db
        .selectFrom('enterprises')
        .select('id')
        .where('liaison_user_id', '=', w.actors.liaison.userId)
        .execute();
      const mine = (await as.liaison.get('/api/v1/enterprises')).json();
      expect(mine.total).toBe(assigned.length);
      expect(mine.items.map((e: { id: string }) => e.id).sort()).toEqual(assigned.map((e) => e.id).sort());
      expect(mine.items.map((e: { id: string }) => e.id)).toContain(w.enterprises.a);
      expect(mine.items.map((e: { id: string }) => e.id)).not.toContain(w.enterprises.b);
      const a = mine.items.find((e: { id: string }) => e.id === w.enterprises.a);
      expect(a).toMatchObject({ openCases: 2, liaisonName: 'ta.liaison' });
      expect(a.contacts[0].mobile).toBe('139****1111');

      const all = (await as.hub.get('/api/v1/enterprises?pageSize=100')).json();
      const counts = Object.fromEntries(all.items.map((e: { id: string; openCases: number }) => [e.id, e.openCases]));
      expect(counts[w.enterprises.a]).toBe(2);
      expect(counts[w.enterprises.b]).toBe(0);
      expect(counts[w.enterprises.other]).toBeUndefined();

      // A unit sees only what its own cases reveal, and counts only those.
      const unit = (await as.unit1.get('/api/v1/enterprises')).json();
      expect(unit.total).toBe(0);
    });

    it('searches name or USCC and pages on the server', async () => {
      const byName = (await as.hub.get(`/api/v1/enterprises?q=${encodeURIComponent('一号')}`)).json();
      expect(byName.items.map((e: { id: string }) => e.id)).toEqual([w.enterprises.a]);
      const byCode = (await as.hub.get(`/api/v1/enterprises?q=${usccA.slice(4).toLowerCase()}`)).json();
      expect(byCode.items.map((e: { id: string }) => e.id)).toEqual([w.enterprises.a]);
      const page1 = (await as.hub.get('/api/v1/enterprises?page=1&pageSize=1')).json();
      const page2 = (await as.hub.get('/api/v1/enterprises?page=2&pageSize=1')).json();
      expect(page1.items).toHaveLength(1);
      expect(page2.items).toHaveLength(1);
      expect(page1.total).toBe(page2.total);
      expect(page1.total).toBeGreaterThanOrEqual(2);
      expect(page1.items[0].id).not.toBe(page2.items[0].id);
      expect((await as.hub.get('/api/v1/enterprises?pageSize=500')).statusCode).toBe(400);
    });
  });
});
