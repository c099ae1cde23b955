import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predict } from '@qisu/triage';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { loginAs, testApp } from '../testing/http.js';
import { ManualClock } from '../clock.js';
import { toyDemands } from '../testing/triage-fixtures.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { createCase } from '../cases/cases.service.js';
import {
  activeModel,
  casesTrainingSet,
  crossValidate,
  evaluateActive,
  startRetraining,
  suggestedCategory,
  trainAndActivate,
} from './triage.service.js';
import { createRoutingRule } from '../routing/routing.service.js';
import { TEST_PII } from '../testing/pii.js';

describe('cross-validated quality', () => {
  it('measures a separable set as perfect, and declines when a label has fewer cases than folds', () => {
    expect(crossValidate(toyDemands())).toMatchObject({ accuracy: 1, macroF1: 1, method: '5-fold cross-validation' });
    expect(crossValidate(toyDemands().slice(0, 14))).toBeNull();
  });
});

describe.each(ENGINES)('stored category models on $name', (engine) => {
  let handle: Db;
  let w: World;
  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
  });
  afterAll(() => handle.close());

  it('stores each training as the next version, active alone in its scope, with its quality', async () => {
    expect(await activeModel(handle.db, w.jurisdictionA)).toBeNull();
    const first = await trainAndActivate(handle.db, {
      jurisdictionId: null,
      examples: toyDemands(),
      now: new Date('2026-11-02T01:00:00Z'),
    });
    expect(first).toMatchObject({ version: 1, examples: 18, quality: { accuracy: 1, macroF1: 1 } });
    expect(first.labels).toEqual(['用工', '用电', '融资']);
    // The model for all serves a jurisdiction without its own.
    expect((await activeModel(handle.db, w.jurisdictionA))?.version).toBe(1);

    const own = await trainAndActivate(handle.db, {
      jurisdictionId: w.jurisdictionA,
      examples: toyDemands().filter((e) => e.label !== '融资'),
      now: new Date('2026-11-03T01:00:00Z'),
    });
    expect(own.version).toBe(1);
    const served = await activeModel(handle.db, w.jurisdictionA);
    expect(served).toMatchObject({ version: 1, jurisdictionId: w.jurisdictionA });
    expect(served?.model.info.labels).toEqual(['用工', '用电']);
    expect((await activeModel(handle.db, w.jurisdictionB))?.jurisdictionId).toBeNull();

    const second = await trainAndActivate(handle.db, {
      jurisdictionId: null,
      examples: toyDemands(),
      now: new Date('2026-11-04T01:00:00Z'),
    });
    expect(second.version).toBe(2);
    const rows = await handle.db
      .selectFrom('triage_models')
      .select(['version', 'active'])
      .where('jurisdiction_id', 'is', null)
      .orderBy('version')
      .execute();
    expect(rows).toEqual([
      { version: 1, active: false },
      { version: 2, active: true },
    ]);
  });

  it('suggests a category with its confidence and evidence for a case, to screening roles only', async () => {
    const app = await testApp(handle, new ManualClock('2026-11-05T01:00:00Z'), { rateLimitPerMinute: 100_000 });
    try {
      const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
      const ent = await loginAs(app, 'ta.entA', TEST_PASSWORD);
      const filed = await ent.post('/api/v1/cases', {
        title: '工资社保',
        content: '招工困难，技工培训和社保缴纳需要指导',
      });
      const id = filed.json<{ id: string }>().id;
      // Jurisdiction A has its own model (用工 and 用电), trained above.
      const res = await hub.get(`/api/v1/cases/${id}/suggestions`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.category).toMatchObject({ label: '用工', modelVersion: 1, categoryId: null });
      expect(body.category.confidence).toBeGreaterThan(0.5);
      // Calibrated as far as 12 training cases of 2 labels vouch: never certain.
      expect(body.category.confidence).toBeLessThanOrEqual(13 / 14);
      for (const r of body.category.ranking) expect(r.probability).toBeLessThan(1);
      expect(body.category.evidence.map((e: { term: string }) => e.term).join(' ')).toMatch(/社保|招工|技工|培训|工资/);
      expect(body.routing).toMatchObject({ basis: 'region' });
      expect((await ent.get(`/api/v1/cases/${id}/suggestions`)).statusCode).toBe(403);
      const other = await loginAs(app, 'tb.hub', TEST_PASSWORD);
      expect((await other.get(`/api/v1/cases/${id}/suggestions`)).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('predicts after reading the stored model back, and scores a labelled set with it', async () => {
    const served = await activeModel(handle.db, w.jurisdictionB);
    if (!served) throw new Error('no model');
    const p = predict(served.model, { title: '变压器增容', body: '厂区变压器需要增容，供电不足' });
    expect(p.label).toBe('用电');
    const report = await evaluateActive(handle.db, w.jurisdictionB, toyDemands());
    expect(report).toMatchObject({ n: 18, accuracy: 1, macroF1: 1, version: 2 });
  });

  it('learns from the hub: screened cases train with the top-level category it confirmed or corrected to', async () => {
    const deps = { db: handle.db, clock: new ManualClock('2026-11-06T01:00:00Z'), pii: TEST_PII };
    const power = await handle.db
      .insertInto('categories')
      .values({ jurisdiction_id: w.jurisdictionA, parent_id: null, code: 'power', name: '用电', name_en: 'Power' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const outage = await handle.db
      .insertInto('categories')
      .values({ jurisdiction_id: w.jurisdictionA, parent_id: power.id, code: 'outage', name: '停电', name_en: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await casesTrainingSet(handle.db, w.jurisdictionA);
    // Filed as 政策兑现, corrected by the hub to 停电 (under 用电) when accepting.
    const corrected = await createCase(deps, w.actors.entA, {
      title: '厂区频繁停电',
      content: '本月停电五次',
      categoryId: w.categoryId,
    });
    await runCaseCommand(deps, w.actors.hub, corrected.id, 'accept', { categoryId: outage.id });
    // Confirmed as filed.
    const confirmed = await createCase(deps, w.actors.entA, {
      title: '奖补资金兑现',
      content: '技改奖补何时拨付',
      categoryId: w.categoryId,
    });
    await runCaseCommand(deps, w.actors.hub, confirmed.id, 'accept', {});
    // Not screened yet: not training data.
    await createCase(deps, w.actors.entA, { title: '待受理', content: '尚未研判', categoryId: outage.id });

    const after = await casesTrainingSet(handle.db, w.jurisdictionA);
    expect(after.slice(before.length)).toEqual([
      { title: '厂区频繁停电', body: '本月停电五次', label: '用电' },
      { title: '奖补资金兑现', body: '技改奖补何时拨付', label: '政策兑现' },
    ]);
    expect(await casesTrainingSet(handle.db, w.jurisdictionB)).toEqual([]);
  });

  it('lets the admin retrain the jurisdiction’s model on its screened cases in the background', async () => {
    const clock = new ManualClock('2026-11-07T01:00:00Z');
    const deps = { db: handle.db, clock, pii: TEST_PII };
    const power = await handle.db
      .selectFrom('categories')
      .select('id')
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .where('code', '=', 'power')
      .executeTakeFirstOrThrow();
    for (const [i, text] of ['变压器容量不足', '线路老化跳闸', '高压接入排队'].entries()) {
      const c = await createCase(deps, w.actors.entA, {
        title: text,
        content: `${text}，影响生产`,
        categoryId: power.id,
      });
      await runCaseCommand(deps, w.actors.hub, c.id, 'accept', {});
      const d = await createCase(deps, w.actors.entA, {
        title: `奖补兑现${i}`,
        content: '技改奖补资金何时拨付',
        categoryId: w.categoryId,
      });
      await runCaseCommand(deps, w.actors.hub, d.id, 'accept', {});
    }
    const app = await testApp(handle, clock, { rateLimitPerMinute: 100_000 });
    try {
      const admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
      const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
      expect((await hub.post('/api/v1/triage/models', {})).statusCode).toBe(403);
      const before = (await hub.get('/api/v1/triage/models')).json();
      const started = await admin.post('/api/v1/triage/models', {});
      expect(started.statusCode, started.body).toBe(202);
      expect(started.json()).toMatchObject({ finishedAt: null, version: null });
      expect(started.json().examples).toBeGreaterThanOrEqual(8);
      let overview = (await admin.get('/api/v1/triage/models')).json();
      for (let i = 0; i < 200 && !overview.retraining.finishedAt; i++) {
        await new Promise((r) => setTimeout(r, 50));
        overview = (await admin.get('/api/v1/triage/models')).json();
      }
      expect(overview.retraining).toMatchObject({ error: null, version: 2 });
      expect(overview.models.length).toBe(before.models.length + 1);
      const serving = overview.models.filter((m: { serving: boolean }) => m.serving);
      expect(serving).toEqual([
        expect.objectContaining({ scope: 'jurisdiction', version: 2, active: true, labels: ['政策兑现', '用电'] }),
      ]);
      const other = await loginAs(app, 'tb.hub', TEST_PASSWORD);
      expect(
        (await other.get('/api/v1/triage/models')).json().models.every((m: { scope: string }) => m.scope === 'all'),
      ).toBe(true);
    } finally {
      await app.close();
    }
    await expect(startRetraining(deps, { ...w.actors.hubB, roles: ['admin'] })).rejects.toMatchObject({
      code: 'TRIAGE_TOO_FEW_CASES',
    });
  });

  it('suggests the lead unit of the routing rule of the category it shows, refined by similar cases', async () => {
    const clock = new ManualClock('2026-11-08T01:00:00Z');
    const deps = { db: handle.db, clock, pii: TEST_PII };
    await trainAndActivate(handle.db, { jurisdictionId: w.jurisdictionA, examples: toyDemands(), now: clock.now() });
    const category = (code: string) =>
      handle.db
        .selectFrom('categories')
        .select('id')
        .where('jurisdiction_id', '=', w.jurisdictionA)
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
    const power = await category('power');
    const outage = await category('outage');
    const admin = { ...w.actors.admin };
    // 停电 (under 用电) goes to dept3; anything else in the town's region to the town.
    await createRoutingRule(deps, admin, {
      categoryId: outage.id,
      leadUnitId: w.units.dept3,
      coUnitIds: [],
      complexity: 'simple',
    });
    await createRoutingRule(deps, admin, { regionCode: '330824101', leadUnitId: w.units.town, coUnitIds: [] });
    // A past outage the hub filed under 停电.
    const past = await createCase(deps, w.actors.entB, {
      title: '厂区变压器故障停电',
      content: '厂区变压器故障导致停电，供电公司抢修太慢，影响生产',
      categoryId: outage.id,
    });
    await runCaseCommand(deps, w.actors.hub, past.id, 'accept', {});

    const app = await testApp(handle, clock, { rateLimitPerMinute: 100_000 });
    try {
      const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
      // Filed under 政策兑现 by the enterprise; the text is about power cuts.
      const filed = await createCase(deps, w.actors.entA, {
        title: '变压器故障停电',
        content: '厂区变压器故障停电，供电抢修太慢，电缆老化，希望增容',
        categoryId: w.categoryId,
      });
      const body = (await hub.get(`/api/v1/cases/${filed.id}/suggestions`)).json();
      expect(body.category).toMatchObject({ label: '用电', categoryId: power.id });
      expect(body.suggestedCategory).toMatchObject({
        id: outage.id,
        path: '用电 / 停电',
        basis: 'similar',
        filedDiffers: true,
      });
      const rule = (
        await hub.get(
          `/api/v1/routing-rules/suggest?categoryId=${body.suggestedCategory.id}&regionCode=${body.regionCode}`,
        )
      ).json();
      expect(rule.leadUnit.id).toBe(w.units.dept3);
      expect(body.routing).toMatchObject({ leadUnit: { id: w.units.dept3 }, basis: 'suggestion' });
      expect(body.routing.rule.categoryId).toBe(body.suggestedCategory.id);

      // Without a similar past case the label itself is the category, and its rule (the town's) follows it.
      const other = await createCase(deps, w.actors.entA, {
        title: '电价偏高',
        content: '我公司电价偏高，增容费用高，希望供电部门说明电价',
      });
      const plain = (await hub.get(`/api/v1/cases/${other.id}/suggestions`)).json();
      expect(plain.suggestedCategory).toMatchObject({ id: power.id, basis: 'model', filedDiffers: false });
      expect(plain.routing.leadUnit.id).toBe(
        (await hub.get(`/api/v1/routing-rules/suggest?categoryId=${power.id}&regionCode=330824101`)).json().leadUnit.id,
      );
    } finally {
      await app.close();
    }
  });
});

describe('suggestedCategory', () => {
  const tree = [
    { id: 'power', parent_id: null, name: '用电' },
    { id: 'outage', parent_id: 'power', name: '停电' },
    { id: 'price', parent_id: 'power', name: '电价' },
    { id: 'policy', parent_id: null, name: '政策' },
  ];
  it('keeps the filed category when the model agrees or is unsure, else follows the model', () => {
    const model = (confidence: number) => ({ categoryId: 'power', confidence });
    expect(suggestedCategory(tree, { filedId: 'outage', model: model(0.9), similar: [] })).toEqual({
      id: 'outage',
      basis: 'case',
    });
    expect(suggestedCategory(tree, { filedId: 'policy', model: model(0.3), similar: [] })).toEqual({
      id: 'policy',
      basis: 'case',
    });
    expect(suggestedCategory(tree, { filedId: 'policy', model: model(0.9), similar: [] })).toEqual({
      id: 'power',
      basis: 'model',
    });
    const similar = [
      { categoryId: 'price', score: 0.3 },
      { categoryId: 'outage', score: 0.25 },
      { categoryId: 'outage', score: 0.2 },
      { categoryId: 'policy', score: 0.9 },
    ];
    expect(suggestedCategory(tree, { filedId: null, model: model(0.9), similar })).toEqual({
      id: 'outage',
      basis: 'similar',
    });
    expect(suggestedCategory(tree, { filedId: null, model: null, similar })).toBeNull();
  });
});
