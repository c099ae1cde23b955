import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/password.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { fixtureUscc, seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { PiiKeyring } from './pii.keyring.js';
import type { PiiViewListDto } from './pii.schemas.js';

const MOBILE = '13700002222';

describe.each(ENGINES)('whole personal data shown and recorded, on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let as: Record<'admin' | 'hub' | 'leader' | 'unit1' | 'discipline' | 'entA' | 'adminB', Client>;
  let caseId: string;
  // 23:00 in Shanghai on 1 November; the view log's day filter is tried on 2 November.
  const clock = new ManualClock('2026-11-01T15:00:00Z');

  /** Every row of the view log, oldest first, as stored. */
  const logRows = () => handle.db.selectFrom('pii_views').selectAll().orderBy('viewed_at').orderBy('id').execute();

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    // An admin of the other jurisdiction, to show that each admin reads only their own log.
    await handle.db
      .insertInto('users')
      .values({
        jurisdiction_id: w.jurisdictionB,
        username: 'tb.admin',
        name: 'tb.admin',
        mobile: null,
        id_number: null,
        password_hash: await hashPassword(TEST_PASSWORD),
        roles: ['admin'],
        unit_id: null,
        enterprise_id: null,
        locked_until: null,
      })
      .execute();
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, loginFailuresPerIp: 1000 });
    as = {
      admin: await loginAs(app, 'ta.admin', TEST_PASSWORD),
      hub: await loginAs(app, 'ta.hub', TEST_PASSWORD),
      leader: await loginAs(app, 'ta.leader', TEST_PASSWORD),
      unit1: await loginAs(app, 'ta.unit1', TEST_PASSWORD),
      discipline: await loginAs(app, 'ta.discipline', TEST_PASSWORD),
      entA: await loginAs(app, 'ta.entA', TEST_PASSWORD),
      adminB: await loginAs(app, 'tb.admin', TEST_PASSWORD),
    };
    const filed = await as.hub.post('/api/v1/cases', {
      title: '园区路灯不亮',
      content: '园区主干道路灯不亮，夜间货车进出有安全隐患。',
      enterpriseId: w.enterprises.b,
      contactName: '王先生',
      contactMobile: MOBILE,
    });
    expect(filed.statusCode).toBe(201);
    caseId = filed.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  describe('at rest', () => {
    it('stores a case’s contact mobile encrypted, not in plain text', async () => {
      const row = await handle.db
        .selectFrom('cases')
        .select('contact_mobile')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      expect(row.contact_mobile).toMatch(/^enc:v1:test1:/);
      expect(row.contact_mobile).not.toContain(MOBILE);
      expect(row.contact_mobile).not.toContain(MOBILE.slice(3));
      expect(TEST_PII.decrypt(row.contact_mobile ?? '')).toBe(MOBILE);
    });

    it('stores the mobiles of enterprise contacts and of users encrypted', async () => {
      const created = await as.admin.post('/api/v1/enterprises', {
        uscc: fixtureUscc('330824', 77),
        name: '甲县七十七号有限公司',
        contacts: [{ name: '赵经理', mobile: '13911112222', title: '经理' }],
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ contacts: [{ name: '赵经理', mobile: '13911112222' }] });
      const ent = await handle.db
        .selectFrom('enterprises')
        .select('contacts')
        .where('id', '=', created.json<{ id: string }>().id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(ent.contacts)).not.toContain('13911112222');
      expect(ent.contacts[0]?.mobile).toMatch(/^enc:v1:test1:/);

      const user = await as.admin.post('/api/v1/users', {
        username: 'ta.newcomer',
        name: '新同事',
        mobile: '13933334444',
        password: TEST_PASSWORD,
        roles: ['hub'],
        unitId: w.units.hub,
      });
      expect(user.statusCode).toBe(201);
      expect(user.json()).toMatchObject({ mobile: '139****4444' });
      const stored = await handle.db
        .selectFrom('users')
        .select('mobile')
        .where('username', '=', 'ta.newcomer')
        .executeTakeFirstOrThrow();
      expect(stored.mobile).toMatch(/^enc:v1:test1:/);
      expect(stored.mobile).not.toContain('13933334444');
    });
  });

  describe('what the API answers', () => {
    it('shows the whole mobile to those who handle the case and masks it for everyone else, in lists always', async () => {
      expect((await as.hub.get(`/api/v1/cases/${caseId}`)).json()).toMatchObject({ contactMobile: MOBILE });
      expect((await as.leader.get(`/api/v1/cases/${caseId}`)).json()).toMatchObject({ contactMobile: '137****2222' });
      const list = await as.hub.get('/api/v1/cases?pageSize=100');
      const item = list.json<{ items: { id: string; contactMobile: string }[] }>().items.find((i) => i.id === caseId);
      expect(item?.contactMobile).toBe('137****2222');
      expect((await as.admin.get(`/api/v1/enterprises/${w.enterprises.a}`)).json()).toMatchObject({
        contacts: [{ mobile: '13900001111' }],
      });
      expect((await as.leader.get(`/api/v1/enterprises/${w.enterprises.a}`)).json()).toMatchObject({
        contacts: [{ mobile: '139****1111' }],
      });
      expect((await as.admin.get(`/api/v1/users/${w.actors.hub.userId}`)).json()).toMatchObject({
        mobile: '13812341234',
      });
      const users = (await as.admin.get('/api/v1/users')).json<{ mobile: string | null }[]>();
      expect(users.filter((u) => u.mobile !== null).every((u) => /^1\d{2}\*{4}\d{4}$/.test(u.mobile ?? ''))).toBe(true);
    });
  });

  describe('the view log', () => {
    it('adds one row per answer with a whole mobile: who, when, which case and field, from where', async () => {
      const before = (await logRows()).length;
      clock.set('2026-11-02T02:00:00Z');
      expect((await as.hub.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(200);
      const rows = await logRows();
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({
        jurisdiction_id: w.jurisdictionA,
        viewer_id: w.actors.hub.userId,
        subject_kind: 'case',
        subject_id: caseId,
        case_id: caseId,
        field: 'contactMobile',
        action: 'case.view',
        address: '127.0.0.1',
      });
      expect(rows.at(-1)?.viewed_at.toISOString()).toBe('2026-11-02T02:00:00.000Z');
    });

    it('records a command whose answer shows the whole mobile, and nothing for masked answers and lists', async () => {
      const before = (await logRows()).length;
      await as.leader.get(`/api/v1/cases/${caseId}`);
      await as.hub.get('/api/v1/cases?pageSize=100');
      await as.leader.get(`/api/v1/enterprises/${w.enterprises.a}`);
      await as.admin.get('/api/v1/users');
      await as.admin.get('/api/v1/enterprises');
      expect(await logRows()).toHaveLength(before);

      const accepted = await as.hub.post(`/api/v1/cases/${caseId}/accept`, {});
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json()).toMatchObject({ contactMobile: MOBILE });
      const rows = await logRows();
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toMatchObject({ viewer_id: w.actors.hub.userId, case_id: caseId, action: 'case.accept' });

      const refused = await as.hub.post(`/api/v1/cases/${caseId}/accept`, {});
      expect(refused.statusCode).toBe(409);
      const bulk = await as.hub.post('/api/v1/cases/bulk-dispatch', { caseIds: [caseId], leadUnitId: w.units.dept1 });
      expect(bulk.json()).toMatchObject({ succeeded: 1 });
      expect(await logRows()).toHaveLength(before + 1);
    });

    it('records the enterprise and user pages that show whole numbers', async () => {
      const before = (await logRows()).length;
      await as.admin.get(`/api/v1/enterprises/${w.enterprises.a}`);
      await as.admin.get(`/api/v1/users/${w.actors.hub.userId}`);
      const rows = (await logRows()).slice(before);
      expect(rows).toMatchObject([
        {
          viewer_id: w.actors.admin.userId,
          subject_kind: 'enterprise',
          subject_id: w.enterprises.a,
          case_id: null,
          field: 'contacts.mobile',
          action: 'enterprise.view',
        },
        {
          viewer_id: w.actors.admin.userId,
          subject_kind: 'user',
          subject_id: w.actors.hub.userId,
          field: 'mobile',
          action: 'user.view',
        },
      ]);
    });

    it('lets the admin read it, newest first, filtered by viewer, case and day, never with a number in it', async () => {
      const res = await as.admin.get(`/api/v1/admin/pii-views?caseId=${caseId}`);
      expect(res.statusCode).toBe(200);
      const page = res.json<PiiViewListDto>();
      expect(page.total).toBeGreaterThanOrEqual(3);
      expect(page.items.every((i) => i.caseId === caseId && i.subjectKind === 'case')).toBe(true);
      expect(page.items[0]).toMatchObject({
        viewer: { id: w.actors.hub.userId, username: 'ta.hub' },
        subjectLabel: expect.stringMatching(/^TA-2026-\d{6}$/),
        field: 'contactMobile',
        action: 'case.accept',
        address: '127.0.0.1',
      });
      expect(res.body).not.toMatch(/1[3-9]\d{9}|\d{3}\*{4}\d{4}/);

      const byAdmin = (
        await as.admin.get(`/api/v1/admin/pii-views?userId=${w.actors.admin.userId}`)
      ).json<PiiViewListDto>();
      expect(byAdmin.items.length).toBeGreaterThan(0);
      expect(byAdmin.items.every((i) => i.viewer.id === w.actors.admin.userId)).toBe(true);
      expect(byAdmin.items.map((i) => i.subjectLabel)).toContain('ta.hub（ta.hub）');

      const all = (await as.admin.get('/api/v1/admin/pii-views?pageSize=200')).json<PiiViewListDto>();
      const day = (await as.admin.get('/api/v1/admin/pii-views?from=2026-11-02&to=2026-11-02')).json<PiiViewListDto>();
      expect(day.total).toBeGreaterThan(0);
      expect(day.total).toBeLessThan(all.total);
      expect(day.items.every((i) => i.at >= '2026-11-01T16:00:00.000Z' && i.at < '2026-11-02T16:00:00.000Z')).toBe(
        true,
      );
      const none = (await as.admin.get('/api/v1/admin/pii-views?from=2026-10-01&to=2026-10-31')).json<PiiViewListDto>();
      expect(none).toMatchObject({ total: 0, items: [] });

      const paged = (await as.admin.get('/api/v1/admin/pii-views?pageSize=1&page=2')).json<PiiViewListDto>();
      expect(paged).toMatchObject({ page: 2, pageSize: 1 });
      expect(paged.items).toHaveLength(1);
    });

    it('is for admins only, each over their own jurisdiction', async () => {
      for (const client of [as.hub, as.leader, as.unit1, as.discipline, as.entA]) {
        const res = await client.get('/api/v1/admin/pii-views');
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      }
      expect((await as.adminB.get('/api/v1/admin/pii-views')).json()).toMatchObject({ total: 0, items: [] });
      expect((await app.inject({ method: 'GET', url: '/api/v1/admin/pii-views' })).statusCode).toBe(401);
    });

    it('answers 400 naming the field for a bad filter', async () => {
      const bad = await as.admin.get('/api/v1/admin/pii-views?from=2026-02-30');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'from' } });
      const reversed = await as.admin.get('/api/v1/admin/pii-views?from=2026-11-05&to=2026-11-01');
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json()).toMatchObject({ error: { field: 'to' } });
      expect((await as.admin.get('/api/v1/admin/pii-views?caseId=nope')).statusCode).toBe(400);
    });

    it('cannot be changed or deleted', async () => {
      await expect(handle.db.updateTable('pii_views').set({ address: null }).execute()).rejects.toThrow(/append-only/);
      await expect(handle.db.deleteFrom('pii_views').execute()).rejects.toThrow(/append-only/);
    });
  });

  describe('a value under a key that is no longer configured', () => {
    let lostCase: string;

    beforeAll(async () => {
      const filed = await as.hub.post('/api/v1/cases', { title: '旧密钥诉求', content: '联系人号码用旧密钥加密。' });
      lostCase = filed.json<{ id: string }>().id;
      const lost = PiiKeyring.fromText(`old7:${Buffer.alloc(32, 11).toString('base64')}`).encrypt('13755556666');
      await handle.db.updateTable('cases').set({ contact_mobile: lost }).where('id', '=', lostCase).execute();
    });

    it('answers a clear error naming the key where the whole number is asked for, and records nothing', async () => {
      const before = (await logRows()).length;
      const res = await as.hub.get(`/api/v1/cases/${lostCase}`, { 'accept-language': 'en' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ error: { code: 'PII_KEY_MISSING', keyId: 'old7' } });
      expect(res.json<{ error: { message: string } }>().error.message).toContain('"old7"');
      expect(await logRows()).toHaveLength(before);
    });

    it('still answers lists and masked views, with **** for that number', async () => {
      const list = await as.hub.get('/api/v1/cases?pageSize=100');
      expect(list.statusCode).toBe(200);
      const items = list.json<{ items: { id: string; contactMobile: string }[] }>().items;
      expect(items.find((i) => i.id === lostCase)?.contactMobile).toBe('****');
      expect(items.find((i) => i.id === caseId)?.contactMobile).toBe('137****2222');
      const leader = await as.leader.get(`/api/v1/cases/${lostCase}`);
      expect(leader.statusCode).toBe(200);
      expect(leader.json()).toMatchObject({ contactMobile: '****' });
    });
  });
});
