import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/password.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { verifyChains } from '../events/audit.service.js';
import { channelProviders } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { multipartBody, multipartHeaders } from '../testing/access-matrix.js';
import { seedCityAbove } from '../testing/city.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { returnHandupResults } from './handups.service.js';
import type { HandupsView } from './handups.schemas.js';

interface CaseView {
  id: string;
  number: string;
  status: string;
  round: number;
  channel: string;
  enterpriseName?: string | null;
  result?: string | null;
  resultText?: string | null;
}

/**
 * Hand-up between levels (上报上级): the county 甲县 (`ta`) and 乙县 (`tb`) run below the city
 * 衢州市 (`tc`) on one platform. A case the county cannot solve goes to the city's screening
 * queue with its record, the city dispatches it to its own unit, and the result comes back.
 */
describe.each(ENGINES)('hand-up from a county to its city and back on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  let dir: string;
  let cityUnit: string;
  let hub: Client;
  let entA: Client;
  let cityHub: Client;
  let cityUnitUser: Client;
  let otherCountyCase: string;

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z'); // Monday 09:00 in Shanghai
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    const city = await seedCityAbove(
      deps,
      { code: 'tc', name: '衢州市', regionCode: '330800', preset: 'kh', hubUnitName: '市营商办' },
      ['ta', 'tb'],
      [
        { username: 'tc.hub', name: 'tc.hub', roles: ['hub'], unitName: '市营商办', unitKind: 'hub' },
        {
          username: 'tc.unit',
          name: 'tc.unit',
          roles: ['unit_handler'],
          unitName: '市自然资源和规划局',
          unitKind: 'department',
        },
      ],
      await hashPassword(TEST_PASSWORD),
    );
    cityUnit = city.units.get('市自然资源和规划局') ?? '';
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, tokenTtlHours: 24 * 30 });
    dir = mkdtempSync(join(tmpdir(), 'qisu-handups-'));
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    entA = await loginAs(app, 'ta.entA', TEST_PASSWORD);
    cityHub = await loginAs(app, 'tc.hub', TEST_PASSWORD);
    cityUnitUser = await loginAs(app, 'tc.unit', TEST_PASSWORD);
    const other = await hub.post('/api/v1/cases', {
      title: '另一件县内诉求',
      content: '与上报无关',
      enterpriseId: w.enterprises.b,
    });
    otherCountyCase = other.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = async (title: string) => {
    const res = await hub.post('/api/v1/cases', {
      title,
      content: '园区外排水管网需跨县区统筹建设，县级层面无法协调解决',
      enterpriseId: w.enterprises.a,
      contactName: '王经理',
      contactMobile: '13900002222',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ id: string }>().id;
    expect((await hub.post(`/api/v1/cases/${id}/accept`, {})).statusCode).toBe(200);
    return id;
  };
  const handups = async (client: Client, id: string) => {
    const res = await client.get(`/api/v1/cases/${id}/handups`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<HandupsView>();
  };
  const upperOf = async (lowerId: string) => (await handups(hub, lowerId)).handedUp[0]!;
  const cityCase = async (number: string) => {
    const list = await cityHub.get(`/api/v1/cases?q=${encodeURIComponent(number)}`);
    const items = list.json<{ items: CaseView[] }>().items.filter((c) => c.number === number);
    expect(items).toHaveLength(1);
    return items[0]!;
  };

  it('sends the case to the city, which dispatches it to its own unit, and brings the reply back', async () => {
    const lowerId = await file('跨区域排水管网建设协调');
    const uploaded = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${lowerId}/attachments`,
      headers: { ...multipartHeaders(), authorization: `Bearer ${hub.token}` },
      payload: multipartBody(),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const up = await hub.post(`/api/v1/cases/${lowerId}/hand-up`, { reason: '涉及跨县排水管网，县级无法协调' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json<CaseView>().status).toBe('handed_up');

    // The county's chain records the hand-up and where the case went.
    const lowerEvents = (await hub.get(`/api/v1/cases/${lowerId}/events`)).json<
      { type: string; payload: Record<string, unknown> }[]
    >();
    const handed = lowerEvents.find((e) => e.type === 'handed_up');
    expect(handed?.payload).toMatchObject({
      reason: '涉及跨县排水管网，县级无法协调',
      upperJurisdictionName: '衢州市',
    });
    const link = await upperOf(lowerId);
    expect(link).toMatchObject({ upperStatus: 'submitted', upperJurisdictionName: '衢州市', returnedAt: null });

    // The city's hub finds it in its own queue: its enterprise, its channel, the county's record.
    const upper = await cityCase(link.upperNumber);
    expect(upper).toMatchObject({ status: 'submitted', channel: 'handup', enterpriseName: '甲县一号材料有限公司' });
    expect(upper.number).toMatch(/^TC-/);
    const from = (await handups(cityHub, upper.id)).from;
    expect(from).toMatchObject({ reason: '涉及跨县排水管网，县级无法协调', lowerJurisdictionName: '甲县' });
    expect(from?.history.map((e) => e.type)).toEqual(['created', 'accepted', 'attachment_added']);
    // The county's file went up with it, the same stored file, sent by the county.
    const files = (await cityHub.get(`/api/v1/cases/${upper.id}/attachments`)).json<
      { id: string; name: string; uploadedBy: { id: string | null; name: string } }[]
    >();
    expect(files).toMatchObject([{ name: 'note.txt', uploadedBy: { id: null } }]);
    const download = await cityHub.get(`/api/v1/attachments/${files[0]!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toContain('矩阵测试文件');
    expect(from?.history[1]).toMatchObject({ actorName: 'ta.hub', unitName: '营商办' });
    const upperEvents = (await cityHub.get(`/api/v1/cases/${upper.id}/events`)).json<
      { type: string; payload: Record<string, unknown> }[]
    >();
    expect(upperEvents[0]).toMatchObject({
      type: 'created',
      payload: { channel: 'handup', source: { kind: 'handup', keyId: 'ta', name: '甲县' } },
    });
    // The city hub is told (the outbox delivers within the job's interval).
    await dispatchOutbox(deps, channelProviders({ sms: 'off', wechat: 'off', logPath: join(dir, 'outbox.log') }));
    const notes = (await cityHub.get('/api/v1/notifications')).json<{ items: { title: string; caseId?: string }[] }>();
    expect(notes.items).toContainEqual(
      expect.objectContaining({ caseId: upper.id, title: expect.stringContaining('下级上报') }),
    );

    // The city works it with its own unit.
    expect((await cityHub.post(`/api/v1/cases/${upper.id}/accept`, {})).statusCode).toBe(200);
    const dispatched = await cityHub.post(`/api/v1/cases/${upper.id}/dispatch`, {
      leadUnitId: cityUnit,
      complexity: 'general',
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect((await cityUnitUser.post(`/api/v1/cases/${upper.id}/sign`, {})).statusCode).toBe(200);

    // Scope: the city's unit sees the city's case and none of the county's.
    const unitList = (await cityUnitUser.get('/api/v1/cases?pageSize=100')).json<{
      items: CaseView[];
      total: number;
    }>();
    expect(unitList.items.map((c) => c.id)).toEqual([upper.id]);
    expect((await cityUnitUser.get(`/api/v1/cases/${lowerId}`)).statusCode).toBe(404);
    expect((await cityUnitUser.get(`/api/v1/cases/${otherCountyCase}`)).statusCode).toBe(404);
    expect((await cityUnitUser.get(`/api/v1/cases/${lowerId}/handups`)).statusCode).toBe(404);
    // …and the county's hub cannot open the city's case, only see where it stands.
    expect((await hub.get(`/api/v1/cases/${upper.id}`)).statusCode).toBe(404);

    const replied = await cityUnitUser.post(`/api/v1/cases/${upper.id}/reply`, {
      result: 'solved',
      text: '市里已将该段管网纳入年度建设计划，年底前完工',
    });
    expect(replied.statusCode, replied.body).toBe(200);
    expect((await hub.get(`/api/v1/cases/${lowerId}`)).json<CaseView>().status).toBe('handed_up');

    // The job brings the result down once.
    expect(await returnHandupResults(deps)).toEqual({ returned: 1 });
    expect(await returnHandupResults(deps)).toEqual({ returned: 0 });
    const lower = (await hub.get(`/api/v1/cases/${lowerId}`)).json<CaseView>();
    expect(lower).toMatchObject({
      status: 'replied',
      result: 'solved',
      resultText: '市里已将该段管网纳入年度建设计划，年底前完工',
    });
    const back = (await hub.get(`/api/v1/cases/${lowerId}/events`))
      .json<{ type: string; payload: Record<string, unknown> }[]>()
      .find((e) => e.type === 'handup_returned');
    expect(back?.payload).toMatchObject({
      from: 'handed_up',
      to: 'replied',
      upperNumber: upper.number,
      upperUnitName: '市自然资源和规划局',
    });
    expect(await upperOf(lowerId)).toMatchObject({ upperStatus: 'replied', returnedTo: 'replied' });

    // The enterprise is told to rate the reply, rates it here, and the county closes its case.
    await dispatchOutbox(deps, channelProviders({ sms: 'off', wechat: 'off', logPath: join(dir, 'outbox.log') }));
    const told = (await entA.get('/api/v1/notifications')).json<{ items: { caseId?: string }[] }>();
    expect(told.items).toContainEqual(expect.objectContaining({ caseId: lowerId }));
    expect((await entA.post(`/api/v1/cases/${lowerId}/rate`, { score: 5 })).statusCode).toBe(200);
    expect((await hub.post(`/api/v1/cases/${lowerId}/close`, {})).json<CaseView>().status).toBe('closed');

    // Both chains hold, and replay agrees with both cases' rows.
    const reports = await verifyChains(handle.db);
    expect(reports.filter((r) => !r.intact || r.mismatches > 0)).toEqual([]);
  });

  it('takes an unsatisfied case back to the county hub, hands it up again, and returns a refusal to screening', async () => {
    const lowerId = await file('跨区域用地指标协调');
    expect((await hub.post(`/api/v1/cases/${lowerId}/hand-up`, { reason: '用地指标需市级统筹' })).statusCode).toBe(200);
    const first = await cityCase((await upperOf(lowerId)).upperNumber);
    await cityHub.post(`/api/v1/cases/${first.id}/dispatch`, { leadUnitId: cityUnit, complexity: 'general' });
    await cityUnitUser.post(`/api/v1/cases/${first.id}/sign`, {});
    await cityUnitUser.post(`/api/v1/cases/${first.id}/reply`, { result: 'unsolved', text: '本年度指标已用完' });
    await returnHandupResults(deps);

    // No unit of the county holds it, so an unsatisfied rating brings it to the county hub, next round.
    const rated = await entA.post(`/api/v1/cases/${lowerId}/rate`, { score: 1, comment: '没有解决' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json<CaseView>()).toMatchObject({ status: 'screening', round: 2 });

    const again = await hub.post(`/api/v1/cases/${lowerId}/hand-up`, { reason: '企业仍不满意，再次提请市级协调' });
    expect(again.statusCode, again.body).toBe(200);
    const links = (await handups(hub, lowerId)).handedUp;
    expect(links.map((h) => h.round)).toEqual([2, 1]);
    const second = await cityCase(links[0]!.upperNumber);
    expect(second.id).not.toBe(first.id);

    const rejected = await cityHub.post(`/api/v1/cases/${second.id}/reject`, { reason: '属县级事权，请县里统筹解决' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(await returnHandupResults(deps)).toEqual({ returned: 1 });
    const lower = (await hub.get(`/api/v1/cases/${lowerId}`)).json<CaseView>();
    expect(lower).toMatchObject({ status: 'screening', round: 2 });
    const back = (await hub.get(`/api/v1/cases/${lowerId}/events`))
      .json<{ type: string; payload: Record<string, unknown> }[]>()
      .filter((e) => e.type === 'handup_returned')
      .at(-1);
    expect(back?.payload).toMatchObject({
      to: 'screening',
      upperStatus: 'rejected',
      text: '属县级事权，请县里统筹解决',
    });
    // The county hub can now dispatch it to a unit of its own.
    const dispatched = await hub.post(`/api/v1/cases/${lowerId}/dispatch`, { leadUnitId: w.units.dept2 });
    expect(dispatched.statusCode, dispatched.body).toBe(200);

    const reports = await verifyChains(handle.db);
    expect(reports.filter((r) => !r.intact || r.mismatches > 0)).toEqual([]);
  });

  it('refuses a hand-up where no jurisdiction above runs on the platform, and by a unit', async () => {
    const top = await cityHub.post('/api/v1/cases', { title: '市级诉求', content: '市级平台直接受理' });
    const id = top.json<{ id: string }>().id;
    const refused = await cityHub.post(`/api/v1/cases/${id}/hand-up`, { reason: '无上级' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('HANDUP_NO_PARENT');
    expect((await cityHub.get(`/api/v1/cases/${id}`)).json<CaseView>().status).toBe('submitted');

    const lowerId = await file('单位不能上报');
    await hub.post(`/api/v1/cases/${lowerId}/dispatch`, { leadUnitId: w.units.dept1 });
    const unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    expect((await unit1.post(`/api/v1/cases/${lowerId}/hand-up`, { reason: '单位上报' })).statusCode).toBe(403);
    const late = await hub.post(`/api/v1/cases/${lowerId}/hand-up`, { reason: '已交办后上报' });
    expect(late.statusCode).toBe(409);
    expect(late.json<{ error: { currentStatus: string } }>().error.currentStatus).toBe('dispatched');
  });
});
