import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '@qisu/core';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { createCase } from '../cases/cases.service.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import { docxText, sheetText } from '../testing/sheets.js';
import { generateScheduledNotices } from './documents.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';

/*
 * A hand-built November 2026 (Asia/Shanghai) under 峄城's rules, with the value of every count
 * worked out case by case:
 *
 *  case          unit  recv disp resp inTime closed inTime solved rated satisf redone late overdue
 *  closedOk      dept1  1    1    1    1      1      1      1      1     1      0      0    0
 *  redo          dept1  1    1    1    1      0      0      0      1     0      1      0    0
 *  lateResolve   dept1  1    1    1    1      1      0      1      1     1      0      1    0
 *  overdueNow    dept1  1    1    1    0      0      0      0      0     0      0      1    1
 *  crossMonth    dept1  1    1    1    1      1      1      1      1     1      0      0    0   (received 30 Nov, closed in December)
 *  redoThenOk    dept1  1    1    1    1      1      1      1      1     1      1      0    0
 *  partly        dept2  1    1    1    1      1      1      0      1     1      0      0    0   (reply "partly": closed, not solved)
 *  answered      none   1    0    1    1      1      1      1      0     0      0      0    0   (the hub answered it)
 *  mergeTarget   none   1    0    0    0      0      0      0      0     0      0      0    0
 *  (merged, rejected: not counted; october: 31 Oct 23:30; december: 1 Dec 00:30)
 */
const DEPT1 = {
  received: 6,
  dispatched: 6,
  responded: 6,
  respondedInTime: 5,
  closed: 4,
  closedInTime: 3,
  solved: 4,
  rated: 5,
  satisfied: 4,
  redone: 2,
  late: 2,
  overdue: 1,
};
const TOTAL = {
  received: 9,
  dispatched: 7,
  responded: 8,
  respondedInTime: 7,
  closed: 6,
  closedInTime: 5,
  solved: 5,
  rated: 6,
  satisfied: 5,
  redone: 2,
  late: 2,
  overdue: 1,
};

interface Row {
  key: string;
  name: string;
  [k: string]: unknown;
}

describe.each(ENGINES)('reports on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  let hub: Client;
  let leader: Client;
  let unit1: Client;
  const presets = presetProfiles();

  const run = (actor: keyof World['actors'], id: string, command: Parameters<typeof runCaseCommand>[3], body = {}) =>
    runCaseCommand(deps, w.actors[actor], id, command, body as never);
  const breach = async (caseId: string, milestones: string[]) => {
    const rows = await handle.db
      .updateTable('clocks')
      .set({ state: 'breached', breached_at: clock.now(), next_fire_at: null })
      .where('case_id', '=', caseId)
      .where('milestone', 'in', milestones)
      .where('state', 'in', ['running', 'warned'])
      .returning('id')
      .execute();
    expect(rows).toHaveLength(milestones.length);
  };
  const useProfile = (profile: Profile) =>
    handle.db
      .transaction()
      .execute((trx) =>
        storeProfile(trx, w.jurisdictionA, { ...profile, code: 'ta' }, { userId: null, at: clock.now() }),
      );

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-10-31T15:30:00Z'); // 2026-10-31 23:30 Shanghai
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    await useProfile(presets.get('yc')!);
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000 });

    // June 2026 (summer hours 08:30–12:00, 14:30–18:00): one case timed, one returned.
    clock.set('2026-06-01T01:00:00Z'); // Monday 09:00
    const timed = (await createCase(deps, w.actors.entA, { title: 'timed', content: '内容' })).id;
    await run('hub', timed, 'accept');
    await run('hub', timed, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'general' });
    clock.set('2026-06-01T02:30:00Z'); // 10:30: signed 90 working minutes after receipt
    await run('unit1', timed, 'sign');
    await run('hub', timed, 'supervise', { by: 'platform', instruction: '请于本周内办结' });
    await run('unit1', timed, 'contact', { note: '已联系' });
    await run('unit1', timed, 'feedback', { text: '初步意见' });
    clock.set('2026-06-02T01:00:00Z');
    await run('unit1', timed, 'reply', { result: 'solved', text: '已办' });
    await run('entA', timed, 'rate', { score: 5 });
    clock.set('2026-06-02T01:30:00Z'); // Tuesday 09:30: 180 + 210 + 60 = 450 working minutes
    await run('hub', timed, 'close');
    await handle.db
      .insertInto('cards')
      .values({
        jurisdiction_id: w.jurisdictionA,
        case_id: timed,
        unit_id: w.units.dept1,
        colour: 'yellow',
        reason: '超时',
        issued_at: clock.now(),
      })
      .execute();
    const returned = (await createCase(deps, w.actors.entA, { title: 'returned', content: '内容' })).id;
    await run('hub', returned, 'accept');
    await run('hub', returned, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'general' });
    await run('unit1', returned, 'return', { reason: '不属于本单位职责' });

    clock.set('2026-10-31T15:30:00Z');
    await driveTo(deps, w, 'closed', '十月的件');
    clock.set('2026-11-09T02:00:00Z');
    await driveTo(deps, w, 'closed', 'closedOk');
    await driveTo(deps, w, 'redo', 'redo');
    const late = await driveTo(deps, w, 'feedback', 'lateResolve');
    await breach(late, ['resolve']);
    await run('unit1', late, 'reply', { result: 'solved', text: '已办' });
    await run('entA', late, 'rate', { score: 5 });
    await run('hub', late, 'close');
    const overdue = await driveTo(deps, w, 'signed', 'overdueNow');
    await breach(overdue, ['contact', 'resolve']);
    const again = await driveTo(deps, w, 'redo', 'redoThenOk');
    await run('unit1', again, 'reply', { result: 'solved', text: '重办后解决' });
    await run('entA', again, 'rate', { score: 5 });
    await run('hub', again, 'close');

    const partly = (await createCase(deps, w.actors.entB, { title: 'partly', content: '内容' })).id;
    await run('hub', partly, 'accept');
    await run('hub', partly, 'dispatch', { leadUnitId: w.units.dept2, complexity: 'general' });
    await run('unit2', partly, 'sign');
    await run('unit2', partly, 'contact', { note: '已联系' });
    await run('unit2', partly, 'feedback', { text: '初步意见' });
    await run('unit2', partly, 'reply', { result: 'partly', text: '部分解决' });
    await run('entB', partly, 'rate', { score: 4 });
    await run('hub', partly, 'close');

    await driveTo(deps, w, 'answered', 'answered');
    await driveTo(deps, w, 'merged', 'merged');
    await driveTo(deps, w, 'rejected', 'rejected');

    clock.set('2026-11-30T15:00:00Z'); // 2026-11-30 23:00 Shanghai
    const cross = await driveTo(deps, w, 'rated', 'crossMonth');
    clock.set('2026-11-30T16:30:00Z'); // 2026-12-01 00:30 Shanghai
    await run('hub', cross, 'close');
    await driveTo(deps, w, 'closed', '十二月的件');
    clock.set('2026-12-03T02:00:00Z');

    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    leader = await loginAs(app, 'ta.leader', TEST_PASSWORD);
    unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const november = '/api/v1/reports/kpis?from=2026-11-01&to=2026-12-01';

  it('counts every KPI of the hand-built month per unit and in all', async () => {
    const res = await hub.get(november);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2026-11-01', to: '2026-12-01', by: 'unit' });
    const rows = body.rows as Row[];
    expect(rows.find((r) => r.key === w.units.dept1)).toMatchObject({ name: '市场监管局', ...DEPT1 });
    expect(rows.find((r) => r.key === w.units.dept2)).toMatchObject({
      received: 1,
      closed: 1,
      solved: 0,
      satisfied: 1,
      solveRate: 0,
      satisfactionRate: 1,
    });
    expect(rows.find((r) => r.key === 'none')).toMatchObject({
      name: '（未交办）',
      received: 2,
      closed: 1,
      responded: 1,
    });
    expect(body.total).toMatchObject(TOTAL);
  });

  it('divides each rate by its own denominator', async () => {
    const dept1 = ((await hub.get(november)).json().rows as Row[]).find((r) => r.key === w.units.dept1)!;
    expect(dept1.responseRate).toBeCloseTo(5 / 6);
    expect(dept1.closeRate).toBeCloseTo(4 / 6);
    expect(dept1.onTimeRate).toBeCloseTo(3 / 4);
    expect(dept1.solveRate).toBe(1);
    expect(dept1.satisfactionRate).toBeCloseTo(4 / 5);
    expect(dept1.redoRate).toBeCloseTo(2 / 5);
  });

  it('counts returns, supervision and cards, and averages the working time to respond and to close', async () => {
    const june = (await hub.get('/api/v1/reports/kpis?from=2026-06-01&to=2026-07-01')).json();
    expect(june.total).toMatchObject({
      received: 2,
      dispatched: 2,
      returned: 1,
      returnRate: 0.5,
      supervised: 1,
      yellowCards: 1,
      redCards: 0,
      responseTimed: 1,
      responseMinutes: 90,
      avgResponseHours: 1.5,
      resolveTimed: 1,
      resolveMinutes: 450,
      avgResolveHours: 7.5,
    });
    // The month's cases reached their unit at once: every timed response and closing took no working time.
    const month = (await hub.get(november)).json();
    expect(month.total).toMatchObject({ responseTimed: 8, responseMinutes: 0, avgResponseHours: 0 });
    expect(month.total).toMatchObject({ resolveTimed: 6, avgResolveHours: 0, returned: 0, returnRate: 0 });
  });

  it('takes the period by Shanghai calendar days, [from, to)', async () => {
    const october = (await hub.get('/api/v1/reports/kpis?from=2026-10-01&to=2026-11-01')).json();
    expect(october.total).toMatchObject({ received: 1, closed: 1, satisfied: 1 });
    const lastDay = (await hub.get('/api/v1/reports/kpis?from=2026-11-30&to=2026-12-01')).json();
    expect(lastDay.total).toMatchObject({ received: 1, closed: 1 });
    const december = (await hub.get('/api/v1/reports/kpis?from=2026-12-01&to=2027-01-01')).json();
    expect(december.total).toMatchObject({ received: 1, closed: 1 });
    const defaulted = (await hub.get('/api/v1/reports/kpis')).json();
    expect(defaulted).toMatchObject({ from: '2026-12-01', to: '2027-01-01' });
  });

  it('gives the trend of consecutive periods, oldest first, the running one marked incomplete', async () => {
    const months = (await leader.get('/api/v1/reports/trend?cadence=month&count=3&period=2026-11')).json();
    expect(months.cadence).toBe('month');
    expect(months.rows.map((r: Row) => [r.key, r.name, r.from, r.to, r.complete])).toEqual([
      ['2026-09', '2026年9月', '2026-09-01', '2026-10-01', true],
      ['2026-10', '2026年10月', '2026-10-01', '2026-11-01', true],
      ['2026-11', '2026年11月', '2026-11-01', '2026-12-01', true],
    ]);
    expect(months.rows.map((r: Row) => r.received)).toEqual([0, 1, TOTAL.received]);
    expect(months.rows[2]).toMatchObject({ ...TOTAL, closeRate: 6 / 9, satisfactionRate: 5 / 6 });
    expect(months.rows[0].closeRate).toBeNull();

    const quarters = (await hub.get('/api/v1/reports/trend?cadence=quarter&count=3&period=2026-Q4')).json();
    expect(quarters.rows.map((r: Row) => [r.key, r.received])).toEqual([
      ['2026-Q2', 2],
      ['2026-Q3', 0],
      ['2026-Q4', TOTAL.received + 2],
    ]);

    const current = (await hub.get('/api/v1/reports/trend')).json();
    expect(current.rows).toHaveLength(6);
    expect(current.rows.at(-1)).toMatchObject({ key: '2026-12', complete: false, received: 1 });
    expect(current.rows[0]).toMatchObject({ key: '2026-07', complete: true });
  });

  it('refuses a trend whose last period is not of its cadence, or too long', async () => {
    const mixed = await hub.get('/api/v1/reports/trend?cadence=month&period=2026-Q4');
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.message).toContain('period');
    expect((await hub.get('/api/v1/reports/trend?count=25')).statusCode).toBe(400);
    expect((await unit1.get('/api/v1/reports/trend')).statusCode).toBe(403);
  });

  it('groups by channel, category and region with names', async () => {
    const byChannel = (await leader.get(`${november}&by=channel`)).json();
    expect(byChannel.rows).toEqual([expect.objectContaining({ key: 'mobile', name: '手机端', received: 9 })]);
    const byCategory = (await leader.get(`${november}&by=category`)).json();
    expect(byCategory.rows).toEqual([expect.objectContaining({ key: 'none', name: '（未分类）', received: 9 })]);
  });

  it('refuses a period that ends before it starts, and a unit handler', async () => {
    const bad = await hub.get('/api/v1/reports/kpis?from=2026-11-10&to=2026-11-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('to');
    expect((await hub.get('/api/v1/reports/kpis?by=street')).statusCode).toBe(400);
    expect((await unit1.get(november)).statusCode).toBe(403);
  });

  it('ranks 峄城 by 办结率 then 满意率 for the month, the unit without cases last and unranked', async () => {
    const res = await hub.get('/api/v1/reports/ranking?period=2026-11');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toMatchObject({ code: '2026-11', cadence: 'month', from: '2026-11-01', to: '2026-12-01' });
    expect(body.rule).toMatchObject({
      method: 'ordered',
      measures: [{ kpi: 'closeRate' }, { kpi: 'satisfactionRate' }],
    });
    const order = (body.rows as Row[]).map((r) => [r.name, r.rank, r.list]);
    // dept2: 办结率 1/1; dept1: 4/6 with a late case (never on the 红榜).
    expect(order.slice(0, 2)).toEqual([
      ['自然资源和规划局', 1, 'red'],
      ['市场监管局', 2, 'black'],
    ]);
    expect(order.slice(2).every(([, rank, list]) => rank === null && list === null)).toBe(true);
  });

  /** A notice as its reader sees it: paragraphs and tables. */
  const noticeOf = async (query: string) => {
    const res = await leader.get(`/api/v1/reports/monthly-notice.docx?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    return {
      ...(await docxText(res.rawPayload)),
      fileName: decodeURIComponent(String(res.headers['content-disposition'])),
    };
  };

  it('writes the month’s notice in Word: figures, the ranking by 峄城’s rule, late units, unsatisfied and typical cases', async () => {
    const { paragraphs, tables, fileName } = await noticeOf('month=2026-11');
    expect(fileName).toContain('企业诉求办理情况通报-2026-11.docx');
    expect(paragraphs[0]).toMatch(/企业诉求办理情况通报$/);
    expect(paragraphs).toContain('（2026年11月）');
    const overview = paragraphs.find((p) => p.startsWith('2026年11月（2026-11-01 至 2026-12-01'))!;
    expect(overview).toContain('共受理企业诉求 9 件，办结 6 件，办结率 66.7%');
    expect(overview).toContain('满意率 83.3%');
    const [ranking, late, unsatisfied, typical] = tables;
    // The rule's measures first (办结率, 满意率), then the other rates the notice always prints.
    expect(ranking![0]).toEqual([
      '名次',
      '承办单位',
      '受理',
      '办结',
      '办结率',
      '满意率',
      '按时办结率',
      '解决率',
      '超时件',
      '榜单',
    ]);
    expect(ranking![1]).toEqual(['1', '自然资源和规划局', '1', '1', '100.0%', '100.0%', '100.0%', '0.0%', '0', '红榜']);
    expect(ranking![2]).toEqual(['2', '市场监管局', '6', '4', '66.7%', '80.0%', '75.0%', '100.0%', '2', '黑榜']);
    expect(ranking).toHaveLength(3);
    expect(paragraphs).toContain('红榜：自然资源和规划局。');
    expect(late).toEqual([
      ['承办单位', '超时件', '当前超期', '黄牌', '红牌'],
      ['市场监管局', '2', '1', '0', '0'],
    ]);
    expect(paragraphs).toContain('本期无督办件。');
    expect(unsatisfied![0]).toEqual(['编号', '诉求', '承办单位', '企业意见']);
    expect(unsatisfied!.slice(1).map((r) => r[1])).toEqual(['redo']);
    expect(typical![0]).toEqual(['编号', '诉求', '承办单位', '办理结果']);
    expect(typical![1]!.slice(1)).toEqual(['closedOk', '市场监管局', '已修复']);
  });

  it('writes a notice for any period, with its supervision and cards, and refuses what is not one', async () => {
    const june = await noticeOf('period=2026-Q2');
    expect(june.paragraphs).toContain('（2026年第二季度）');
    expect(june.paragraphs.find((p) => p.includes('共受理企业诉求 2 件'))).toContain(
      '督办 1 件，亮黄牌 1 张、红牌 0 张',
    );
    const supervision = june.tables.find((t) => t[0]?.[3] === '督办要求')!;
    expect(supervision.slice(1).map((r) => [r[1], r[3]])).toEqual([['timed', '请于本周内办结']]);
    expect((await leader.get('/api/v1/reports/monthly-notice.docx?month=2026-13')).statusCode).toBe(400);
    expect((await leader.get('/api/v1/reports/monthly-notice.docx?month=2026-11&period=2026-Q4')).statusCode).toBe(400);
    expect((await unit1.get('/api/v1/reports/monthly-notice.docx?month=2026-11')).statusCode).toBe(403);
  });

  it('writes 001’s service report: the month against the last, ratings by the scale, revisits, groups, lists and findings', async () => {
    const partly = await handle.db
      .selectFrom('cases')
      .select('id')
      .where('title', '=', 'partly')
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto('revisits')
      .values({
        case_id: partly.id,
        round: 1,
        method: 'phone',
        note: '企业表示认可',
        at: new Date('2026-11-20T02:00:00Z'),
      })
      .execute();
    const res = await leader.get('/api/v1/reports/service-report.docx?period=2026-11');
    expect(res.statusCode, res.body).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('服务企业报告-2026-11.docx');
    const { paragraphs, tables } = await docxText(res.rawPayload);
    expect(paragraphs[0]).toMatch(/服务企业报告$/);
    expect(paragraphs.find((p) => p.startsWith('2026年11月（2026-11-01 至 2026-12-01'))).toContain(
      '共受理企业诉求 9 件，办结 6 件；解决率 83.3%，满意率 83.3%，按时办结率 83.3%；上期（2026年10月）受理 1 件。',
    );
    const [overview, ratings, unsatisfied, categories, channels, units, , typical] = tables;
    expect(overview![0]).toEqual(['指标', '本期', '上期', '变化']);
    expect(overview!.find((r) => r[0] === '受理量')).toEqual(['受理量', '9', '1', '+8']);
    expect(overview!.find((r) => r[0] === '办结率')).toEqual(['办结率', '66.7%', '100.0%', '-33.3']);
    // 峄城's five levels: each case's last rating (the redone one was rated 1, then 5).
    expect(ratings).toEqual([
      ['评价', '件数', '占比'],
      ['非常满意', '4', '66.7%'],
      ['满意', '1', '16.7%'],
      ['非常不满意', '1', '16.7%'],
    ]);
    expect(unsatisfied!.slice(1).map((r) => r[1])).toEqual(['redo']);
    expect(paragraphs).toContain('本期营商部门回访 1 次：电话 1 次。');
    expect(categories![0]).toEqual(['诉求类别', '本期受理', '上期受理', '办结', '按时办结率', '解决率', '满意率']);
    expect(categories![1]).toEqual(['（未分类）', '9', '1', '6', '83.3%', '83.3%', '83.3%']);
    expect(channels![1]!.slice(0, 2)).toEqual(['手机端', '9']);
    expect(units!.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['市场监管局', '6', '4'],
      ['自然资源和规划局', '1', '1'],
    ]);
    expect(paragraphs).toContain('正向晾晒（承办单位）：自然资源和规划局。');
    expect(paragraphs).toContain('反向晾晒（承办单位）：市场监管局。');
    // 峄城 ranks no liaisons: the section has its table of liaisons' cases but no lists.
    expect(paragraphs.some((p) => p.startsWith('正向晾晒（助企联络员）'))).toBe(false);
    expect(typical![1]!.slice(1)).toEqual(['closedOk', '市场监管局', '已修复']);
    expect(paragraphs).toContain('1. “（未分类）”类诉求 9 件，较上期增加 8 件（+800%）。');
    // 需关注的问题: the category that grew, every rate that fell from October's one closed case, the late unit.
    expect(paragraphs.filter((p) => /^\d\. /.test(p))).toEqual([
      '1. “（未分类）”类诉求 9 件，较上期增加 8 件（+800%）。',
      '2. 办结率 66.7%，较上期下降 33.3 个百分点。',
      '3. 按时办结率 83.3%，较上期下降 16.7 个百分点。',
      '4. 解决率 83.3%，较上期下降 16.7 个百分点。',
      '5. 满意率 83.3%，较上期下降 16.7 个百分点。',
      '6. 市场监管局（1 件）共有 1 件本期诉求至今超期未办结。',
    ]);

    expect((await leader.get('/api/v1/reports/service-report.docx?period=2026-13')).statusCode).toBe(400);
    expect((await unit1.get('/api/v1/reports/service-report.docx')).statusCode).toBe(403);
    const kept = await hub.post('/api/v1/reports/documents', { kind: 'service-report', period: '2026-Q4' });
    expect(kept.statusCode, kept.body).toBe(201);
    expect(kept.json()).toMatchObject({ kind: 'service-report', period: '2026-Q4', scheduled: false });
    expect(kept.json().fileName).toContain('服务企业报告-2026-Q4');

    // 开化 writes one every quarter: on 3 December the schedule writes the third quarter's, once.
    await useProfile(presets.get('kh')!);
    try {
      await generateScheduledNotices(deps);
      await generateScheduledNotices(deps);
      const documents = (await hub.get('/api/v1/reports/documents')).json<
        { kind: string; period: string; scheduled: boolean }[]
      >();
      expect(documents.filter((d) => d.kind === 'service-report' && d.scheduled).map((d) => d.period)).toEqual([
        '2026-Q3',
      ]);
    } finally {
      await useProfile(presets.get('yc')!);
    }
  });

  it('keeps the notices the schedule writes and those generated on demand, with who generated them', async () => {
    const made = await leader.post('/api/v1/reports/documents', { period: '2026-11' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ kind: 'notice', period: '2026-11', scheduled: false });
    expect(made.json().generatedBy).toBe(w.actors.leader.name);
    const file = await leader.get(`/api/v1/reports/documents/${made.json().id}`);
    expect(file.statusCode).toBe(200);
    expect((await docxText(file.rawPayload)).paragraphs).toContain('（2026年11月）');

    // 峄城 issues a notice every month: on 3 December the schedule writes November's, once.
    expect((await generateScheduledNotices(deps)).generated).toBeGreaterThanOrEqual(1);
    expect((await generateScheduledNotices(deps)).generated).toBe(0);
    const kept = (await hub.get('/api/v1/reports/documents')).json<
      { period: string; scheduled: boolean; generatedBy: string }[]
    >();
    expect(
      kept
        .filter((d) => d.period === '2026-11')
        .map((d) => [d.scheduled, d.generatedBy])
        .sort(),
    ).toEqual(
      [
        [false, w.actors.leader.name],
        [true, '定时生成'],
      ].sort(),
    );
    expect((await unit1.get('/api/v1/reports/documents')).statusCode).toBe(403);
    expect((await leader.post('/api/v1/reports/documents', { period: '2026-13' })).statusCode).toBe(400);
  });

  it('ranks by each preset’s rule and cadence', async () => {
    // 滕州: weighted, half-yearly; the default period is the last complete half-year.
    await useProfile(presets.get('tz')!);
    const tz = (await hub.get('/api/v1/reports/ranking')).json();
    expect(tz.period).toMatchObject({ code: '2026-H1', cadence: 'half' });
    const h2 = (await hub.get('/api/v1/reports/ranking?period=2026-H2')).json();
    expect(h2.rule.method).toBe('weighted');
    const [first, second] = h2.rows as Row[];
    // dept1 with October's and December's cases: on time 5/6, satisfied 6/7, solved 6/6.
    expect(first).toMatchObject({ key: w.units.dept1, rank: 1 });
    expect(first!.score as number).toBeCloseTo(0.4 * (5 / 6) + 0.4 * (6 / 7) + 0.2 * 1);
    // dept2: 0.4·1 + 0.4·1 + 0.2·0 = 0.8
    expect(second).toMatchObject({ key: w.units.dept2, rank: 2 });
    expect(second!.score as number).toBeCloseTo(0.8);

    // 开化 ranks liaisons too; 峄城 does not.
    await useProfile(presets.get('kh')!);
    const liaisons = await hub.get('/api/v1/reports/ranking?period=2026-11&subject=liaison');
    expect(liaisons.statusCode).toBe(200);
    expect(liaisons.json().subject).toBe('liaison');
    await useProfile(presets.get('yc')!);
    const refused = await hub.get('/api/v1/reports/ranking?period=2026-11&subject=liaison');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('RANKING_SUBJECT_NOT_RANKED');
    expect(refused.json().error.message).toContain('助企联络员');

    // 径河街 ranks yearly; 涪城 monthly, both by the weighted common value.
    await useProfile(presets.get('jhj')!);
    expect((await hub.get('/api/v1/reports/ranking')).json().period.code).toBe('2025');
    await useProfile(presets.get('fc')!);
    const fc = (await hub.get('/api/v1/reports/ranking')).json();
    expect(fc.period.code).toBe('2026-11');
    expect(fc.rows[0]).toMatchObject({ key: w.units.dept1, rank: 1 });
    await useProfile(presets.get('yc')!);
  });

  it('refuses a period code that is not one', async () => {
    const res = await hub.get('/api/v1/reports/ranking?period=2026-13');
    expect(res.statusCode).toBe(400);
  });

  /** The first sheet's rows as text, the header first. */
  const sheetOf = async (path: string) => {
    const res = await hub.get(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('2026-11-01至2026-12-01.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = sheetText(book.worksheets[0]!);
    const about = sheetText(book.worksheets[1]!);
    return { rows, about, sheet: book.worksheets[0]! };
  };
  const range = 'from=2026-11-01&to=2026-12-01';

  it('exports 附件2 问题台账 with the seed’s columns and every counted case of the month', async () => {
    const { rows, about } = await sheetOf(`/api/v1/exports/problem-ledger.xlsx?${range}`);
    expect(rows[0]).toEqual([
      '序号',
      '企业名称',
      '存在问题、困难、诉求描述',
      '建议解决部门',
      '企业联系人及联系方式',
      '备注',
    ]);
    expect(rows).toHaveLength(1 + TOTAL.received);
    expect(rows.slice(1).map((r) => r[0])).toEqual(Array.from({ length: TOTAL.received }, (_, i) => String(i + 1)));
    const partly = rows.find((r) => r[2]!.startsWith('partly：'))!;
    expect(partly[3]).toBe('自然资源和规划局');
    expect(rows.some((r) => r[2]!.startsWith('rejected') || r[2]!.startsWith('merged：'))).toBe(false);
    expect(rows.flat().join(' ')).not.toMatch(/1[3-9]\d{9}/); // contacts masked
    expect(about).toContainEqual(['表名', '附件2 企业发展、项目建设问题台账']);
    expect(about.find((r) => r[0] === '提报时间')?.[1]).toBe('2026-12-03');
  });

  it('exports 附件3 转办清单 with the dispatched cases and their units', async () => {
    const { rows, about } = await sheetOf(`/api/v1/exports/transfer-list.xlsx?${range}`);
    expect(rows[0]).toEqual(['序号', '企业名称', '存在问题、困难、诉求描述', '企业联系人及联系方式', '建议解决部门']);
    expect(rows).toHaveLength(1 + TOTAL.dispatched);
    expect(rows.find((r) => r[2]!.startsWith('closedOk：'))![4]).toBe('市场监管局（协办：自然资源和规划局）');
    expect(about.some((r) => r[0] === '提报单位')).toBe(false); // 附件3 has no reporter line
  });

  it('exports 附件4 解决反馈表 with whether and how each answered case was solved', async () => {
    const { rows } = await sheetOf(`/api/v1/exports/resolution-feedback.xlsx?${range}`);
    expect(rows[0]).toEqual([
      '序号',
      '企业名称',
      '存在问题、困难、诉求描述',
      '是否解决',
      '解决方式',
      '所属镇街（部门）',
      '镇街（部门）联系人及联系方式',
      '备注',
    ]);
    // Replied or answered: every case but the one still being handled and the one never screened.
    expect(rows).toHaveLength(1 + 7);
    const byTitle = (t: string) => rows.find((r) => r[2]!.startsWith(`${t}：`))!;
    expect(byTitle('partly').slice(3, 6)).toEqual(['部分', '部分解决', '自然资源和规划局']);
    expect(byTitle('partly')[6]).toContain(w.actors.unit2.name);
    expect(byTitle('answered').slice(3, 5)).toEqual(['是', '按政策答复']);
    expect(byTitle('redoThenOk').slice(3, 5)).toEqual(['是', '重办后解决']);
  });

  it('exports 附件5 满意度评价表 on its four levels, from each case’s last rating', async () => {
    const { rows, about, sheet } = await sheetOf(`/api/v1/exports/satisfaction.xlsx?${range}`);
    expect(rows[0]).toEqual(['序号', '问题描述', '解决情况', '解决部门', '满意度评价', '意见建议']);
    expect(rows).toHaveLength(1 + TOTAL.rated);
    const level = (t: string) => rows.find((r) => r[1]!.startsWith(`${t}：`))![4];
    expect(level('closedOk')).toBe('1.非常满意');
    expect(level('partly')).toBe('2.比较满意');
    expect(level('redo')).toBe('4.不满意');
    expect(level('redoThenOk')).toBe('1.非常满意');
    expect(sheet.getCell(2, 5).dataValidation.formulae).toEqual(['"1.非常满意,2.比较满意,3.基本满意,4.不满意"']);
    expect(about.find((r) => r[0] === '件数')?.[1]).toBe(String(TOTAL.rated));
  });

  it('refuses the forms to a unit handler and a reversed period', async () => {
    expect((await unit1.get(`/api/v1/exports/satisfaction.xlsx?${range}`)).statusCode).toBe(403);
    const bad = await hub.get('/api/v1/exports/problem-ledger.xlsx?from=2026-12-01&to=2026-11-01');
    expect(bad.statusCode).toBe(400);
  });
});
