import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { createCase } from '../cases/cases.service.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { driveTo } from '../testing/drive.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { resolvePeriod } from './oversight.service.js';
import { TEST_PII } from '../testing/pii.js';

interface UnitRow {
  unitId: string;
  unitName: string;
  openAssignments: number;
  overdue: number;
  yellow: number;
  red: number;
  replied: number;
  repliedOnTime: number;
  satisfied: number;
  rated: number;
}

describe('resolvePeriod', () => {
  const now = new Date('2026-11-30T17:00:00Z'); // 2026-12-01 01:00 in Shanghai

  it('defaults to the Shanghai calendar month of now, not the UTC one', () => {
    const p = resolvePeriod({}, now);
    expect(p).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(p.start.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('completes a missing end from the month of the given one', () => {
    expect(resolvePeriod({ from: '2024-02-10' }, now)).toMatchObject({ from: '2024-02-10', to: '2024-02-29' });
    expect(resolvePeriod({ to: '2026-10-07' }, now)).toMatchObject({ from: '2026-10-01', to: '2026-10-07' });
    const day = resolvePeriod({ from: '2026-10-07', to: '2026-10-07' }, now);
    expect(day.end.getTime() - day.start.getTime()).toBe(86_400_000);
  });
});

describe.each(ENGINES)('oversight API on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  let hub: Client;
  let leader: Client;
  let discipline: Client;
  const c: Record<string, string> = {};

  const tick = () => clock.advance(60_000);
  const run = (actor: keyof World['actors'], id: string, command: Parameters<typeof runCaseCommand>[3], body = {}) =>
    runCaseCommand(deps, w.actors[actor], id, command, body as never);

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-10-31T15:30:00Z'); // 2026-10-31 23:30 Shanghai
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    // 开化's rules: a resolve clock per dispatch, satisfied from 3 of 5.
    const kh = presetProfiles().get('kh')!;
    await handle.db
      .transaction()
      .execute((trx) => storeProfile(trx, w.jurisdictionA, { ...kh, code: 'ta' }, { userId: null, at: clock.now() }));
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000 });

    // Either side of the Shanghai midnight that starts November.
    c.october = (await createCase(deps, w.actors.entA, { title: '十月最后一件', content: '内容' })).id;
    clock.set('2026-10-31T16:30:00Z'); // 2026-11-01 00:30 Shanghai
    c.november1 = (await createCase(deps, w.actors.entB, { title: '十一月第一件', content: '内容' })).id;

    clock.set('2026-11-10T02:00:00Z');
    // Lead dept1 (co dept2) throughout driveTo.
    c.overdue = await driveTo(deps, w, 'signed', '超时件');
    tick();
    c.closed = await driveTo(deps, w, 'closed', '满意件');
    tick();
    c.redo = await driveTo(deps, w, 'redo', '不满意件');
    tick();
    c.late = await driveTo(deps, w, 'feedback', '逾期答复件');
    await handle.db
      .updateTable('clocks')
      .set({ due_at: new Date(clock.now().getTime() - 3_600_000) })
      .where('case_id', '=', c.late)
      .where('milestone', '=', 'resolve')
      .execute();
    await run('unit1', c.late, 'reply', { result: 'solved', text: '已办' });
    tick();
    c.comment = await driveTo(deps, w, 'replied', '带电话的评价');
    await run('entA', c.comment, 'rate', { score: 1, comment: '请回电13812345678' });
    tick();
    c.dept2 = (await createCase(deps, w.actors.entB, { title: '二号单位牵头', content: '内容' })).id;
    await run('hub', c.dept2, 'dispatch', { leadUnitId: w.units.dept2 });

    // A breached clock of dept1, a warned one of dept2, a card each.
    const breached = await handle.db
      .updateTable('clocks')
      .set({ state: 'breached', breached_at: clock.now(), next_fire_at: null })
      .where('case_id', '=', c.overdue)
      .where('milestone', '=', 'resolve')
      .returning('id')
      .execute();
    expect(breached).toHaveLength(1);
    const warned = await handle.db
      .updateTable('clocks')
      .set({ state: 'warned', warned_at: clock.now() })
      .where('case_id', '=', c.dept2)
      .where('milestone', '=', 'resolve')
      .returning('id')
      .execute();
    expect(warned).toHaveLength(1);
    const card = (caseId: string, unitId: string, colour: 'yellow' | 'red') => ({
      jurisdiction_id: w.jurisdictionA,
      case_id: caseId,
      unit_id: unitId,
      clock_id: null,
      colour,
      reason: '超时',
      escalation: null,
      issued_at: clock.now(),
    });
    await handle.db
      .insertInto('cards')
      .values([card(c.overdue, w.units.dept1, 'red'), card(c.dept2, w.units.dept2, 'yellow')])
      .execute();

    tick();
    await run('hub', c.overdue, 'supervise', { by: 'platform', instruction: '请加快办理' });
    tick();
    await run('leader', c.dept2, 'supervise', { by: 'leader', instruction: '领导督办：本周内办结' });
    tick();
    await run('discipline', c.redo, 'supervise', { by: 'discipline', instruction: '倒查不满意原因' });

    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    leader = await loginAs(app, 'ta.leader', TEST_PASSWORD);
    discipline = await loginAs(app, 'ta.discipline', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const unit = (units: UnitRow[], id: string) => units.find((u) => u.unitId === id);

  it('counts the current month’s loop for the hub, per unit and in all', async () => {
    const res = await hub.get('/api/v1/oversight/summary');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ from: '2026-11-01', to: '2026-11-30', open: 7, overdue: 1, warned: 1, filed: 7 });
    expect(s.cards).toEqual({ yellow: 1, red: 1 });
    expect(s.ratings).toEqual({ satisfied: 1, total: 3 });
    const byStatus = Object.fromEntries(s.byStatus.map((r: { status: string; count: number }) => [r.status, r.count]));
    expect(byStatus).toEqual({ submitted: 1, signed: 1, closed: 1, redo: 2, replied: 1, dispatched: 1 });
    expect(s.byChannel).toEqual([{ channel: 'mobile', count: 7 }]);
    expect(s.byCategory).toEqual([{ categoryId: null, name: null, nameEn: null, count: 7 }]);
    expect(s.byDay).toHaveLength(30);
    expect(s.byDay[0]).toEqual({ date: '2026-11-01', filed: 1 });
    expect(s.byDay[9]).toEqual({ date: '2026-11-10', filed: 6 });

    expect(s.units.map((u: UnitRow) => u.unitName).sort()).toEqual(
      ['市场监管局', '自然资源和规划局', '住房和城乡建设局', '华埠镇'].sort(),
    );
    expect(unit(s.units, w.units.dept1)).toMatchObject({
      openAssignments: 3, // the signed case and the two redo rounds
      overdue: 1,
      yellow: 0,
      red: 1,
      replied: 4,
      repliedOnTime: 3, // the reply after the moved due time is late
      satisfied: 1,
      rated: 3,
    });
    expect(unit(s.units, w.units.dept2)).toMatchObject({
      openAssignments: 4, // its own case and three co-assignments
      overdue: 0,
      yellow: 1,
      red: 0,
      replied: 0,
      rated: 0,
    });
    expect(unit(s.units, w.units.dept3)).toMatchObject({ openAssignments: 0, replied: 0, rated: 0 });
  });

  it('counts a period by Shanghai calendar days', async () => {
    const october = (await leader.get('/api/v1/oversight/summary?from=2026-10-01&to=2026-10-31')).json();
    expect(october).toMatchObject({ from: '2026-10-01', to: '2026-10-31', filed: 1, open: 7 });
    expect(october.byStatus).toEqual([{ status: 'submitted', count: 1 }]);
    expect(october.cards).toEqual({ yellow: 0, red: 0 });
    expect(october.ratings).toEqual({ satisfied: 0, total: 0 });
    expect(unit(october.units, w.units.dept1)).toMatchObject({ replied: 0, red: 0, openAssignments: 3, overdue: 1 });
    const firstDay = (await leader.get('/api/v1/oversight/summary?from=2026-11-01&to=2026-11-01')).json();
    expect(firstDay.filed).toBe(1);
    const leap = await leader.get('/api/v1/oversight/summary?from=2024-01-01&to=2024-12-31');
    expect(leap.statusCode).toBe(200);
    expect(leap.json().byDay).toHaveLength(366);
  });

  it('shows the discipline commission only the cases handed to it', async () => {
    const s = (await discipline.get('/api/v1/oversight/summary')).json();
    expect(s).toMatchObject({ open: 2, overdue: 0, warned: 0, filed: 2 });
    expect(s.cards).toEqual({ yellow: 0, red: 0 });
    expect(s.ratings).toEqual({ satisfied: 0, total: 2 });
    expect(unit(s.units, w.units.dept1)).toMatchObject({
      openAssignments: 2,
      overdue: 0,
      red: 0,
      replied: 2,
      rated: 2,
    });

    const records = (await discipline.get('/api/v1/supervisions')).json();
    expect(records.total).toBe(1);
    expect(records.items[0]).toMatchObject({
      by: 'discipline',
      instruction: '倒查不满意原因',
      response: null,
      actor: { name: 'ta.discipline' },
      case: { id: c.redo, title: '不满意件', status: 'redo' },
    });
  });

  it('lists supervision records newest first, by whom, with paging', async () => {
    const all = (await hub.get('/api/v1/supervisions')).json();
    expect(all.total).toBe(3);
    expect(all.items.map((i: { by: string }) => i.by)).toEqual(['discipline', 'leader', 'platform']);
    expect(all.items[1].case).toMatchObject({ id: c.dept2, number: expect.stringMatching(/^TA-2026-\d{6}$/) });
    const byLeader = (await leader.get('/api/v1/supervisions?by=leader')).json();
    expect(byLeader.items).toHaveLength(1);
    expect(byLeader.items[0].instruction).toBe('领导督办：本周内办结');
    const page2 = (await hub.get('/api/v1/supervisions?page=2&pageSize=2')).json();
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.items.map((i: { by: string }) => i.by)).toEqual(['platform']);
    expect((await hub.get('/api/v1/supervisions?by=mayor')).json().error.field).toBe('by');
  });

  it('lists the unsatisfied cases with their latest rating, comments masked', async () => {
    const res = (await discipline.get('/api/v1/oversight/unsatisfied')).json();
    expect(res.total).toBe(2);
    expect(res.items.map((i: { id: string }) => i.id)).toEqual([c.comment, c.redo]);
    expect(res.items[0]).toMatchObject({
      lastScore: 1,
      lastComment: '请回电138****5678',
      unsatisfiedRatings: 1,
      round: 2,
      leadUnit: { id: w.units.dept1, name: '市场监管局' },
      enterpriseName: '甲县一号材料有限公司',
      disciplineSupervised: false,
    });
    expect(res.items[1]).toMatchObject({ lastScore: 1, lastComment: null, disciplineSupervised: true });
    const hubView = (await hub.get('/api/v1/oversight/unsatisfied?pageSize=1')).json();
    expect(hubView).toMatchObject({ total: 2, pageSize: 1 });
    expect(hubView.items).toHaveLength(1);
  });

  it('answers 403 to a unit handler, a unit head and an enterprise', async () => {
    for (const username of ['ta.unit1', 'ta.head1', 'ta.entA', 'ta.liaison']) {
      const client = await loginAs(app, username, TEST_PASSWORD);
      for (const url of ['/api/v1/oversight/summary', '/api/v1/supervisions', '/api/v1/oversight/unsatisfied']) {
        const res = await client.get(url);
        expect(res.statusCode, `${username} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/oversight/summary' })).statusCode).toBe(401);
  });

  it('keeps another jurisdiction’s hub out of these figures', async () => {
    const other = await loginAs(app, 'tb.hub', TEST_PASSWORD);
    const s = (await other.get('/api/v1/oversight/summary')).json();
    expect(s).toMatchObject({ open: 0, filed: 0, overdue: 0 });
    expect(s.units.map((u: UnitRow) => u.unitName)).toEqual(['乙县税务局']);
    expect((await other.get('/api/v1/supervisions')).json().total).toBe(0);
    expect((await other.get('/api/v1/oversight/unsatisfied')).json().total).toBe(0);
  });

  it('lists red-card cases only within the caller’s scope', async () => {
    const mine = (await hub.get('/api/v1/oversight/red-cards')).json();
    expect(mine).toMatchObject({ from: '2026-11-01', to: '2026-11-30', total: 1 });
    expect(mine.items[0]).toMatchObject({
      unit: { id: w.units.dept1, name: '市场监管局' },
      reason: '超时',
      case: { id: c.overdue, title: '超时件', status: 'signed' },
    });
    expect((await hub.get('/api/v1/oversight/red-cards?from=2026-10-01&to=2026-10-31')).json().total).toBe(0);
    expect((await discipline.get('/api/v1/oversight/red-cards')).json().total).toBe(0);

    await handle.db
      .insertInto('cards')
      .values({
        jurisdiction_id: w.jurisdictionA,
        case_id: c.redo,
        unit_id: w.units.dept1,
        clock_id: null,
        colour: 'red',
        reason: '重办超时',
        escalation: 'interview-head',
        issued_at: clock.now(),
      })
      .execute();
    const theirs = (await discipline.get('/api/v1/oversight/red-cards')).json();
    expect(theirs.total).toBe(1);
    expect(theirs.items[0]).toMatchObject({ reason: '重办超时', escalation: 'interview-head', case: { id: c.redo } });
    expect((await hub.get('/api/v1/oversight/red-cards?pageSize=1&page=2')).json()).toMatchObject({ total: 2 });
    const bad = await hub.get('/api/v1/oversight/red-cards?from=2026-12-01&to=2026-11-01');
    expect(bad.json().error.field).toBe('to');
    expect((await hub.get('/api/v1/oversight/red-cards?pageSize=0')).json().error.field).toBe('pageSize');
    const unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    expect((await unit1.get('/api/v1/oversight/red-cards')).statusCode).toBe(403);
  });

  it('exports each discipline list with its own filters: the cases of that list, in the caller’s scope', async () => {
    const exported = async (client: Client, query: string) => {
      const res = await client.get(`/api/v1/cases/export.xlsx?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const numbers: string[] = [];
      book.worksheets[0]?.eachRow((r, n) => n > 2 && numbers.push(String((r.values as unknown[])[1])));
      return numbers.sort();
    };
    const listed = async (client: Client, url: string) => {
      const page = (await client.get(url)).json<{ items: ({ number: string } | { case: { number: string } })[] }>();
      return [...new Set(page.items.map((i) => ('case' in i ? i.case.number : i.number)))].sort();
    };
    const number = async (id: string) => (await hub.get(`/api/v1/cases/${id}`)).json<{ number: string }>().number;
    const [redo, comment, overdue, dept2] = await Promise.all(
      [c.redo, c.comment, c.overdue, c.dept2].map((id) => number(id ?? '')),
    );

    // 不满意件: both unsatisfied cases, for the commission and the hub alike.
    const unsatisfied = await exported(discipline, 'rating=unsatisfied');
    expect(unsatisfied).toEqual([comment, redo].sort());
    expect(unsatisfied).toEqual(await listed(discipline, '/api/v1/oversight/unsatisfied?pageSize=200'));
    expect(await exported(hub, 'rating=unsatisfied')).toEqual(unsatisfied);

    // 红牌件 of November: the hub's two, the commission only the one handed to it.
    const november = 'from=2026-11-01&to=2026-11-30';
    const hubRed = await exported(hub, `card=red&cardFrom=2026-11-01&cardTo=2026-11-30`);
    expect(hubRed).toEqual([overdue, redo].sort());
    expect(hubRed).toEqual(await listed(hub, `/api/v1/oversight/red-cards?${november}&pageSize=200`));
    const theirs = await exported(discipline, `card=red&cardFrom=2026-11-01&cardTo=2026-11-30`);
    expect(theirs).toEqual([redo]);
    expect(theirs).toEqual(await listed(discipline, `/api/v1/oversight/red-cards?${november}&pageSize=200`));
    // A period without red cards, and the yellow card given the same day, are not the red list.
    expect(await exported(hub, 'card=red&cardFrom=2026-10-01&cardTo=2026-10-31')).toEqual([]);
    expect(await exported(hub, 'card=yellow&cardFrom=2026-11-01&cardTo=2026-11-30')).toEqual([dept2]);

    const bad = await hub.get('/api/v1/cases/export.xlsx?card=red&cardFrom=2026-12-01&cardTo=2026-11-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('cardTo');
    expect((await hub.get('/api/v1/cases/export.xlsx?rating=satisfied')).json().error.field).toBe('rating');
  });

  it('gives each listed case its nearest time limit and open supervision, as the worklist does', async () => {
    const due = ['dueAt', 'dueMilestone', 'dueUnitId', 'overdue', 'warned', 'supervised'] as const;
    const pick = (o: Record<string, unknown>) => Object.fromEntries(due.map((k) => [k, o[k]]));
    const inWorklist = async (number: string) => {
      const list = (await hub.get(`/api/v1/cases?q=${encodeURIComponent(number)}`)).json();
      return list.items.find((i: { number: string }) => i.number === number) as Record<string, unknown>;
    };
    const unsatisfied = (await hub.get('/api/v1/oversight/unsatisfied')).json().items as Record<string, unknown>[];
    const red = (await hub.get('/api/v1/oversight/red-cards')).json().items as { case: Record<string, unknown> }[];
    const rows = [...unsatisfied, ...red.map((r) => r.case)];
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      expect(pick(row), String(row['number'])).toEqual(pick(await inWorklist(String(row['number']))));
    }
    // The signed case past its limit, under the platform's supervision, reads so in the red-card list.
    const late = red.find((r) => r.case['id'] === c.overdue)!.case;
    expect(late).toMatchObject({ overdue: true, supervised: true, enterpriseName: expect.any(String) });
    expect(typeof late['dueAt']).toBe('string');
  });

  it('documents its endpoints in the OpenAPI file', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    }>();
    for (const path of [
      '/api/v1/oversight/summary',
      '/api/v1/oversight/unsatisfied',
      '/api/v1/oversight/red-cards',
      '/api/v1/supervisions',
    ]) {
      expect(doc.paths[path]?.get, path).toBeDefined();
    }
    const params = doc.paths['/api/v1/oversight/summary']!.get!.parameters!.map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['from', 'to']));
  });

  it('answers bad dates with 400 naming the field, in zh-CN and en-US', async () => {
    const zh = await hub.get('/api/v1/oversight/summary?from=2026-11-10&to=2026-11-01');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'to' });
    expect(zh.json().error.message).toMatch(/字段 to/);
    const en = await hub.get('/api/v1/oversight/summary?from=2026-11-10&to=2026-11-01', { 'accept-language': 'en' });
    expect(en.json().error.message).toMatch(/field to/);
    expect(en.json().error.message).not.toMatch(/[\u4e00-\u9fff]/);

    const cases: [string, string][] = [
      ['from=2026-13-01', 'from'],
      ['from=2026-02-30', 'from'],
      ['from=20261101', 'from'],
      ['to=2026-11-31', 'to'],
      ['from=2025-01-01&to=2026-01-02', 'to'], // 367 days
    ];
    for (const [query, field] of cases) {
      const res = await hub.get(`/api/v1/oversight/summary?${query}`, { 'accept-language': 'en' });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.field, query).toBe(field);
      expect(res.json().error.message, query).toMatch(new RegExp(`field ${field}`));
    }
  });
});
