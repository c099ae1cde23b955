import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';

describe.each(ENGINES)('routing catalogue (派单目录) on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let as: Record<'admin' | 'hub' | 'leader' | 'unit1' | 'entA' | 'liaison' | 'discipline', Client>;
  let sub: string; // a child of the world's category "policy"
  let tax: string; // a second top-level category
  let categoryOfB: string;

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    app = await testApp(handle, new ManualClock('2026-11-02T01:00:00Z'), {
      rateLimitPerMinute: 100_000,
      loginFailuresPerIp: 1000,
    });
    const insertCategory = async (jurisdictionId: string, code: string, parentId: string | null) =>
      (
        await handle.db
          .insertInto('categories')
          .values({ jurisdiction_id: jurisdictionId, parent_id: parentId, code, name: code, name_en: null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    sub = await insertCategory(w.jurisdictionA, 'policy.subsidy', w.categoryId);
    tax = await insertCategory(w.jurisdictionA, 'tax', null);
    categoryOfB = await insertCategory(w.jurisdictionB, 'tax', null);
    as = {
      admin: await loginAs(app, 'ta.admin', TEST_PASSWORD),
      hub: await loginAs(app, 'ta.hub', TEST_PASSWORD),
      leader: await loginAs(app, 'ta.leader', TEST_PASSWORD),
      unit1: await loginAs(app, 'ta.unit1', TEST_PASSWORD),
      entA: await loginAs(app, 'ta.entA', TEST_PASSWORD),
      liaison: await loginAs(app, 'ta.liaison', TEST_PASSWORD),
      discipline: await loginAs(app, 'ta.discipline', TEST_PASSWORD),
    };
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const send = (client: Client, method: 'PUT' | 'DELETE', url: string, body?: object) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${client.token}` },
      ...(body ? { payload: body } : {}),
    });
  const create = (body: object, client: Client = as.admin) => client.post('/api/v1/routing-rules', body);
  const suggest = (query: string, client: Client = as.hub) =>
    client.get(`/api/v1/routing-rules/suggest?${query}`).then((res) => {
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    });

  it('lets only the admin change the catalogue, and hub, leader and admin read it', async () => {
    const body = { categoryId: tax, leadUnitId: w.units.dept1, complexity: 'simple' };
    for (const who of ['hub', 'leader', 'unit1', 'entA', 'liaison', 'discipline'] as const) {
      expect((await create(body, as[who])).statusCode, who).toBe(403);
    }
    const created = await create({ ...body, coUnitIds: [w.units.dept2], note: '税费类默认' });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({
      categoryId: tax,
      regionCode: null,
      leadUnit: { id: w.units.dept1, name: '市场监管局', active: true },
      coUnits: [{ id: w.units.dept2, name: '自然资源和规划局', active: true }],
      complexity: 'simple',
      note: '税费类默认',
      updatedBy: 'ta.admin',
    });

    for (const who of ['hub', 'leader', 'admin'] as const) {
      const list = await as[who].get('/api/v1/routing-rules');
      expect(list.statusCode, who).toBe(200);
      expect(list.json().items.map((r: { id: string }) => r.id)).toContain(rule.id);
    }
    for (const who of ['unit1', 'entA', 'liaison', 'discipline'] as const) {
      expect((await as[who].get('/api/v1/routing-rules')).statusCode, who).toBe(403);
      expect((await as[who].get(`/api/v1/routing-rules/suggest?categoryId=${tax}`)).statusCode, who).toBe(403);
    }

    const change = { categoryId: tax, leadUnitId: w.units.dept3, coUnitIds: [], complexity: null };
    for (const who of ['hub', 'leader', 'unit1'] as const) {
      expect((await send(as[who], 'PUT', `/api/v1/routing-rules/${rule.id}`, change)).statusCode, who).toBe(403);
      expect((await send(as[who], 'DELETE', `/api/v1/routing-rules/${rule.id}`)).statusCode, who).toBe(403);
    }
    const changed = await send(as.admin, 'PUT', `/api/v1/routing-rules/${rule.id}`, change);
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ leadUnit: { id: w.units.dept3 }, coUnits: [], complexity: null });

    expect((await send(as.admin, 'DELETE', `/api/v1/routing-rules/${rule.id}`)).statusCode).toBe(204);
    expect((await send(as.admin, 'DELETE', `/api/v1/routing-rules/${rule.id}`)).statusCode).toBe(404);
    const after = (await as.hub.get('/api/v1/routing-rules')).json();
    expect(after.items.map((r: { id: string }) => r.id)).not.toContain(rule.id);
  });

  it('answers 404 for another jurisdiction’s rule and never lists it', async () => {
    const now = new Date('2026-11-02T01:00:00Z');
    const ruleOfB = await handle.db
      .insertInto('routing_rules')
      .values({
        jurisdiction_id: w.jurisdictionB,
        category_id: categoryOfB,
        region_code: null,
        lead_unit_id: w.units.b1,
        co_unit_ids: [],
        complexity: null,
        note: null,
        created_by: null,
        created_at: now,
        updated_by: null,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const put = await send(as.admin, 'PUT', `/api/v1/routing-rules/${ruleOfB.id}`, {
      categoryId: w.categoryId,
      leadUnitId: w.units.dept1,
    });
    expect(put.statusCode).toBe(404);
    expect((await send(as.admin, 'DELETE', `/api/v1/routing-rules/${ruleOfB.id}`)).statusCode).toBe(404);
    const list = (await as.admin.get('/api/v1/routing-rules?pageSize=200')).json();
    expect(list.items.map((r: { id: string }) => r.id)).not.toContain(ruleOfB.id);
    const hubB = await loginAs(app, 'tb.hub', TEST_PASSWORD);
    const seenByB = (await hubB.get('/api/v1/routing-rules')).json();
    expect(seenByB.items.map((r: { id: string }) => r.id)).toEqual([ruleOfB.id]);
  });

  it('refuses units, categories and regions outside the jurisdiction with 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{ categoryId: w.categoryId, leadUnitId: w.units.b1 }, 'leadUnitId'],
      [{ categoryId: w.categoryId, leadUnitId: w.units.dept1, coUnitIds: [w.units.b1] }, 'coUnitIds'],
      [{ categoryId: w.categoryId, leadUnitId: w.units.dept1, coUnitIds: [w.units.dept1] }, 'coUnitIds'],
      [{ categoryId: categoryOfB, leadUnitId: w.units.dept1 }, 'categoryId'],
      [{ regionCode: '330822', leadUnitId: w.units.dept1 }, 'regionCode'],
      [{ regionCode: '330824999', leadUnitId: w.units.dept1 }, 'regionCode'],
      [{ leadUnitId: w.units.dept1 }, 'categoryId'],
      [{ categoryId: w.categoryId, leadUnitId: 'not-a-uuid' }, 'leadUnitId'],
      [{ categoryId: w.categoryId, leadUnitId: w.units.dept1, complexity: 'huge' }, 'complexity'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.field, JSON.stringify(body)).toBe(field);
    }
    const en = await as.admin.post(
      '/api/v1/routing-rules',
      { categoryId: w.categoryId, leadUnitId: w.units.b1 },
      { 'accept-language': 'en' },
    );
    expect(en.json().error.message).toMatch(/lead unit/);
  });

  it('keeps one rule per category × region, "any" included', async () => {
    const first = await create({ categoryId: sub, regionCode: '330824102', leadUnitId: w.units.dept1 });
    expect(first.statusCode, first.body).toBe(201);
    const again = await create({ categoryId: sub, regionCode: '330824102', leadUnitId: w.units.dept2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'CONFLICT', field: 'categoryId' });

    const anyRegion = await create({ categoryId: sub, leadUnitId: w.units.dept1 });
    expect(anyRegion.statusCode).toBe(201);
    expect((await create({ categoryId: sub, regionCode: null, leadUnitId: w.units.dept3 })).statusCode).toBe(409);

    // Moving a rule onto another rule's key is a conflict too; onto its own key it is not.
    const moved = await send(as.admin, 'PUT', `/api/v1/routing-rules/${anyRegion.json().id}`, {
      categoryId: sub,
      regionCode: '330824102',
      leadUnitId: w.units.dept1,
    });
    expect(moved.statusCode).toBe(409);
    const same = await send(as.admin, 'PUT', `/api/v1/routing-rules/${first.json().id}`, {
      categoryId: sub,
      regionCode: '330824102',
      leadUnitId: w.units.dept2,
      note: '改派',
    });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ leadUnit: { id: w.units.dept2 }, note: '改派', regionName: '马金镇' });

    for (const id of [first.json().id, anyRegion.json().id]) {
      expect((await send(as.admin, 'DELETE', `/api/v1/routing-rules/${id}`)).statusCode).toBe(204);
    }
  });

  it('suggests the most specific rule: exact, enclosing region, category, parent category, territory, none', async () => {
    const ids: Record<string, string> = {};
    const rules: [string, object][] = [
      ['exact', { categoryId: w.categoryId, regionCode: '330824101', leadUnitId: w.units.dept1, complexity: 'simple' }],
      ['county', { categoryId: w.categoryId, regionCode: '330824', leadUnitId: w.units.dept2 }],
      [
        'category',
        { categoryId: w.categoryId, leadUnitId: w.units.dept3, coUnitIds: [w.units.dept1], complexity: 'complex' },
      ],
      ['territory', { regionCode: '330824102', leadUnitId: w.units.town, complexity: 'general' }],
    ];
    for (const [key, body] of rules) {
      const res = await create(body);
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().id;
    }

    const exact = await suggest(`categoryId=${w.categoryId}&regionCode=330824101`);
    expect(exact).toMatchObject({
      match: 'exact',
      rule: { id: ids['exact'] },
      leadUnit: { id: w.units.dept1, name: '市场监管局' },
      coUnits: [],
      complexity: 'simple',
    });
    expect(exact.reason.zh).toContain('华埠镇');
    expect(exact.reason.en).toContain('exact');

    const enclosing = await suggest(`categoryId=${w.categoryId}&regionCode=330824102`);
    expect(enclosing).toMatchObject({ match: 'ancestorRegion', rule: { id: ids['county'] } });
    const village = await suggest(`categoryId=${w.categoryId}&regionCode=330824101203`);
    expect(village).toMatchObject({ match: 'ancestorRegion', rule: { id: ids['exact'] } });

    const categoryOnly = await suggest(`categoryId=${w.categoryId}`);
    expect(categoryOnly).toMatchObject({
      match: 'categoryOnly',
      rule: { id: ids['category'] },
      coUnits: [{ id: w.units.dept1 }],
      complexity: 'complex',
    });
    expect(await suggest(`categoryId=${w.categoryId}&regionCode=330822`)).toMatchObject({ match: 'categoryOnly' });

    const parent = await suggest(`categoryId=${sub}&regionCode=330824101`);
    expect(parent).toMatchObject({ match: 'parentCategory', rule: { id: ids['exact'] } });

    const territory = await suggest(`categoryId=${tax}&regionCode=330824102`);
    expect(territory).toMatchObject({
      match: 'regionOnly',
      rule: { id: ids['territory'] },
      leadUnit: { id: w.units.town },
    });
    expect(await suggest('regionCode=330824102')).toMatchObject({ match: 'regionOnly' });

    const none = await suggest(`categoryId=${tax}&regionCode=330824101`);
    expect(none).toEqual({
      rule: null,
      leadUnit: null,
      coUnits: [],
      complexity: null,
      match: 'none',
      reason: { zh: expect.stringContaining('没有匹配'), en: expect.stringContaining('No rule') },
    });
    expect((await suggest('')).match).toBe('none');

    // Without the exact rule the enclosing county's rule takes over.
    expect((await send(as.admin, 'DELETE', `/api/v1/routing-rules/${ids['exact']}`)).statusCode).toBe(204);
    expect(await suggest(`categoryId=${w.categoryId}&regionCode=330824101`)).toMatchObject({
      match: 'ancestorRegion',
      rule: { id: ids['county'] },
    });

    // The leader and the admin may ask too; a category of another jurisdiction is a 400.
    expect((await suggest(`categoryId=${w.categoryId}`, as.leader)).match).toBe('categoryOnly');
    expect((await suggest(`categoryId=${w.categoryId}`, as.admin)).match).toBe('categoryOnly');
    const foreign = await as.hub.get(`/api/v1/routing-rules/suggest?categoryId=${categoryOfB}`);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('categoryId');
    const badRegion = await as.hub.get('/api/v1/routing-rules/suggest?regionCode=12345');
    expect(badRegion.statusCode).toBe(400);
    expect(badRegion.json().error.field).toBe('regionCode');

    const page = (await as.hub.get('/api/v1/routing-rules?pageSize=2&page=1')).json();
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    const byUnit = (await as.hub.get(`/api/v1/routing-rules?unitId=${w.units.dept1}`)).json();
    expect(byUnit.items.map((r: { id: string }) => r.id)).toEqual([ids['category']]);
    const byCategory = (await as.hub.get(`/api/v1/routing-rules?categoryId=${w.categoryId}`)).json();
    expect(byCategory.total).toBe(2);

    for (const id of Object.values(ids)) await send(as.admin, 'DELETE', `/api/v1/routing-rules/${id}`);
  });

  it('passes over a rule whose lead unit was deactivated, and leaves inactive co-units out', async () => {
    const leadGone = await create({ categoryId: tax, leadUnitId: w.units.dept3 });
    const coGone = await create({ regionCode: '330824101', leadUnitId: w.units.dept1, coUnitIds: [w.units.dept2] });
    expect(leadGone.statusCode).toBe(201);
    expect(coGone.statusCode).toBe(201);
    expect((await suggest(`categoryId=${tax}`)).rule.id).toBe(leadGone.json().id);

    const deactivate = (id: string, name: string, active: boolean) =>
      send(as.admin, 'PUT', `/api/v1/units/${id}`, { name, kind: 'department', active });
    expect((await deactivate(w.units.dept3, '住房和城乡建设局', false)).statusCode).toBe(200);
    expect((await deactivate(w.units.dept2, '自然资源和规划局', false)).statusCode).toBe(200);
    try {
      expect((await suggest(`categoryId=${tax}`)).match).toBe('none');
      const territory = await suggest(`categoryId=${tax}&regionCode=330824101`);
      expect(territory).toMatchObject({ match: 'regionOnly', rule: { id: coGone.json().id }, coUnits: [] });
      expect(territory.rule.coUnits).toEqual([{ id: w.units.dept2, name: '自然资源和规划局', active: false }]);
      // A new rule cannot name an inactive unit.
      const refused = await create({ categoryId: w.categoryId, leadUnitId: w.units.dept3 });
      expect(refused.json().error.field).toBe('leadUnitId');
    } finally {
      await deactivate(w.units.dept3, '住房和城乡建设局', true);
      await deactivate(w.units.dept2, '自然资源和规划局', true);
    }
  });
});
