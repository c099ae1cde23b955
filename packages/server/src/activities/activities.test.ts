import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import { docxText } from '../testing/sheets.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import type { ActivityDto, ActivityReportDto } from './activities.schemas.js';

type ErrorBody = { error: { code: string; field?: string; message: string } };

/**
 * The activity log (走访与活动): the liaison of 甲县's town visits enterprise A (on its ledger) and
 * files what it heard as cases; a second liaison sees none of it; the hub records a leader's day in
 * enterprises, and the month's report counts each leader's distinct days.
 */
describe.each(ENGINES)('activity log on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let liaison: Client;
  let other: Client;
  let hub: Client;
  let leader: Client;
  let unit1: Client;
  let visitId: string;

  beforeAll(async () => {
    handle = await engine.open();
    const clock = new ManualClock('2026-11-20T01:00:00Z');
    w = await seedWorld(handle.db);
    // A second liaison of the town, with no enterprise on its ledger.
    const hash = await handle.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', w.actors.liaison.userId)
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto('users')
      .values({
        jurisdiction_id: w.jurisdictionA,
        username: 'ta.liaison2',
        name: '第二联络员',
        mobile: null,
        id_number: null,
        password_hash: hash.password_hash,
        roles: ['liaison'],
        unit_id: w.units.town,
        enterprise_id: null,
        locked_until: null,
      })
      .execute();
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, tokenTtlHours: 24 * 30 });
    liaison = await loginAs(app, 'ta.liaison', TEST_PASSWORD);
    other = await loginAs(app, 'ta.liaison2', TEST_PASSWORD);
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    leader = await loginAs(app, 'ta.leader', TEST_PASSWORD);
    unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const counts = async () => ({
    activities: (await handle.db.selectFrom('activities').select('id').execute()).length,
    cases: (await handle.db.selectFrom('cases').select('id').execute()).length,
  });

  it('files each problem of a visit as a case with the enterprise, linked to the activity', async () => {
    const res = await liaison.post('/api/v1/activities', {
      kind: 'visit',
      title: '走访甲县一号材料',
      heldAt: '2026-11-03T09:30:00+08:00',
      place: '甲县一号材料生产车间',
      attendees: [{ userId: w.actors.town.userId }, { name: '王经理', unit: '甲县一号材料有限公司' }],
      enterpriseIds: [w.enterprises.a],
      notes: '了解扩产用地和用电需求',
      problems: [
        { title: '扩产用地指标不足', content: '二期厂房需新增用地 20 亩，指标尚未落实。' },
        { title: '专变增容报装缓慢', content: '新增 800 千伏安专变报装已三个月未批。', kind: 'help' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, caseIds } = res.json<{ id: string; caseIds: string[] }>();
    visitId = id;
    expect(caseIds).toHaveLength(2);
    const cases = await handle.db
      .selectFrom('cases')
      .select(['id', 'channel', 'enterprise_id', 'created_by', 'status'])
      .where('id', 'in', caseIds)
      .execute();
    for (const c of cases) {
      expect(c).toMatchObject({
        channel: 'visit',
        enterprise_id: w.enterprises.a,
        created_by: w.actors.liaison.userId,
        status: 'submitted',
      });
    }
    const view = (await liaison.get(`/api/v1/activities/${id}`)).json<ActivityDto>();
    expect(view).toMatchObject({
      kind: 'visit',
      title: '走访甲县一号材料',
      heldAt: '2026-11-03T01:30:00.000Z',
      recordedBy: { id: w.actors.liaison.userId },
      enterprises: [{ id: w.enterprises.a, name: '甲县一号材料有限公司' }],
      attendees: [
        { userId: w.actors.town.userId, name: 'ta.town', unit: expect.any(String) as string },
        { userId: null, name: '王经理', unit: '甲县一号材料有限公司' },
      ],
    });
    expect(view.cases.map((c) => [c.id, c.produced]).sort()).toEqual(caseIds.map((c) => [c, true]).sort());
    expect((await hub.get(`/api/v1/activities?enterpriseId=${w.enterprises.a}`)).json<ActivityDto[]>()).toEqual([
      expect.objectContaining({ id }),
    ]);
  });

  it('shows each reader only the cases of an activity it may open', async () => {
    const res = await hub.post('/api/v1/activities', {
      kind: 'symposium',
      title: '两家企业座谈',
      // In September: the month counts below are November's and October's.
      heldAt: '2026-09-24T15:00:00+08:00',
      enterpriseIds: [w.enterprises.a, w.enterprises.b],
      problems: [
        { title: '甲企业的问题', content: '甲企业反映的问题。', enterpriseId: w.enterprises.a },
        { title: '乙企业的问题', content: '乙企业反映的问题。', enterpriseId: w.enterprises.b },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<{ id: string }>();
    const titles = async (client: Client) =>
      (await client.get(`/api/v1/activities/${id}`))
        .json<ActivityDto>()
        .cases.map((c) => c.title)
        .sort();
    expect(await titles(hub)).toEqual(['乙企业的问题', '甲企业的问题']);
    // The meeting met A, on the liaison's ledger: the liaison reads it, but not B's case.
    expect(await titles(liaison)).toEqual(['甲企业的问题']);
  });

  it('keeps a liaison to its own: another liaison’s activity is 404, another ledger’s enterprise 403', async () => {
    expect((await other.get(`/api/v1/activities/${visitId}`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/activities')).json<ActivityDto[]>()).toEqual([]);
    expect((await unit1.get(`/api/v1/activities/${visitId}`)).statusCode).toBe(403);
    const before = await counts();
    const notMine = await other.post('/api/v1/activities', {
      kind: 'visit',
      title: '走访不在台账的企业',
      heldAt: '2026-11-04T09:00:00+08:00',
      enterpriseIds: [w.enterprises.a],
      problems: [{ title: '不应登记', content: '不应登记' }],
    });
    expect(notMine.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    // Linking: the other liaison cannot reach the visit, nor link a case it cannot see.
    const [caseId] = (await liaison.get(`/api/v1/activities/${visitId}`)).json<ActivityDto>().cases;
    expect((await other.post(`/api/v1/activities/${visitId}/cases`, { caseId: caseId!.id })).statusCode).toBe(404);
  });

  it('links an existing case the caller can see, once', async () => {
    const filed = await hub.post('/api/v1/cases', {
      title: '乙企业消防验收',
      content: '消防验收排期过长。',
      enterpriseId: w.enterprises.b,
    });
    const caseB = filed.json<{ id: string }>().id;
    // Case B is not on the liaison's ledger: to the liaison it does not exist.
    expect((await liaison.post(`/api/v1/activities/${visitId}/cases`, { caseId: caseB })).statusCode).toBe(404);
    const linked = await hub.post(`/api/v1/activities/${visitId}/cases`, { caseId: caseB });
    expect(linked.statusCode, linked.body).toBe(200);
    await hub.post(`/api/v1/activities/${visitId}/cases`, { caseId: caseB });
    const view = linked.json<ActivityDto>();
    expect(view.cases.filter((c) => c.id === caseB)).toEqual([expect.objectContaining({ produced: false })]);
    const again = (await hub.get(`/api/v1/activities/${visitId}`)).json<ActivityDto>();
    expect(again.cases).toHaveLength(3);
  });

  it('counts a leader’s distinct days in enterprises in the month', async () => {
    const leaderId = w.actors.leader.userId;
    const record = async (body: Record<string, unknown>) => {
      const res = await hub.post('/api/v1/activities', { kind: 'enterprise_day', title: '领导进企业日', ...body });
      expect(res.statusCode, res.body).toBe(201);
    };
    // Two activities on 11-05 (one led, one attended): one day.
    await record({ heldAt: '2026-11-05T09:00:00+08:00', ledBy: leaderId, enterpriseIds: [w.enterprises.a] });
    await record({
      kind: 'onsite_meeting',
      heldAt: '2026-11-05T15:00:00+08:00',
      attendees: [{ userId: leaderId }],
      enterpriseIds: [w.enterprises.b],
    });
    // A meeting in the office, with no enterprise: no day.
    await record({ kind: 'symposium', heldAt: '2026-11-10T09:00:00+08:00', ledBy: leaderId });
    // 11-12: a second day. 10-31 (Shanghai) is another month.
    await record({ heldAt: '2026-11-12T10:00:00+08:00', ledBy: leaderId, enterpriseIds: [w.enterprises.b] });
    await record({ heldAt: '2026-10-31T23:30:00+08:00', ledBy: leaderId, enterpriseIds: [w.enterprises.a] });

    const res = await leader.get('/api/v1/reports/activities?month=2026-11');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<ActivityReportDto>();
    expect(report.leaders).toEqual([
      { userId: leaderId, name: 'ta.leader', days: 2, dates: ['2026-11-05', '2026-11-12'], activities: 3 },
    ]);
    expect(report.total).toBe(5);
    expect(report.byKind.find((k) => k.kind === 'enterprise_day')?.count).toBe(2);
    expect(report.byKind.find((k) => k.kind === 'visit')?.count).toBe(1);
    const october = (await hub.get('/api/v1/reports/activities?month=2026-10')).json<ActivityReportDto>();
    expect(october.leaders[0]).toMatchObject({ days: 1, dates: ['2026-10-31'] });
    expect((await liaison.get('/api/v1/reports/activities?month=2026-11')).statusCode).toBe(403);
    // The month's notice carries the same figures in its 走访与活动 section.
    const notice = await leader.get('/api/v1/reports/monthly-notice.docx?month=2026-11');
    expect(notice.statusCode).toBe(200);
    const { paragraphs, tables } = await docxText(notice.rawPayload);
    expect(paragraphs.some((p) => /、走访与活动$/.test(p))).toBe(true);
    expect(paragraphs.some((p) => p.includes('本月共开展走访与活动 5 次'))).toBe(true);
    expect(tables.flat()).toContainEqual(['ta.leader', '2', '3', '2026-11-05、2026-11-12']);
    // The list filters by month and kind.
    const days = (await hub.get('/api/v1/activities?from=2026-11-01&to=2026-12-01&kind=enterprise_day')).json<
      ActivityDto[]
    >();
    expect(days.map((a) => a.heldAt)).toEqual(['2026-11-12T02:00:00.000Z', '2026-11-05T01:00:00.000Z']);
  });

  it('refuses bad activities naming the field, writing nothing', async () => {
    const before = await counts();
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await hub.post('/api/v1/activities', {
        kind: 'visit',
        title: '校验',
        heldAt: '2026-11-06T09:00:00+08:00',
        ...body,
      });
      expect(res.statusCode, res.body).toBe(400);
      const error = res.json<ErrorBody>().error;
      expect(error.field ?? error.message, res.body).toContain(field);
    };
    await bad({ kind: 'picnic' }, 'kind');
    await bad({ title: '' }, 'title');
    await bad({ heldAt: '2026-11-21T09:00:00+08:00' }, 'heldAt');
    await bad({ enterpriseIds: [w.enterprises.other] }, 'enterpriseIds');
    await bad({ ledBy: w.actors.hubB.userId }, 'ledBy');
    await bad({ attendees: [{ userId: w.actors.unitB.userId }] }, 'attendees');
    await bad({ attendees: [{ unit: '无名' }] }, 'attendees');
    await bad(
      {
        enterpriseIds: [w.enterprises.a],
        problems: [
          { title: '好问题', content: '会被回滚' },
          { title: '错企业', content: '不在本次活动', enterpriseId: w.enterprises.b },
        ],
      },
      'problems.1.enterpriseId',
    );
    await bad({ caseIds: ['00000000-0000-4000-8000-000000000000'] }, 'caseIds');
    expect(await counts()).toEqual(before);
    const month = await hub.get('/api/v1/reports/activities?month=2026-13');
    expect(month.statusCode).toBe(400);
    const zh = await hub.post('/api/v1/activities', {
      kind: 'visit',
      title: '校验',
      heldAt: '2026-12-25T09:00:00+08:00',
    });
    expect(zh.json<ErrorBody>().error.message).toMatch(/活动时间不能晚于现在/);
  });
});
