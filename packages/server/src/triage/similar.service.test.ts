import { fingerprint, jaccard } from '@qisu/triage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { createCase } from '../cases/cases.service.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { backfillFingerprints } from './fingerprints.service.js';
import { listHotspots } from '../hotspots/hotspots.service.js';
import { likenessThresholds, similarCases } from './similar.service.js';
import { TEST_PII } from '../testing/pii.js';

const HEATING = {
  title: '园区厂房冬季供暖不足影响生产',
  content: '我公司位于经开区标准厂房三号楼，入冬以来供暖温度长期不足十度，工人无法正常生产，请协调供热公司尽快解决。',
};
/** The same demand reworded: far above the duplicate threshold. */
const HEATING_AGAIN = {
  title: '厂房冬季供暖不足影响生产',
  content: '我公司位于经开区标准厂房三号楼，入冬以来供暖温度一直不足十度，工人无法正常生产，请尽快协调供热公司解决。',
};
/** A related demand in other words: similar, but below the duplicate threshold. */
const HEATING_RELATED = {
  title: '标准厂房供暖温度不足',
  content: '经开区标准厂房入冬后供暖温度偏低，车间工人反映寒冷，希望供热公司检修管网。',
};
/** The same power cut in one park, as five enterprises put it. */
const OUTAGE = [
  [
    '华埠工业园区本周频繁停电，生产线被迫停工',
    '我司位于华埠工业园区，本周已停电三次，每次两小时以上，事先没有通知，生产线被迫停工，请供电部门排查园区线路。',
  ],
  [
    '华埠工业园区突然停电导致设备受损',
    '昨天下午华埠工业园区又一次突然停电，我司两台精密设备断电受损，希望尽快查明园区停电原因。',
  ],
  [
    '反映华埠工业园区供电不稳、经常停电',
    '近期华埠工业园区电压忽高忽低，经常停电，纺织机频繁重启，布匹报废较多，请求改善园区供电线路。',
  ],
  [
    '华埠工业园区停电问题请尽快解决',
    '华埠工业园区这个月停电次数明显增多，订单交付受影响，请供电公司排查线路，停电前提前通知企业。',
  ],
  [
    '华埠工业园区无预告停电，冷库货物受损',
    '园区周二夜间无预告停电近四小时，冷库温度升高，部分原料受损。华埠工业园区停电已不是第一次，请排查线路。',
  ],
].map(([title, content]) => ({ title: title!, content: content! }));
/** Demands about other things. */
const UNRELATED = [
  ['办理食品经营许可证需要哪些材料', '新开一家餐饮店，想了解食品经营许可证的申请材料和办理时限。'],
  ['招工困难希望组织招聘会', '公司扩产需要普工五十名，希望人社部门组织专场招聘会。'],
  ['厂区门口道路破损', '厂区门口的道路坑洼严重，大货车进出困难，雨天积水，请求修复。'],
  ['出口退税办理时间太长', '出口退税申报后等待两个月仍未退回，资金周转紧张。'],
  ['污水管网接入申请', '新建厂房需要接入市政污水管网，不清楚向哪个部门申请。'],
].map(([title, content]) => ({ title: title!, content: content! }));
const LOAN = {
  title: '创业担保贷款贴息进度咨询',
  content: '我们三月提交了创业担保贷款贴息申请，至今没有收到审核结果，想了解办理进度和还需补充哪些材料。',
};

describe.each(ENGINES)('duplicates, similar solved cases and learned routing on $name', (engine) => {
  let handle: Db;
  let w: World;
  let deps: Deps;
  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    deps = { db: handle.db, clock: new ManualClock('2026-11-10T01:00:00Z'), pii: TEST_PII };
  });
  afterAll(() => handle.close());

  const file = async (text: { title: string; content: string }, actor: keyof World['actors'] = 'entA') =>
    (await createCase(deps, w.actors[actor], text)).id;
  const dispatch = async (id: string, leadUnitId: string, complexity: 'simple' | 'general' | 'complex') => {
    await runCaseCommand(deps, w.actors.hub, id, 'accept', {});
    await runCaseCommand(deps, w.actors.hub, id, 'dispatch', { leadUnitId, complexity });
  };

  it('flags a reworded copy of the same enterprise as a duplicate, and lists its unrelated open cases apart, never to merge', async () => {
    const original = await file(HEATING);
    const loan = await file(LOAN, 'entB');
    const siblings = [
      await file({ title: '申请安装充电桩', content: '厂区停车场想安装新能源汽车充电桩，请指导报装流程。' }),
      await file({
        title: '咨询高新技术企业认定条件',
        content: '我公司研发投入逐年增加，想了解申报高新技术企业的条件和时间。',
      }),
    ];
    const incoming = await file(HEATING_AGAIN);

    const result = await similarCases(deps, w.actors.hub, incoming);
    const byId = new Map(result.open.map((o) => [o.id, o]));
    expect(byId.get(original)).toMatchObject({ duplicate: true, sameEnterprise: true });
    expect(byId.get(original)!.score).toBeGreaterThanOrEqual(result.thresholds.duplicate);
    expect(result.open[0]?.id).toBe(original);
    expect(byId.has(loan)).toBe(false);
    // The enterprise's other open cases are listed apart, and never among the likely duplicates.
    for (const sibling of siblings) {
      expect(byId.has(sibling)).toBe(false);
      const listed = result.enterpriseOpen.find((c) => c.id === sibling);
      expect(listed?.score ?? 1).toBeLessThan(result.thresholds.duplicate);
    }
    expect(result.enterpriseOpen.map((c) => c.id)).toEqual(expect.arrayContaining(siblings));
    expect(result.enterpriseOpen.some((c) => c.id === original)).toBe(false);
  });

  it('finds the same outage reported by other enterprises in their own words, as the hotspot view groups them', async () => {
    // Context of unrelated demands, as any county has, so that word rarity means something.
    for (const text of [LOAN, HEATING_RELATED, ...UNRELATED]) await file(text, 'entB');
    const others: string[] = [];
    for (const [i, text] of OUTAGE.slice(1).entries()) others.push(await file(text, i % 2 === 0 ? 'entB' : 'hub'));
    const incoming = await file(OUTAGE[0]!);

    const result = await similarCases(deps, w.actors.hub, incoming);
    const duplicates = result.open.filter((o) => o.duplicate).map((o) => o.id);
    expect(new Set(duplicates)).toEqual(new Set(others));
    expect(result.open.filter((o) => others.includes(o.id)).every((o) => !o.sameEnterprise)).toBe(true);
    // Their plain word overlap (Jaccard, what MinHash estimates) is far below what a reworded copy shows.
    const words = (t: { title: string; content: string }) => fingerprint({ title: t.title, body: t.content }).tokens;
    for (const text of OUTAGE.slice(1)) expect(jaccard(words(OUTAGE[0]!), words(text))).toBeLessThan(0.3);

    // The hotspot view groups the same cases with this one.
    const view = await listHotspots(deps, w.actors.hub, { dimension: 'category', order: 'heat' });
    const group = view.groups.find((g) => g.members.some((m) => m.id === incoming));
    expect(new Set(group?.members.map((m) => m.id).filter((id) => id !== incoming))).toEqual(new Set(others));
    expect(result.thresholds).toMatchObject(likenessThresholds(0.2));
  });

  it('shows similar solved cases with how they were resolved, and never a merged one', async () => {
    const answered = await file({
      title: '创业担保贷款贴息申请材料咨询',
      content: '想了解创业担保贷款贴息申请需要哪些材料，审核要多长时间。',
    });
    await runCaseCommand(deps, w.actors.hub, answered, 'accept', {});
    await runCaseCommand(deps, w.actors.hub, answered, 'answer', {
      text: '按贴息办法第五条提交材料，十个工作日内审核。',
    });
    const merged = await file({
      title: '创业担保贷款贴息进度',
      content: '创业担保贷款贴息申请提交后没有审核结果，想了解办理进度。',
    });
    const target = await file({ title: '贴息政策汇总咨询', content: '请汇总介绍本县各类贴息政策。' });
    await runCaseCommand(deps, w.actors.hub, merged, 'accept', {});
    await runCaseCommand(deps, w.actors.hub, merged, 'merge', { intoCaseId: target });
    const incoming = await file(LOAN);

    const result = await similarCases(deps, w.actors.hub, incoming);
    const solved = result.solved.find((s) => s.id === answered);
    expect(solved).toMatchObject({
      status: 'answered',
      resolution: { kind: 'answered', text: '按贴息办法第五条提交材料，十个工作日内审核。' },
    });
    const status = await handle.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', merged)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('merged');
    expect([...result.open, ...result.solved].some((c) => c.id === merged)).toBe(false);
  });

  it('suggests the unit that led similar dispatched cases, else the usual unit of the category', async () => {
    const app = await testApp(handle, new ManualClock('2026-11-12T01:00:00Z'), { rateLimitPerMinute: 100_000 });
    try {
      const power = (n: number) => ({
        title: `开发区${n}号厂房频繁停电`,
        content: `开发区${n}号厂房本月多次突然停电，生产线被迫停机，请供电公司排查线路故障。`,
      });
      for (const n of [1, 2, 3]) await dispatch(await file(power(n)), w.units.dept3, 'complex');
      const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
      const incoming = await file(power(4));
      const bySimilar = (await hub.get(`/api/v1/cases/${incoming}/suggestions`)).json();
      expect(bySimilar.learned).toMatchObject({
        leadUnit: { id: w.units.dept3 },
        complexity: 'complex',
        basis: 'similar',
        agreeing: 3,
      });
      expect(bySimilar.learned.reason.zh).toContain('3 件');

      // No similar text: the category's past dispatches decide.
      for (let n = 0; n < 3; n++) {
        const id = await createCase(deps, w.actors.entA, {
          title: `咨询事项${'甲乙丙'[n]}`,
          content: `关于${'春夏秋'[n]}季${'招聘会|展销会|培训班'.split('|')[n]}的安排`,
          categoryId: w.categoryId,
        });
        await dispatch(id.id, w.units.dept2, 'simple');
      }
      const lone = await createCase(deps, w.actors.entA, {
        title: '食堂排污许可',
        content: '公司食堂油烟排放需要办理什么手续',
        categoryId: w.categoryId,
      });
      const byCategory = (await hub.get(`/api/v1/cases/${lone.id}/suggestions`)).json();
      expect(byCategory.learned).toMatchObject({
        leadUnit: { id: w.units.dept2 },
        basis: 'category',
        complexity: 'simple',
      });
      expect(byCategory.learned.agreeing).toBeGreaterThanOrEqual(3);

      const similar = await hub.get(`/api/v1/cases/${incoming}/similar`);
      expect(similar.statusCode, similar.body).toBe(200);
      expect(similar.json().open.length).toBeGreaterThanOrEqual(3);
      const ent = await loginAs(app, 'ta.entA', TEST_PASSWORD);
      expect((await ent.get(`/api/v1/cases/${incoming}/similar`)).statusCode).toBe(403);
      const other = await loginAs(app, 'tb.hub', TEST_PASSWORD);
      expect((await other.get(`/api/v1/cases/${incoming}/similar`)).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('fingerprints cases written without one', async () => {
    const id = await file(LOAN);
    await handle.db.deleteFrom('case_fingerprints').where('case_id', '=', id).execute();
    expect(await backfillFingerprints(handle.db)).toBe(1);
    const row = await handle.db
      .selectFrom('case_fingerprints')
      .select(['tokens', 'bands'])
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.tokens).toContain('贴息');
    expect(row.bands).toHaveLength(32);
    expect(await backfillFingerprints(handle.db)).toBe(0);
  });
});
