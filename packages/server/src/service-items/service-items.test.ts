import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../cases/cases.service.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { channelProviders } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';

interface CaseJson {
  id: string;
  status: string;
  channel: string;
  content: string;
  leadUnitId: string | null;
  enterprise: { id: string } | null;
  complexity: string | null;
  assignments?: { unitId: string; role: string }[];
  clocks: { milestone: string; duration: string; state: string; unitId: string | null }[];
}

/** 2026-11-10 is a Tuesday: the 12th a working Thursday, the 14th a Saturday. */
const NOW = '2026-11-10T01:00:00Z';

describe.each(ENGINES)('service catalogues and the 兜底办 on $name', (engine) => {
  let handle: Db;
  let w: World;
  let deps: Deps;
  let app: FastifyInstance;
  const c: Record<string, Client> = {};
  const clock = new ManualClock(NOW);
  let licence: string;
  let finance: string;

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    deps = { db: handle.db, clock, pii: TEST_PII };
    // Jurisdiction A follows 涪城's rules: 立即 / 5–15 / 30 个工作日.
    const fc = presetProfiles().get('fc');
    if (!fc) throw new Error('preset fc missing');
    await handle.db
      .transaction()
      .execute((trx) => storeProfile(trx, w.jurisdictionA, { ...fc, code: 'ta' }, { userId: null, at: clock.now() }));
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000 });
    for (const name of ['ta.hub', 'ta.admin', 'ta.entA', 'ta.unit1', 'ta.unit3', 'tb.hub']) {
      c[name] = await loginAs(app, name, TEST_PASSWORD);
    }
    const item = async (client: Client, body: object) => {
      const res = await client.post('/api/v1/service-items', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    };
    licence = await item(c['ta.hub']!, {
      catalogue: 'matters',
      field: 'licensing',
      name: '食品经营许可',
      description: '新办、变更、延续食品经营许可证',
      providerUnitId: w.units.dept1,
      materials: '申请书、营业执照、场所平面图',
      timeLimit: '10个工作日',
      workingDays: 10,
      assisted: true,
      appointment: true,
    });
    finance = await item(c['ta.admin']!, {
      catalogue: 'value_added',
      field: 'finance',
      name: '银税互动信用贷款对接',
      providerUnitId: w.units.dept3,
    });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const put = (client: Client, url: string, payload: object) =>
    app.inject({ method: 'PUT', url, payload, headers: { authorization: `Bearer ${client.token}` } });
  const caseOf = async (id: string) => (await c['ta.hub']!.get(`/api/v1/cases/${id}`)).json<CaseJson>();

  it('lists the catalogues by kind, field and words to an enterprise, only what is offered', async () => {
    const all = (await c['ta.entA']!.get('/api/v1/service-items')).json<{ items: { name: string }[] }>();
    expect(all.items.map((i) => i.name).sort()).toEqual(['食品经营许可', '银税互动信用贷款对接'].sort());
    const matters = (await c['ta.entA']!.get('/api/v1/service-items?kind=matters')).json<{ items: unknown[] }>();
    expect(matters.items).toHaveLength(1);
    const byWords = (await c['ta.entA']!.get(`/api/v1/service-items?q=${encodeURIComponent('信用贷')}`)).json<{
      items: { id: string; providerUnit: { name: string } }[];
    }>();
    expect(byWords.items).toEqual([expect.objectContaining({ id: finance, providerUnit: expect.anything() })]);
    const off = await put(c['ta.hub']!, `/api/v1/service-items/${finance}`, {
      catalogue: 'value_added',
      field: 'finance',
      name: '银税互动信用贷款对接',
      providerUnitId: w.units.dept3,
      active: false,
    });
    expect(off.statusCode, off.body).toBe(200);
    const after = (await c['ta.entA']!.get('/api/v1/service-items?field=finance')).json<{ items: unknown[] }>();
    expect(after.items).toHaveLength(0);
    expect((await c['ta.entA']!.get(`/api/v1/service-items/${finance}`)).statusCode).toBe(404);
    expect(
      (await c['ta.hub']!.get('/api/v1/service-items?field=finance')).json<{ items: unknown[] }>().items,
    ).toHaveLength(1);
    await put(c['ta.hub']!, `/api/v1/service-items/${finance}`, {
      catalogue: 'value_added',
      field: 'finance',
      name: '银税互动信用贷款对接',
      providerUnitId: w.units.dept3,
    });
  });

  it('lets only the admin and the hub keep the catalogue, with a provider that handles cases', async () => {
    const body = { catalogue: 'matters', field: 'licensing', name: '测试事项', providerUnitId: w.units.dept1 };
    expect((await c['ta.entA']!.post('/api/v1/service-items', body)).statusCode).toBe(403);
    expect((await c['ta.unit1']!.post('/api/v1/service-items', body)).statusCode).toBe(403);
    const hubAsProvider = await c['ta.hub']!.post('/api/v1/service-items', { ...body, providerUnitId: w.units.hub });
    expect(hubAsProvider.statusCode).toBe(400);
    expect(hubAsProvider.json().error.field).toBe('providerUnitId');
    const twice = await c['ta.hub']!.post('/api/v1/service-items', { ...body, name: '食品经营许可' });
    expect(twice.statusCode).toBe(409);
  });

  it('files an enterprise request as its case and dispatches it to the provider with the promised limit', async () => {
    const res = await c['ta.entA']!.post(`/api/v1/service-items/${licence}/requests`, {
      text: '新开一家门店，需要办理食品经营许可证。',
      wantsAssistance: true,
      appointmentAt: '2026-11-12',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ caseId: string; number: string; leadUnit: { id: string } }>();
    expect(created.number).toMatch(/\d/);
    expect(created.leadUnit.id).toBe(w.units.dept1);
    const view = await caseOf(created.caseId);
    expect(view).toMatchObject({
      status: 'dispatched',
      channel: 'service',
      leadUnitId: w.units.dept1,
      enterprise: { id: w.enterprises.a },
      complexity: 'general',
    });
    expect(view.content).toContain('帮办代办：需要');
    expect(view.content).toContain('预约办理日期：2026-11-12');
    // The item promises 10 working days, within 涪城's 5–15.
    expect(view.clocks.find((k) => k.milestone === 'resolve' && k.state === 'running')?.duration).toBe('10wd');
    // The provider finds it in its queue; the enterprise sees it as its own.
    const inbox = (await c['ta.unit1']!.get(`/api/v1/cases?unitId=${w.units.dept1}`)).json<{
      items: { id: string }[];
    }>();
    expect(inbox.items.map((i) => i.id)).toContain(created.caseId);
    expect((await c['ta.entA']!.get(`/api/v1/cases/${created.caseId}`)).statusCode).toBe(200);
    // The routing names no person: the catalogue dispatched it.
    const events = (await c['ta.hub']!.get(`/api/v1/cases/${created.caseId}/events`)).json<{
      items?: { type: string; actorId: string | null }[];
    }>();
    const list = Array.isArray(events) ? (events as { type: string; actorId: string | null }[]) : (events.items ?? []);
    expect(list.find((e) => e.type === 'dispatched')?.actorId ?? null).toBeNull();
  });

  it('refuses an appointment on a non-working or past day, naming the field', async () => {
    for (const day of ['2026-11-14', '2026-11-10', '2026-11-09']) {
      const res = await c['ta.entA']!.post(`/api/v1/service-items/${licence}/requests`, {
        text: '预约办理',
        appointmentAt: day,
      });
      expect(res.statusCode, day).toBe(400);
      expect(res.json().error.field).toBe('appointmentAt');
    }
    // An item that takes no appointments refuses one too.
    const none = await c['ta.entA']!.post(`/api/v1/service-items/${finance}/requests`, {
      text: '预约办理',
      appointmentAt: '2026-11-12',
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.field).toBe('appointmentAt');
  });

  it('refuses a request whose provider was deactivated, filing no case (409)', async () => {
    const before = await handle.db.selectFrom('cases').select('id').execute();
    await handle.db.updateTable('units').set({ active: false }).where('id', '=', w.units.dept3).execute();
    const res = await c['ta.entA']!.post(`/api/v1/service-items/${finance}/requests`, { text: '融资对接' });
    await handle.db.updateTable('units').set({ active: true }).where('id', '=', w.units.dept3).execute();
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SERVICE_PROVIDER_INACTIVE');
    expect(await handle.db.selectFrom('cases').select('id').execute()).toHaveLength(before.length);
  });

  it('answers 404 to an enterprise for another jurisdiction’s item, and 403 to staff requesting', async () => {
    const foreign = await c['tb.hub']!.post('/api/v1/service-items', {
      catalogue: 'matters',
      field: 'licensing',
      name: '乙县食品经营许可',
      providerUnitId: w.units.b1,
    });
    expect(foreign.statusCode, foreign.body).toBe(201);
    const id = foreign.json<{ id: string }>().id;
    expect((await c['ta.entA']!.get(`/api/v1/service-items/${id}`)).statusCode).toBe(404);
    expect((await c['ta.entA']!.post(`/api/v1/service-items/${id}/requests`, { text: '申请' })).statusCode).toBe(404);
    const listed = (await c['ta.entA']!.get('/api/v1/service-items')).json<{ items: { id: string }[] }>();
    expect(listed.items.map((i) => i.id)).not.toContain(id);
    expect((await c['ta.hub']!.post(`/api/v1/service-items/${licence}/requests`, { text: '申请' })).statusCode).toBe(
      403,
    );
  });

  it('files a 一件事 as one case led by the first item’s provider, the others assisting', async () => {
    const created = await c['ta.hub']!.post('/api/v1/service-bundles', {
      name: '开办餐饮店一件事',
      description: '营业执照、食品经营许可、融资对接一次办',
      itemIds: [licence, finance],
    });
    expect(created.statusCode, created.body).toBe(201);
    const bundle = created.json<{ id: string; items: { id: string }[] }>();
    expect(bundle.items.map((i) => i.id)).toEqual([licence, finance]);
    const bad = await c['ta.hub']!.post('/api/v1/service-bundles', { name: '重复', itemIds: [licence, licence] });
    expect(bad.statusCode).toBe(400);
    const res = await c['ta.entA']!.post(`/api/v1/service-bundles/${bundle.id}/requests`, { text: '开一家餐馆' });
    expect(res.statusCode, res.body).toBe(201);
    const routed = res.json<{ caseId: string; leadUnit: { id: string }; coUnits: { id: string }[] }>();
    expect(routed.leadUnit.id).toBe(w.units.dept1);
    expect(routed.coUnits.map((u) => u.id)).toEqual([w.units.dept3]);
    const view = await caseOf(routed.caseId);
    expect(view.status).toBe('dispatched');
    expect(view.leadUnitId).toBe(w.units.dept1);
    const co = (await c['ta.unit3']!.get(`/api/v1/cases/${routed.caseId}`)).statusCode;
    expect(co).toBe(200);
  });

  it('answers 409 FALLBACK_UNIT_MISSING where the jurisdiction has no 兜底办', async () => {
    const filed = await createCase(deps, w.actors.entA, { title: '无牵头部门的诉求', content: '找不到受理部门。' });
    expect((await c['ta.hub']!.get('/api/v1/fallback-unit')).json()).toEqual({ unit: null });
    const res = await c['ta.hub']!.post(`/api/v1/cases/${filed.id}/fallback`, { complexity: 'general' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('FALLBACK_UNIT_MISSING');
    expect(res.json().error.message).toContain('兜底办');
    expect((await caseOf(filed.id)).status).toBe('submitted');
  });

  it('sends a case to the 兜底办 at screening with the profile’s limit, into that unit’s queue', async () => {
    // dept2 becomes jurisdiction A's 兜底办.
    await handle.db.updateTable('units').set({ fallback: true }).where('id', '=', w.units.dept2).execute();
    expect((await c['ta.entA']!.get('/api/v1/fallback-unit')).json()).toEqual({
      unit: { id: w.units.dept2, name: '自然资源和规划局' },
    });
    const complex = await createCase(deps, w.actors.entA, { title: '历史遗留的厂房产权问题', content: '多年未决。' });
    expect(
      (await c['ta.unit1']!.post(`/api/v1/cases/${complex.id}/fallback`, { complexity: 'complex' })).statusCode,
    ).toBe(403);
    const res = await c['ta.hub']!.post(`/api/v1/cases/${complex.id}/fallback`, {
      complexity: 'complex',
      note: '无先例',
    });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<CaseJson>();
    expect(view).toMatchObject({ status: 'dispatched', leadUnitId: w.units.dept2, complexity: 'complex' });
    expect(view.clocks.find((k) => k.milestone === 'resolve' && k.state === 'running')?.duration).toBe('30wd');

    const general = await createCase(deps, w.actors.entA, { title: '无处受理的诉求', content: '各部门均称不归其管。' });
    const chosen = await c['ta.hub']!.post(`/api/v1/cases/${general.id}/fallback`, {
      complexity: 'general',
      limit: '15wd',
    });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json<CaseJson>().clocks.find((k) => k.milestone === 'resolve')?.duration).toBe('15wd');
    const outside = await createCase(deps, w.actors.entA, { title: '另一件', content: '无牵头部门。' });
    const wrong = await c['ta.hub']!.post(`/api/v1/cases/${outside.id}/fallback`, {
      complexity: 'general',
      limit: '20wd',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('limit');

    const unit2 = await loginAs(app, 'ta.unit2', TEST_PASSWORD);
    const queue = (await unit2.get(`/api/v1/cases?unitId=${w.units.dept2}`)).json<{ items: { id: string }[] }>();
    expect(queue.items.map((i) => i.id)).toEqual(expect.arrayContaining([complex.id, general.id]));
    const hubView = (await c['ta.hub']!.get(`/api/v1/cases?unitId=${w.units.dept2}`)).json<{
      items: { id: string }[];
    }>();
    expect(hubView.items.map((i) => i.id)).toEqual(expect.arrayContaining([complex.id, general.id]));
    // Sent already: a second time is a conflict with the current status.
    const again = await c['ta.hub']!.post(`/api/v1/cases/${complex.id}/fallback`, { complexity: 'complex' });
    expect(again.statusCode).toBe(409);

    // The 兜底办 asks for more time; once the hub approves, the enterprise is told why.
    expect((await unit2.post(`/api/v1/cases/${complex.id}/sign`, {})).statusCode).toBe(200);
    const extended = await unit2.post(`/api/v1/cases/${complex.id}/extend`, {
      reason: '涉及历史遗留产权，需市级部门会商',
      until: '2027-02-26T17:00:00+08:00',
    });
    expect(extended.statusCode, extended.body).toBe(200);
    const decided = await c['ta.hub']!.post(`/api/v1/cases/${complex.id}/decide-extension`, { approve: true });
    expect(decided.statusCode, decided.body).toBe(200);
    const providers = channelProviders({
      sms: 'off',
      wechat: 'off',
      logPath: join(mkdtempSync(join(tmpdir(), 'qisu-services-')), 'outbox.log'),
    });
    await dispatchOutbox(deps, providers);
    const notes = (await c['ta.entA']!.get('/api/v1/notifications')).json<{
      items: { caseId?: string; type: string; title: string }[];
    }>();
    const told = notes.items.find((n) => n.caseId === complex.id && n.type === 'case.extension_decided');
    expect(told?.title).toContain('涉及历史遗留产权，需市级部门会商');
  });
});
