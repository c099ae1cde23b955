import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../cases/cases.service.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import { docxText } from '../testing/sheets.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { similarCases } from '../triage/similar.service.js';
import { LIBRARY_SIMILAR_MIN, libraryMatchesForCase, listLibrary } from './library.service.js';

const HEATING = {
  problem: '园区标准厂房冬季供暖温度不足，工人无法正常生产',
  resolution: '住建局约谈供热公司，更换园区二级换热站循环泵并对三号楼管网加压，三日内室温恢复到十八度。',
  policyBasis: '《城镇供热管理条例》第十二条',
  tags: ['供暖', '标准厂房'],
};
/** The same problem as a new enterprise puts it, in other words. */
const HEATING_REWORDED = {
  title: '厂房入冬后暖气不热影响生产',
  content: '我公司在经开区标准厂房，入冬以来供暖温度不足，车间工人无法正常生产，希望协调供热公司解决。',
};
const UNRELATED = {
  title: '办理食品经营许可证需要哪些材料',
  content: '新开一家餐饮店，想了解食品经营许可证的申请材料和办理时限。',
};

describe.each(ENGINES)('experience library on $name', (engine) => {
  let handle: Db;
  let w: World;
  let deps: Deps;
  let app: FastifyInstance;
  let hub: Client;
  const clock = new ManualClock('2026-11-10T01:00:00Z');

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    deps = { db: handle.db, clock, pii: TEST_PII };
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000 });
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const put = (client: Client, url: string, payload: object) =>
    app.inject({ method: 'PUT', url, payload, headers: { authorization: `Bearer ${client.token}` } });

  it('answers 201 for a closed case of the hub, with the units and category copied from the case', async () => {
    const caseId = await driveTo(deps, w, 'closed', '标准厂房冬季供暖不足');
    const res = await hub.post('/api/v1/library', { caseId, ...HEATING });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<{ id: string }>();
    const entry = (await hub.get(`/api/v1/library/${id}`)).json();
    expect(entry).toMatchObject({
      caseId,
      problem: HEATING.problem,
      resolution: HEATING.resolution,
      policyBasis: HEATING.policyBasis,
      tags: HEATING.tags,
      typical: false,
      units: [{ id: w.units.dept1 }, { id: w.units.dept2 }],
    });
    // One entry per case.
    const again = await hub.post('/api/v1/library', { caseId, ...HEATING });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('LIBRARY_ENTRY_EXISTS');
  });

  it('answers 409 with the current status for an open case and 400 for a body without a problem', async () => {
    const open = await driveTo(deps, w, 'replied', '尚未销号的诉求');
    const res = await hub.post('/api/v1/library', { caseId: open, ...HEATING }, { 'accept-language': 'en-US' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'LIBRARY_CASE_NOT_CLOSED', currentStatus: 'replied' });
    expect(res.json().error.message).toContain('closed');
    const zh = await hub.post('/api/v1/library', { caseId: open, ...HEATING });
    expect(zh.json().error.message).toContain('已销号');
    const closed = await driveTo(deps, w, 'closed', '缺少问题描述');
    const bad = await hub.post('/api/v1/library', { caseId: closed, resolution: '办法' });
    expect(bad.statusCode).toBe(400);
  });

  it('answers 403 to a unit handler and 404 for a case of another jurisdiction', async () => {
    const caseId = await driveTo(deps, w, 'closed', '承办单位不能纳入经验库');
    const unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    expect((await unit1.post('/api/v1/library', { caseId, ...HEATING })).statusCode).toBe(403);
    const foreign = await createCase(deps, w.actors.hubB, { title: '乙县诉求', content: '乙县的诉求内容。' });
    const res = await hub.post('/api/v1/library', { caseId: foreign.id, ...HEATING });
    expect(res.statusCode).toBe(404);
    const hubB = await loginAs(app, 'tb.hub', TEST_PASSWORD);
    expect((await hubB.post('/api/v1/library', { caseId, ...HEATING })).statusCode).toBe(404);
  });

  it('finds an entry by a word of its resolution, within the caller’s jurisdiction only', async () => {
    const unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    const res = await unit1.get(`/api/v1/library?q=${encodeURIComponent('换热站')}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { problem: string; score: number }[] }>().items;
    expect(items.map((i) => i.problem)).toContain(HEATING.problem);
    expect(items[0]!.score).toBeGreaterThan(0);
    const none = (await unit1.get(`/api/v1/library?q=${encodeURIComponent('出口退税')}`)).json();
    expect(none.items).toEqual([]);
    const hubB = await loginAs(app, 'tb.hub', TEST_PASSWORD);
    expect((await hubB.get(`/api/v1/library?q=${encodeURIComponent('换热站')}`)).json().items).toEqual([]);
    const entA = await loginAs(app, 'ta.entA', TEST_PASSWORD);
    expect((await entA.get('/api/v1/library')).statusCode).toBe(403);
  });

  it('offers the entry beside a reworded new case at screening, and not beside an unrelated one', async () => {
    const reworded = await createCase(deps, w.actors.entB, HEATING_REWORDED);
    const unrelated = await createCase(deps, w.actors.entB, UNRELATED);
    const near = await similarCases(deps, w.actors.hub, reworded.id);
    const match = near.library.find((l) => l.problem === HEATING.problem);
    expect(match).toMatchObject({ resolution: HEATING.resolution });
    expect(match!.score).toBeGreaterThanOrEqual(LIBRARY_SIMILAR_MIN);
    const far = await similarCases(deps, w.actors.hub, unrelated.id);
    expect(far.library).toEqual([]);
    // Through the API, as SPEC §10 fixes it.
    const res = await hub.get(`/api/v1/cases/${reworded.id}/similar`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().library[0]).toMatchObject({ id: match!.id, problem: HEATING.problem });
    // Another jurisdiction's case never sees this jurisdiction's entries.
    const foreign = await createCase(deps, w.actors.hubB, HEATING_REWORDED);
    const row = await handle.db.selectFrom('cases').selectAll().where('id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(await libraryMatchesForCase(handle.db, row)).toEqual([]);
  });

  it('lets the hub edit an entry and mark it typical, and prints it in the 简报 and the monthly notice', async () => {
    const { items } = await listLibrary(deps, w.actors.hub, { q: '供暖' });
    const id = items[0]!.id;
    const unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    expect((await put(unit1, `/api/v1/library/${id}`, { typical: true })).statusCode).toBe(403);
    const hubB = await loginAs(app, 'tb.hub', TEST_PASSWORD);
    expect((await put(hubB, `/api/v1/library/${id}`, { typical: true })).statusCode).toBe(404);
    expect((await put(hub, `/api/v1/library/${id}`, {})).statusCode).toBe(400);
    const res = await put(hub, `/api/v1/library/${id}`, { typical: true, tags: ['供暖', '典型'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ typical: true, tags: ['供暖', '典型'] });
    expect(res.json().typicalAt).not.toBeNull();

    const leader = await loginAs(app, 'ta.leader', TEST_PASSWORD);
    const brief = await leader.get('/api/v1/reports/typical-cases.docx?period=2026-11');
    expect(brief.statusCode, brief.body.slice(0, 200)).toBe(200);
    const text = (await docxText(brief.rawPayload)).paragraphs.join('\n');
    expect(text).toContain(HEATING.problem);
    expect(text).toContain('换热站');
    const other = await leader.get('/api/v1/reports/typical-cases.docx?period=2026-10');
    expect((await docxText(other.rawPayload)).paragraphs.join('\n')).not.toContain(HEATING.problem);
    expect((await unit1.get('/api/v1/reports/typical-cases.docx?period=2026-11')).statusCode).toBe(403);
    expect((await leader.get('/api/v1/reports/typical-cases.docx?period=2026-13')).statusCode).toBe(400);

    const notice = await leader.get('/api/v1/reports/monthly-notice.docx?month=2026-11');
    expect(notice.statusCode).toBe(200);
    const noticeText = await docxText(notice.rawPayload);
    expect(noticeText.paragraphs.join('\n')).toContain('经验库典型案例');
    expect(JSON.stringify(noticeText.tables)).toContain(HEATING.problem);
  });
});
