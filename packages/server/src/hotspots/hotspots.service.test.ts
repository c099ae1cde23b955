import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { createCase } from '../cases/cases.service.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { verifyChains } from '../events/audit.service.js';
import { ENGINES } from '../testing/engines.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { detectHotspots } from './hotspots.service.js';
import { TEST_PII } from '../testing/pii.js';

/** Reports of one problem (outages in one industrial park), each in its own words. */
const OUTAGES = [
  ['智造产业园频繁停电影响生产', '园区本周已经停电三次，每次两到三个小时，生产线被迫停工，请供电部门排查园区线路。'],
  ['智造产业园又停电了', '今天上午产业园再次突然停电，数控机床受损，希望尽快解决园区供电线路问题。'],
  ['反映智造产业园停电问题', '我司位于智造产业园，近期多次无预告停电，订单交付延误，请排查供电线路。'],
  ['智造产业园停电频繁请求排查', '产业园内企业普遍反映停电频繁，冷库货物受损，请供电公司排查线路并提前通知。'],
  ['产业园突然停电造成损失', '智造产业园昨晚突然停电，注塑设备停机，原料报废，请求解决园区供电不稳定。'],
  ['智造产业园供电不稳定', '园区电压忽高忽低并且经常停电，生产无法安排，请有关部门排查产业园线路。'],
  ['智造产业园停电何时解决', '产业园停电问题已经反映多次，这周又停了两次，供电线路到底什么时候改造？'],
] as const;

const OTHERS = [
  ['办理食品经营许可证需要哪些材料', '新开一家餐饮店，想了解食品经营许可证的申请材料和办理时限。'],
  ['招工困难希望组织招聘会', '公司扩产需要普工五十名，希望人社部门组织专场招聘会。'],
  ['厂区门口道路破损', '厂区门口的道路坑洼严重，大货车进出困难，雨天积水，请求修复。'],
  ['高新技术企业认定补贴进度', '去年通过高新技术企业认定，补贴至今没有到账，想了解审核进度。'],
  ['出口退税办理时间太长', '出口退税申报后等待两个月仍未退回，资金周转紧张。'],
] as const;

/** One park's flooding, raised again every week or so for two months. */
const FLOODS = [
  '园区道路雨后积水严重',
  '园区道路积水影响货车进出',
  '雨天园区道路积水没过脚踝',
  '园区排水不畅道路积水',
  '园区道路又积水了',
  '园区道路积水问题何时解决',
  '园区道路积水车辆无法通行',
  '反映园区道路积水',
].map((title) => [title, `${title}，下雨后园区道路排水管网堵塞积水，请排查园区排水管网。`] as const);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(ENGINES)('hotspots on $name', (engine) => {
  let handle: Db;
  let w: World;
  let deps: Deps;
  const clock = new ManualClock('2026-11-09T01:00:00Z');
  const warnings = async (jurisdictionId: string) =>
    Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM events
          WHERE type = 'hotspot.warned' AND jurisdiction_id = ${jurisdictionId}`.execute(handle.db)
      ).rows[0]?.n,
    );
  const file = async (actor: Actor, [title, content]: readonly [string, string]) => {
    clock.advance(HOUR);
    return createCase(deps, actor, { title, content });
  };

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    deps = { db: handle.db, clock, pii: TEST_PII };
  });
  afterAll(() => handle.close());

  it('a burst of similar cases raises exactly one warning', async () => {
    for (const other of OTHERS) await file(w.actors.hub, other);
    for (const outage of OUTAGES.slice(0, 4)) await file(w.actors.hub, outage);
    // Four similar cases: below the default threshold of five.
    expect(await detectHotspots(deps, w.jurisdictionA)).toEqual({ groups: 0, warned: 0 });
    expect(await warnings(w.jurisdictionA)).toBe(0);

    await file(w.actors.hub, OUTAGES[4]);
    expect(await detectHotspots(deps)).toEqual({ groups: 1, warned: 1 });
    // Again, and three processes at once: the group is known, nothing more is said.
    expect(await detectHotspots(deps)).toEqual({ groups: 1, warned: 0 });
    await Promise.all([1, 2, 3].map(() => detectHotspots(deps, w.jurisdictionA)));
    // More similar cases arrive: the same group grows, still one warning.
    await file(w.actors.hub, OUTAGES[5]);
    await file(w.actors.hub, OUTAGES[6]);
    expect(await detectHotspots(deps)).toEqual({ groups: 1, warned: 0 });
    expect(await warnings(w.jurisdictionA)).toBe(1);

    const groups = await handle.db.selectFrom('hotspot_groups').selectAll().execute();
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ jurisdiction_id: w.jurisdictionA, size: 7, status: 'open' });
    expect(groups[0]!.keywords.join(' ')).toMatch(/停电/);
    const members = await handle.db.selectFrom('hotspot_members').select('case_id').execute();
    expect(members).toHaveLength(7);
    const event = await handle.db
      .selectFrom('events')
      .select(['case_id', 'payload'])
      .where('type', '=', 'hotspot.warned')
      .executeTakeFirstOrThrow();
    expect(event.case_id).toBeNull();
    expect(event.payload).toMatchObject({ groupId: groups[0]!.id, size: 5 });
    const notices = await handle.db
      .selectFrom('outbox')
      .select(['recipient'])
      .where('topic', '=', 'hotspot.warned')
      .orderBy('recipient')
      .execute();
    expect(notices.map((n) => n.recipient)).toEqual(['hub', 'leader']);
    expect((await verifyChains(handle.db)).every((r) => r.intact)).toBe(true);
  });

  it('does not warn when one enterprise repeats itself, nor in another jurisdiction below the threshold', async () => {
    for (const outage of OUTAGES) await file(w.actors.entB, outage);
    for (const outage of OUTAGES.slice(0, 4)) await file(w.actors.hubB, outage);
    await detectHotspots(deps);
    // Jurisdiction A's group takes in entB's cases but it was warned already; B has four cases only.
    expect(await warnings(w.jurisdictionA)).toBe(1);
    expect(await warnings(w.jurisdictionB)).toBe(0);
  });

  it('shows the groups to reading roles and links a systemic fix, with its 400, 403, 404 and 409', async () => {
    const app = await testApp(handle, clock, { rateLimitPerMinute: 100_000 });
    try {
      const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
      const discipline = await loginAs(app, 'ta.discipline', TEST_PASSWORD);
      const unit = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
      const hubB = await loginAs(app, 'tb.hub', TEST_PASSWORD);

      const res = await hub.get('/api/v1/hotspots?windowDays=7&dimension=category');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.window.days).toBe(7);
      expect(body.minCases).toBe(5);
      const [top] = body.groups;
      expect(top).toMatchObject({ status: 'open', fix: null });
      expect(top.id).toEqual(expect.any(String));
      expect(top.warnedAt).toEqual(expect.any(String));
      expect(top.size).toBeGreaterThanOrEqual(7);
      expect(top.members[0]).toEqual({
        id: expect.any(String),
        number: expect.any(String),
        title: expect.any(String),
        status: 'submitted',
      });
      expect(body.byDimension[0]).toMatchObject({ count: expect.any(Number), previousCount: 0 });
      // By heat (the default) every group says how many enterprises raised it over how many weeks.
      expect(body.order).toBe('heat');
      expect(top.reporters).toBeGreaterThanOrEqual(5);
      expect(top.heat).toBeGreaterThanOrEqual(top.reporters);
      const heats = (body.groups as { heat: number | null }[]).flatMap((g) => (g.heat === null ? [] : [g.heat]));
      expect(heats).toEqual([...heats].sort((a, b) => b - a));
      const burst = (await hub.get('/api/v1/hotspots?windowDays=7&order=burst')).json();
      expect(burst.order).toBe('burst');
      const scores = (burst.groups as { score: number; heat: number | null }[]).filter((g) => g.heat !== null);
      expect(scores.map((g) => g.score)).toEqual(scores.map((g) => g.score).sort((a, b) => b - a));
      expect((await hub.get('/api/v1/hotspots?order=loudest')).statusCode).toBe(400);
      expect((await discipline.get('/api/v1/hotspots?dimension=region')).statusCode).toBe(200);
      expect((await unit.get('/api/v1/hotspots')).statusCode).toBe(403);
      expect((await hub.get('/api/v1/hotspots?dimension=colour')).statusCode).toBe(400);

      const fixCase = top.members[0];
      const url = `/api/v1/hotspots/${top.id}/fix`;
      expect((await discipline.post(url, { caseId: fixCase.id })).statusCode).toBe(403);
      expect((await hubB.post(url, { caseId: fixCase.id })).statusCode).toBe(404);
      expect((await hub.post(`/api/v1/hotspots/${fixCase.id}/fix`, { caseId: fixCase.id })).statusCode).toBe(404);
      expect((await hub.post(url, {})).statusCode).toBe(400);
      const foreign = await createCase(deps, w.actors.hubB, { title: '乙县诉求', content: '别的辖区' });
      const wrong = await hub.post(url, { caseId: foreign.number });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.field).toBe('caseId');

      const linked = await hub.post(url, { caseId: fixCase.number, note: '园区线路整体改造' });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(linked.json()).toMatchObject({
        id: top.id,
        status: 'fixing',
        fix: { caseId: fixCase.id, number: fixCase.number, status: 'submitted', note: '园区线路整体改造' },
      });
      // The group shows the fix case's live status.
      await runCaseCommand(deps, w.actors.hub, fixCase.id, 'dispatch', { leadUnitId: w.units.dept1 });
      const again = (await hub.get('/api/v1/hotspots')).json();
      expect(again.groups.find((g: { id: string }) => g.id === top.id).fix.status).toBe('dispatched');

      const resolved = await hub.post(`/api/v1/hotspots/${top.id}/resolve`, { note: '线路改造完成' });
      expect(resolved.statusCode).toBe(200);
      expect(resolved.json().status).toBe('resolved');
      const late = await hub.post(url, { caseId: fixCase.id });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('HOTSPOT_RESOLVED');
      expect((await verifyChains(handle.db)).every((r) => r.intact)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('counts a problem raised steadily for two months whole over the period, and its window apart', async () => {
    // Past the cases of the tests above, then eight reports of one flooding, eight days apart.
    clock.advance(200 * DAY);
    for (const other of OTHERS) await file(w.actors.hub, other);
    for (const flood of FLOODS) {
      clock.advance(8 * DAY);
      await file(w.actors.hub, flood);
    }
    const app = await testApp(handle, clock, { rateLimitPerMinute: 100_000 });
    try {
      const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
      type Group = { title: string; size: number; periodSize: number | null; previousSize: number };
      const floodOf = (body: { groups: Group[] }) => body.groups.find((g) => g.title.includes('积水'));
      // A 30-day window reads 60 days: all eight reports are in the period, the last four in the window.
      const heat = (await hub.get('/api/v1/hotspots?windowDays=30')).json();
      expect(heat.order).toBe('heat');
      expect(floodOf(heat)).toMatchObject({ periodSize: FLOODS.length, size: 4, previousSize: 4 });
      // The field means the same by burst; the screen shows the window there.
      const burst = (await hub.get('/api/v1/hotspots?windowDays=30&order=burst')).json();
      expect(floodOf(burst)).toMatchObject({ periodSize: FLOODS.length, size: 4 });
    } finally {
      await app.close();
    }
  });
});
