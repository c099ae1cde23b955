import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';

describe.each(ENGINES)('units and users administration on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let admin: Client;
  let hub: Client;
  let unit1: Client;
  let entA: Client;

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    app = await testApp(handle, new ManualClock('2026-11-02T01:00:00Z'), {
      rateLimitPerMinute: 100_000,
      loginFailuresPerIp: 1000,
    });
    admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    entA = await loginAs(app, 'ta.entA', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const put = (client: Client, url: string, body: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${client.token}`, ...headers }, payload: body });
  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  describe('PUT /api/v1/units/{id}', () => {
    it('lets the admin rename, move and deactivate a unit; the list keeps id, name and kind', async () => {
      const res = await put(admin, `/api/v1/units/${w.units.dept3}`, {
        name: '住房和城乡建设局（人防办）',
        kind: 'department',
        regionCode: '330824',
        parentId: w.units.leadership,
        contactPhone: '0570-1234567',
        active: false,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        id: w.units.dept3,
        name: '住房和城乡建设局（人防办）',
        kind: 'department',
        regionCode: '330824',
        parentId: w.units.leadership,
        contactPhone: '0570-1234567',
        active: false,
      });
      const list = (await unit1.get('/api/v1/units')).json();
      const row = list.find((u: { id: string }) => u.id === w.units.dept3);
      expect(row).toMatchObject({ id: w.units.dept3, name: '住房和城乡建设局（人防办）', kind: 'department' });

      // Absent members are kept; null clears them.
      const back = await put(admin, `/api/v1/units/${w.units.dept3}`, {
        name: '住房和城乡建设局',
        kind: 'department',
        parentId: null,
        active: true,
      });
      expect(back.json()).toMatchObject({ regionCode: '330824', parentId: null, contactPhone: '0570-1234567' });
    });

    it('answers 403 to every role but the admin, and 404 for another jurisdiction’s unit', async () => {
      const body = { name: '改名', kind: 'department' };
      for (const client of [hub, unit1, entA]) {
        expect((await put(client, `/api/v1/units/${w.units.dept1}`, body)).statusCode).toBe(403);
      }
      expect((await put(admin, `/api/v1/units/${w.units.b1}`, body)).statusCode).toBe(404);
      const names = (await admin.get('/api/v1/units')).json().map((u: { name: string }) => u.name);
      expect(names).toContain('市场监管局');
      expect(names).not.toContain('改名');
    });

    it('answers 409 on a name another unit holds, 400 on a bad parent or region', async () => {
      const taken = await put(admin, `/api/v1/units/${w.units.dept1}`, {
        name: '自然资源和规划局',
        kind: 'department',
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.field).toBe('name');
      const self = await put(admin, `/api/v1/units/${w.units.dept1}`, {
        name: '市场监管局',
        kind: 'department',
        parentId: w.units.dept1,
      });
      expect(self.statusCode).toBe(400);
      expect(self.json().error.field).toBe('parentId');
      // dept2 below dept1, then dept1 below dept2 would be a loop.
      expect(
        (
          await put(admin, `/api/v1/units/${w.units.dept2}`, {
            name: '自然资源和规划局',
            kind: 'department',
            parentId: w.units.dept1,
          })
        ).statusCode,
      ).toBe(200);
      const loop = await put(admin, `/api/v1/units/${w.units.dept1}`, {
        name: '市场监管局',
        kind: 'department',
        parentId: w.units.dept2,
      });
      expect(loop.statusCode).toBe(400);
      expect(loop.json().error.field).toBe('parentId');
      await put(admin, `/api/v1/units/${w.units.dept2}`, {
        name: '自然资源和规划局',
        kind: 'department',
        parentId: null,
      });
      const foreignParent = await put(admin, `/api/v1/units/${w.units.dept1}`, {
        name: '市场监管局',
        kind: 'department',
        parentId: w.units.b1,
      });
      expect(foreignParent.json().error.field).toBe('parentId');
      const region = await put(admin, `/api/v1/units/${w.units.dept1}`, {
        name: '市场监管局',
        kind: 'department',
        regionCode: '110101',
      });
      expect(region.statusCode).toBe(400);
      expect(region.json().error.field).toBe('regionCode');
      const kind = await put(admin, `/api/v1/units/${w.units.dept1}`, { name: '市场监管局', kind: 'ministry' });
      expect(kind.statusCode).toBe(400);
      expect(kind.json().error.field).toBe('kind');
    });
  });

  describe('users', () => {
    const newUser = async (username: string, roles: string[] = ['unit_handler']) => {
      const res = await admin.post('/api/v1/users', {
        username,
        name: username,
        mobile: '13911112222',
        password: 'Strong#2026',
        roles,
        unitId: w.units.dept2,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };

    it('lets the admin change a user; lists mask the mobile, the detail shows it whole', async () => {
      const id = await newUser('ta.edit1');
      const res = await put(admin, `/api/v1/users/${id}`, {
        name: '改名后的承办人',
        mobile: '13712345678',
        roles: ['unit_head'],
        unitId: w.units.dept1,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        name: '改名后的承办人',
        mobile: '137****5678',
        roles: ['unit_head'],
        unitId: w.units.dept1,
        active: true,
      });
      const detail = (await admin.get(`/api/v1/users/${id}`)).json();
      expect(detail.mobile).toBe('13712345678');
      const list = (await admin.get('/api/v1/users?q=ta.edit')).json();
      expect(list.map((u: { id: string }) => u.id)).toEqual([id]);
      expect(list[0].mobile).toBe('137****5678');
      const heads = (await admin.get(`/api/v1/users?role=unit_head&unitId=${w.units.dept1}`)).json();
      expect(heads.map((u: { username: string }) => u.username).sort()).toEqual(['ta.edit1', 'ta.head1']);
      const me = await loginAs(app, 'ta.edit1', 'Strong#2026');
      expect((await me.get('/api/v1/auth/me')).json()).toMatchObject({ roles: ['unit_head'], unitId: w.units.dept1 });
    });

    it('lets the admin set and clear a WeChat openid; lists mask it, the detail shows it whole', async () => {
      const id = await newUser('ta.wechat1');
      const openid = 'oWx_AbCdEfGhIjKlMnOpQrStUv12';
      const res = await put(admin, `/api/v1/users/${id}`, { wechatOpenid: openid });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().wechatOpenid).toBe('oWx_****Uv12');
      expect((await admin.get(`/api/v1/users/${id}`)).json().wechatOpenid).toBe(openid);
      const list = (await admin.get('/api/v1/users?q=ta.wechat1')).json();
      expect(list[0].wechatOpenid).toBe('oWx_****Uv12');
      expect(JSON.stringify(list)).not.toContain(openid);
      const bad = await put(admin, `/api/v1/users/${id}`, { wechatOpenid: 'no spaces allowed' });
      expect(bad.json().error.field).toBe('wechatOpenid');
      const cleared = await put(admin, `/api/v1/users/${id}`, { wechatOpenid: null });
      expect(cleared.json().wechatOpenid).toBeNull();
    });

    it('names the enterprise of an enterprise contact, in the answer and in the list', async () => {
      const id = await newUser('ta.contact1');
      const res = await put(admin, `/api/v1/users/${id}`, {
        roles: ['enterprise'],
        unitId: null,
        enterpriseId: w.enterprises.a,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ enterpriseId: w.enterprises.a, enterpriseName: '甲县一号材料有限公司' });
      const list = (await admin.get('/api/v1/users?role=enterprise')).json();
      const row = list.find((u: { id: string }) => u.id === id);
      expect(row).toMatchObject({ enterpriseName: '甲县一号材料有限公司', unitId: null });
      expect(list.filter((u: { enterpriseName: string | null }) => u.enterpriseName === null)).toEqual([]);
      const staff = (await admin.get('/api/v1/users?role=unit_head')).json();
      expect(staff.every((u: { enterpriseName: string | null }) => u.enterpriseName === null)).toBe(true);
    });

    it('names a new contact’s enterprise on creation and in the detail, as the ledger names it now', async () => {
      const created = await admin.post('/api/v1/users', {
        username: 'ta.contact2',
        name: '乙联系人',
        password: 'Strong#2026',
        roles: ['enterprise'],
        enterpriseId: w.enterprises.b,
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ enterpriseId: w.enterprises.b, enterpriseName: '甲县二号机械有限公司' });
      const id = created.json().id as string;
      const renamed = await put(admin, `/api/v1/enterprises/${w.enterprises.b}`, { name: '甲县二号重工有限公司' });
      expect(renamed.statusCode, renamed.body).toBe(200);
      try {
        expect((await admin.get(`/api/v1/users/${id}`)).json()).toMatchObject({
          enterpriseName: '甲县二号重工有限公司',
        });
        // The name filter reads the user's own name, not the enterprise's that the join brings along.
        const byName = (await admin.get(`/api/v1/users?q=${encodeURIComponent('乙联系人')}`)).json();
        expect(byName.map((u: { id: string; enterpriseName: string }) => [u.id, u.enterpriseName])).toEqual([
          [id, '甲县二号重工有限公司'],
        ]);
        expect((await admin.get(`/api/v1/users?q=${encodeURIComponent('重工')}`)).json()).toEqual([]);
      } finally {
        await put(admin, `/api/v1/enterprises/${w.enterprises.b}`, { name: '甲县二号机械有限公司' });
      }
    });

    it('checks roles against unit and enterprise, and the jurisdiction, as on creation', async () => {
      const id = await newUser('ta.edit2');
      const noUnit = await put(admin, `/api/v1/users/${id}`, { unitId: null });
      expect(noUnit.statusCode).toBe(400);
      expect(noUnit.json().error.field).toBe('unitId');
      const enterprise = await put(admin, `/api/v1/users/${id}`, { roles: ['enterprise'], unitId: null });
      expect(enterprise.json().error.field).toBe('enterpriseId');
      const foreignUnit = await put(admin, `/api/v1/users/${id}`, { unitId: w.units.b1 });
      expect(foreignUnit.json().error.field).toBe('unitId');
      const foreignEnterprise = await put(admin, `/api/v1/users/${id}`, {
        roles: ['enterprise'],
        enterpriseId: w.enterprises.other,
      });
      expect(foreignEnterprise.json().error.field).toBe('enterpriseId');
      const badMobile = await put(admin, `/api/v1/users/${id}`, { mobile: '12345' });
      expect(badMobile.json().error.field).toBe('mobile');
      const badRole = await put(admin, `/api/v1/users/${id}`, { roles: ['superuser'] });
      expect(badRole.statusCode).toBe(400);
      expect(badRole.json().error.field).toMatch(/^roles/);
    });

    it('answers 403 to other roles and 404 for a user of another jurisdiction', async () => {
      const id = await newUser('ta.edit3');
      for (const client of [hub, unit1, entA]) {
        expect((await put(client, `/api/v1/users/${id}`, { name: 'x' })).statusCode).toBe(403);
        expect((await client.post(`/api/v1/users/${id}/reset-password`, { password: 'Another#2026' })).statusCode).toBe(
          403,
        );
        expect((await client.get(`/api/v1/users/${id}`)).statusCode).toBe(403);
      }
      const other = w.actors.hubB.userId;
      expect((await put(admin, `/api/v1/users/${other}`, { name: 'x' })).statusCode).toBe(404);
      expect((await admin.post(`/api/v1/users/${other}/reset-password`, { password: 'Another#2026' })).statusCode).toBe(
        404,
      );
      expect((await admin.get(`/api/v1/users/${other}`)).statusCode).toBe(404);
      expect((await admin.get('/api/v1/users')).json().map((u: { id: string }) => u.id)).not.toContain(other);
    });

    it('disables a user: their sessions end and login answers the same 401 as a wrong password', async () => {
      const id = await newUser('ta.leaver');
      const session = await loginAs(app, 'ta.leaver', 'Strong#2026');
      expect((await session.get('/api/v1/auth/me')).statusCode).toBe(200);
      const res = await put(admin, `/api/v1/users/${id}`, { disabled: true });
      expect(res.statusCode).toBe(200);
      expect(res.json().active).toBe(false);
      expect((await session.get('/api/v1/auth/me')).statusCode).toBe(401);
      const live = await handle.db
        .selectFrom('sessions')
        .select('token_hash')
        .where('user_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      expect(live).toEqual([]);
      const disabled = await login('ta.leaver', 'Strong#2026');
      const wrong = await login('ta.hub', 'not-the-password');
      expect(disabled.statusCode).toBe(401);
      expect(disabled.json()).toEqual(wrong.json());

      expect((await put(admin, `/api/v1/users/${id}`, { disabled: false })).json().active).toBe(true);
      expect((await login('ta.leaver', 'Strong#2026')).statusCode).toBe(200);
    });

    it('does not let the admin disable themselves or drop their own admin role', async () => {
      const me = w.actors.admin.userId;
      const disable = await put(admin, `/api/v1/users/${me}`, { disabled: true });
      expect(disable.statusCode).toBe(400);
      expect(disable.json().error.field).toBe('disabled');
      const demote = await put(admin, `/api/v1/users/${me}`, { roles: ['hub'] }, { 'accept-language': 'en' });
      expect(demote.statusCode).toBe(400);
      expect(demote.json().error).toMatchObject({ field: 'roles' });
      expect(demote.json().error.message).toContain('admin role');
      expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
    });

    it('resets a password to one meeting the creation rule and ends the old sessions', async () => {
      const id = await newUser('ta.forgot');
      const old = await loginAs(app, 'ta.forgot', 'Strong#2026');
      const short = await admin.post(`/api/v1/users/${id}/reset-password`, { password: 'short' });
      expect(short.statusCode).toBe(400);
      expect(short.json().error.field).toBe('password');
      const plain = await admin.post(`/api/v1/users/${id}/reset-password`, { password: 'abcdefgh12' });
      expect(plain.statusCode).toBe(400);
      expect(plain.json().error.field).toBe('password');
      expect((await old.get('/api/v1/auth/me')).statusCode).toBe(200);

      const reset = await admin.post(`/api/v1/users/${id}/reset-password`, { password: 'Renewed#2026' });
      expect(reset.statusCode).toBe(204);
      expect((await old.get('/api/v1/auth/me')).statusCode).toBe(401);
      expect((await login('ta.forgot', 'Strong#2026')).statusCode).toBe(401);
      expect((await login('ta.forgot', 'Renewed#2026')).statusCode).toBe(200);
    });

    it('lifts a lockout when the admin resets the password', async () => {
      const id = await newUser('ta.locked');
      for (let i = 0; i < 5; i++) await login('ta.locked', `wrong-${i}`);
      expect((await login('ta.locked', 'Strong#2026')).statusCode).toBe(429);
      await admin.post(`/api/v1/users/${id}/reset-password`, { password: 'Unlocked#2026' });
      expect((await login('ta.locked', 'Unlocked#2026')).statusCode).toBe(200);
    });

    it('lists the active liaisons, names only, for the hub and the admin', async () => {
      const res = await hub.get('/api/v1/liaisons');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([{ id: w.actors.liaison.userId, name: 'ta.liaison', unitId: w.units.town }]);
      expect((await admin.get('/api/v1/liaisons')).statusCode).toBe(200);
      expect((await unit1.get('/api/v1/liaisons')).statusCode).toBe(403);
      expect((await entA.get('/api/v1/liaisons')).statusCode).toBe(403);
    });
  });
});
