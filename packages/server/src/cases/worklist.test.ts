import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { fixtureUscc, seedWorld, TEST_PASSWORD } from '../testing/world.js';

/** The hub's worklist: filters by unit, category, channel, region and period; saved views; bulk dispatch. */
describe.each(ENGINES)('the worklist on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let w: World;
  let hub: Client;
  let entA: Client;
  let entB: Client;
  let subCategory: string;
  const cases: Record<string, string> = {};

  const ids = async (client: Client, query: string) => {
    const res = await client.get(`/api/v1/cases?pageSize=200&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<{ items: { id: string }[] }>()
      .items.map((i) => i.id)
      .sort();
  };
  const pick = (...names: string[]) => names.map((n) => cases[n] ?? '').sort();

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    w = await seedWorld(handle.db);
    // 滕州's limits, so that cases have time limits to show.
    const tz = presetProfiles().get('tz');
    if (!tz) throw new Error('preset tz missing');
    await handle.db
      .transaction()
      .execute((trx) => storeProfile(trx, w.jurisdictionA, { ...tz, code: 'ta' }, { userId: null, at: clock.now() }));
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, tokenTtlHours: 24 * 30 });
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    entA = await loginAs(app, 'ta.entA', TEST_PASSWORD);
    entB = await loginAs(app, 'ta.entB', TEST_PASSWORD);
    subCategory = (
      await handle.db
        .insertInto('categories')
        .values({ jurisdiction_id: w.jurisdictionA, parent_id: w.categoryId, code: 'subsidy', name: '补贴申报' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const file = async (name: string, client: Client, body: Record<string, unknown>) => {
      const res = await client.post('/api/v1/cases', { title: name, content: `${name}的内容`, ...body });
      expect(res.statusCode, res.body).toBe(201);
      cases[name] = res.json<{ id: string }>().id;
    };
    // Filed on 2 November (Shanghai): A in the town 330824101, B in 330824102.
    await file('policyA', entA, { categoryId: w.categoryId });
    await file('subsidyB', entB, { categoryId: subCategory });
    clock.set('2026-11-05T03:00:00Z');
    await file('hotlineA', hub, { channel: 'hotline12345', enterpriseId: w.enterprises.a });
    await file('plainB', entB, {});
    const dispatched = await hub.post(`/api/v1/cases/${cases['policyA']}/dispatch`, {
      leadUnitId: w.units.dept1,
      coUnitIds: [w.units.dept2],
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect(
      (await hub.post(`/api/v1/cases/${cases['hotlineA']}/dispatch`, { leadUnitId: w.units.dept2 })).statusCode,
    ).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('filters by the unit a case is assigned to, lead or co', async () => {
    expect(await ids(hub, `unitId=${w.units.dept1}`)).toEqual(pick('policyA'));
    expect(await ids(hub, `unitId=${w.units.dept2}`)).toEqual(pick('policyA', 'hotlineA'));
    expect(await ids(hub, `unitId=${w.units.dept3}`)).toEqual([]);
  });

  it('filters by a category together with the categories below it', async () => {
    expect(await ids(hub, `categoryId=${w.categoryId}`)).toEqual(pick('policyA', 'subsidyB'));
    expect(await ids(hub, `categoryId=${subCategory}`)).toEqual(pick('subsidyB'));
    // Another jurisdiction's or an unknown category matches nothing rather than everything.
    expect(await ids(hub, 'categoryId=00000000-0000-4000-8000-000000000001')).toEqual([]);
  });

  it('filters by channel, region (a county finds its towns) and period in Shanghai days', async () => {
    expect(await ids(hub, 'channel=hotline12345')).toEqual(pick('hotlineA'));
    expect(await ids(hub, 'regionCode=330824101')).toEqual(pick('policyA', 'hotlineA'));
    expect(await ids(hub, 'regionCode=330824')).toEqual(pick('policyA', 'subsidyB', 'hotlineA', 'plainB'));
    expect(await ids(hub, 'regionCode=330800')).toEqual(pick('policyA', 'subsidyB', 'hotlineA', 'plainB'));
    expect(await ids(hub, 'from=2026-11-02&to=2026-11-02')).toEqual(pick('policyA', 'subsidyB'));
    expect(await ids(hub, 'from=2026-11-03')).toEqual(pick('hotlineA', 'plainB'));
    expect(await ids(hub, 'from=2026-11-03&regionCode=330824102')).toEqual(pick('plainB'));
  });

  it('finds a case by enterprise name, USCC, contact name and number, within the caller’s scope', async () => {
    expect(await ids(hub, `q=${encodeURIComponent('二号机械')}`)).toEqual(pick('subsidyB', 'plainB'));
    expect(await ids(hub, `q=${fixtureUscc('330824', 1)}`)).toEqual(pick('policyA', 'hotlineA'));
    expect(await ids(hub, `q=${fixtureUscc('330824', 1).toLowerCase()}`)).toEqual(pick('policyA', 'hotlineA'));
    // The hub's call names the enterprise's contact; an enterprise's own filing names its user.
    expect(await ids(hub, `q=${encodeURIComponent('联系人')}`)).toEqual(pick('hotlineA'));
    expect(await ids(hub, 'q=ta.entB')).toEqual(pick('subsidyB', 'plainB'));
    const number = (await hub.get(`/api/v1/cases/${cases['plainB']}`)).json<{ number: string }>().number;
    expect(await ids(hub, `q=${number}`)).toEqual(pick('plainB'));
    // Enterprise A's contact finds nothing of B by B's name.
    expect(await ids(entA, `q=${encodeURIComponent('二号机械')}`)).toEqual([]);
    // A wildcard in q is a literal character, not a pattern.
    expect(await ids(hub, 'q=%25')).toEqual([]);
  });

  it('gives each list item its enterprise, nearest time limit and whether it has passed', async () => {
    const item = async (name: string) =>
      (await hub.get('/api/v1/cases?pageSize=200'))
        .json<{ items: { id: string; enterpriseName: string; dueAt: string | null; overdue: boolean }[] }>()
        .items.find((i) => i.id === cases[name]);
    const before = await item('hotlineA');
    expect(before).toMatchObject({ enterpriseName: '甲县一号材料有限公司', overdue: false });
    expect(before?.dueAt).not.toBeNull();
    const clocks = (await hub.get(`/api/v1/cases/${cases['hotlineA']}`)).json<{
      clocks: { dueAt: string; state: string }[];
    }>().clocks;
    const open = clocks.filter((k) => ['running', 'warned', 'breached'].includes(k.state)).map((k) => k.dueAt);
    expect(before?.dueAt).toBe(open.sort()[0]);
    const saved = clock.now();
    clock.set(new Date(new Date(before?.dueAt ?? 0).getTime() + 60_000));
    try {
      expect(await item('hotlineA')).toMatchObject({ overdue: true, dueAt: before?.dueAt });
      expect(await ids(hub, 'clock=overdue')).toContain(cases['hotlineA']);
      const counts = await hub.get('/api/v1/cases/counts');
      expect(counts.statusCode, counts.body).toBe(200);
      expect(counts.json().overdue).toBeGreaterThanOrEqual(1);
    } finally {
      clock.set(saved);
    }
    // A case without an open limit has none to show.
    const rejected = await hub.post('/api/v1/cases', {
      title: '无时限',
      content: '内容',
      enterpriseId: w.enterprises.b,
    });
    const rid = rejected.json<{ id: string }>().id;
    expect((await hub.post(`/api/v1/cases/${rid}/reject`, { reason: '非涉企事项' })).statusCode).toBe(200);
    cases['rejectedB'] = rid;
    expect(await item('rejectedB')).toMatchObject({ dueAt: null, overdue: false });
  });

  it('counts a lateness against whoever owns the clock: the hub’s late revisit is not the unit’s', async () => {
    const unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    const filed = await entB.post('/api/v1/cases', { title: '回访超期', content: '内容' });
    const id = filed.json<{ id: string }>().id;
    await hub.post(`/api/v1/cases/${id}/dispatch`, { leadUnitId: w.units.dept1 });
    await unit1.post(`/api/v1/cases/${id}/sign`, {});
    const replied = await unit1.post(`/api/v1/cases/${id}/reply`, { result: 'solved', text: '已办结' });
    const revisit = replied
      .json<{ clocks: { milestone: string; dueAt: string; state: string }[] }>()
      .clocks.find((c) => c.milestone === 'revisit' && c.state === 'running');
    expect(revisit).toBeDefined();
    const saved = clock.now();
    clock.set(new Date(new Date(revisit?.dueAt ?? 0).getTime() + 60_000));
    try {
      expect(await ids(hub, 'clock=overdue')).toContain(id);
      expect(await ids(unit1, 'clock=overdue')).not.toContain(id);
      const row = (await hub.get('/api/v1/cases?pageSize=200'))
        .json<{ items: { id: string; dueMilestone: string; dueUnitId: string | null; overdue: boolean }[] }>()
        .items.find((i) => i.id === id);
      expect(row).toMatchObject({ dueMilestone: 'revisit', dueUnitId: null, overdue: true });
      const hubCounts = (await hub.get('/api/v1/cases/counts')).json<{ overdue: number }>();
      const unitCounts = (await unit1.get('/api/v1/cases/counts')).json<{ overdue: number }>();
      expect(unitCounts.overdue).toBe((await ids(unit1, 'clock=overdue')).length);
      expect(hubCounts.overdue).toBe((await ids(hub, 'clock=overdue')).length);
    } finally {
      clock.set(saved);
    }
  });

  it('counts the caller’s cases per state under the other filters, as the tabs show them', async () => {
    const all = (await hub.get('/api/v1/cases/counts')).json<{ total: number; byStatus: Record<string, number> }>();
    const listed = (await hub.get('/api/v1/cases?pageSize=200')).json<{ items: { status: string }[]; total: number }>();
    expect(all.total).toBe(listed.total);
    const byStatus: Record<string, number> = {};
    for (const i of listed.items) byStatus[i.status] = (byStatus[i.status] ?? 0) + 1;
    expect(all.byStatus).toEqual(byStatus);
    // The status filter is ignored (the tabs are the states), the others apply, and the scope holds.
    const hotline = (await hub.get('/api/v1/cases/counts?channel=hotline12345&status=closed')).json();
    expect(hotline.total).toBe(1);
    const own = (await entB.get('/api/v1/cases/counts')).json<{ total: number }>();
    expect(own.total).toBe((await ids(entB, '')).length);
  });

  it('exports the filtered list to Excel with the contact masked, an enterprise only its own cases', async () => {
    const res = await hub.get('/api/v1/cases/export.xlsx?channel=hotline12345');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet?.getRow(2).values).toEqual(
      expect.arrayContaining(['诉求编号', '企业名称', '统一社会信用代码', '联系电话', '状态', '办理时限', '是否超期']),
    );
    expect(sheet?.rowCount).toBe(3);
    const row = (sheet?.getRow(3).values ?? []) as unknown[];
    expect(row).toContain('甲县一号材料有限公司');
    expect(row).toContain(fixtureUscc('330824', 1));
    expect(row).toContain('已交办');
    expect(row.join('|')).not.toContain('13900001111');
    const english = await hub.get('/api/v1/cases/export.xlsx', { 'accept-language': 'en-US' });
    const enBook = new ExcelJS.Workbook();
    await enBook.xlsx.load(english.rawPayload as unknown as ArrayBuffer);
    expect(enBook.worksheets[0]?.getRow(2).values).toEqual(expect.arrayContaining(['Number', 'Enterprise']));
    // An enterprise exports only its own cases.
    const own = await entB.get('/api/v1/cases/export.xlsx');
    const ownBook = new ExcelJS.Workbook();
    await ownBook.xlsx.load(own.rawPayload as unknown as ArrayBuffer);
    const names = new Set<unknown>();
    ownBook.worksheets[0]?.eachRow((r, n) => n > 2 && names.add((r.values as unknown[])[3]));
    expect([...names]).toEqual(['甲县二号机械有限公司']);
  });

  it('filters by enterprise', async () => {
    expect(await ids(hub, `enterpriseId=${w.enterprises.a}`)).toEqual(pick('policyA', 'hotlineA'));
  });

  it('lets the hub confirm or correct the category while screening, recording the one it replaced', async () => {
    const filed = await entA.post('/api/v1/cases', { title: '分类更正', content: '内容', categoryId: w.categoryId });
    const id = filed.json<{ id: string }>().id;
    const unknown = await hub.post(`/api/v1/cases/${id}/accept`, {
      categoryId: '00000000-0000-4000-8000-000000000009',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('categoryId');
    const accepted = await hub.post(`/api/v1/cases/${id}/accept`, { categoryId: subCategory });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().category).toMatchObject({ id: subCategory, name: '补贴申报' });
    const events = (await hub.get(`/api/v1/cases/${id}/events`)).json<{ type: string; payload: object }[]>();
    expect(events.at(-1)).toMatchObject({
      type: 'accepted',
      payload: { categoryId: subCategory, previousCategoryId: w.categoryId },
    });
    const dispatched = await hub.post(`/api/v1/cases/${id}/dispatch`, {
      leadUnitId: w.units.dept1,
      categoryId: w.categoryId,
    });
    expect(dispatched.json().category.id).toBe(w.categoryId);
  });

  it('keeps every filter inside the caller’s data scope', async () => {
    expect(await ids(entB, `categoryId=${w.categoryId}`)).toEqual(pick('subsidyB'));
    expect(await ids(entB, `unitId=${w.units.dept2}`)).toEqual([]);
  });

  it('answers 400 with the field for a bad filter, in both languages', async () => {
    const bad = await hub.get('/api/v1/cases?channel=pigeon');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('channel');
    const backwards = await hub.get('/api/v1/cases?from=2026-11-05&to=2026-11-01', { 'accept-language': 'en-US' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toMatchObject({ field: 'to', message: expect.stringContaining('before the start') });
    expect((await hub.get('/api/v1/cases?regionCode=33')).statusCode).toBe(400);
    expect((await hub.get('/api/v1/cases?from=2026-13-01')).statusCode).toBe(400);
  });

  it('shows a case’s chain status to those who see the case, and to nobody else', async () => {
    const chain = await hub.get(`/api/v1/cases/${cases['policyA']}/chain`);
    expect(chain.statusCode).toBe(200);
    expect(chain.json()).toMatchObject({ intact: true, events: 2 });
    expect((await entB.get(`/api/v1/cases/${cases['policyA']}/chain`)).statusCode).toBe(404);
  });

  it('saves, lists and deletes a user’s own views, refusing a filter the list would refuse', async () => {
    const saved = await hub.post('/api/v1/views', { name: '热线待办', query: { channel: 'hotline12345', page: '3' } });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ name: '热线待办', query: { channel: 'hotline12345' } });
    expect(saved.json().query).not.toHaveProperty('page');
    const again = await hub.post('/api/v1/views', { name: '热线待办', query: { status: 'screening' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('VIEW_NAME_TAKEN');
    const invalid = await hub.post('/api/v1/views', { name: '坏的', query: { status: 'flying' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.field).toBe('query.status');
    expect((await hub.post('/api/v1/views', { name: '未知', query: { colour: 'red' } })).statusCode).toBe(400);

    expect((await hub.get('/api/v1/views')).json().map((v: { name: string }) => v.name)).toEqual(['热线待办']);
    // Views are personal: another user neither lists nor deletes them.
    expect((await entA.get('/api/v1/views')).json()).toEqual([]);
    const del = (client: Client) =>
      app.inject({
        method: 'DELETE',
        url: `/api/v1/views/${saved.json().id}`,
        headers: { authorization: `Bearer ${client.token}` },
      });
    expect((await del(entA)).statusCode).toBe(404);
    expect((await del(hub)).statusCode).toBe(204);
    expect((await hub.get('/api/v1/views')).json()).toEqual([]);
  });

  it('dispatches several cases at once, each on its own, reporting the ones that could not go', async () => {
    const res = await hub.post(
      '/api/v1/cases/bulk-dispatch',
      { caseIds: [cases['subsidyB'], cases['policyA'], cases['plainB']], leadUnitId: w.units.dept3 },
      { 'accept-language': 'en-US' },
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(body.results.map((r: { caseId: string; ok: boolean }) => [r.caseId, r.ok])).toEqual([
      [cases['subsidyB'], true],
      [cases['policyA'], false],
      [cases['plainB'], true],
    ]);
    expect(body.results[1].error).toMatchObject({ code: 'CASE_ILLEGAL_TRANSITION', currentStatus: 'dispatched' });
    expect(body.results[1].error.message).toMatch(/dispatch/);
    expect(await ids(hub, `unitId=${w.units.dept3}`)).toEqual(pick('subsidyB', 'plainB'));
    // Each dispatched case wrote exactly one dispatch event.
    const events = await handle.db
      .selectFrom('events')
      .select('case_id')
      .where('type', '=', 'dispatched')
      .where('case_id', 'in', pick('subsidyB', 'plainB'))
      .execute();
    expect(events).toHaveLength(2);
  });

  it('refuses bulk dispatch to roles that may not dispatch, and repeated ids', async () => {
    const asEnterprise = await entA.post('/api/v1/cases/bulk-dispatch', {
      caseIds: [cases['policyA']],
      leadUnitId: w.units.dept1,
    });
    expect(asEnterprise.statusCode).toBe(403);
    const twice = await hub.post('/api/v1/cases/bulk-dispatch', {
      caseIds: [cases['policyA'], cases['policyA']],
      leadUnitId: w.units.dept1,
    });
    expect(twice.statusCode).toBe(400);
  });
});
