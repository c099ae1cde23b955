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
import { DUPLICATE_MIN, SIMILAR_MIN, similarCases } from './similar.service.js';
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

  it('flags a reworded copy as a duplicate, lists a related case below the threshold, and leaves out the rest', async () => {
    const original = await file(HEATING, 'entB');
    const related = await file(HEATING_RELATED, 'entB');
    const loan = await file(LOAN, 'entB');
    const sibling = await file({
      title: '申请安装充电桩',
      content: '厂区停车场想安装新能源汽车充电桩，请指导报装流程。',
    });
    const incoming = await file(HEATING_AGAIN);

    const result = await similarCases(deps, w.actors.hub, incoming);
    const byId = new Map(result.open.map((o) => [o.id, o]));
    expect(byId.get(original)).toMatchObject({ duplicate: true, sameEnterprise: false });
    expect(byId.get(original)!.score).toBeGreaterThanOrEqual(DUPLICATE_MIN);
    const near = byId.get(related);
    expect(near?.duplicate).toBe(false);
    expect(near!.score).toBeGreaterThanOrEqual(SIMILAR_MIN);
    expect(near!.score).toBeLessThan(DUPLICATE_MIN);
    expect(byId.has(loan)).toBe(false);
    // Every other open case of the same enterprise is shown, however different its text.
    expect(byId.get(sibling)).toMatchObject({ sameEnterprise: true, score: 0, duplicate: false });
    expect(result.open[0]?.id).toBe(original);
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
