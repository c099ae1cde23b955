import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { inAppProvider } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { fixtureUscc, seedWorld, TEST_PASSWORD } from '../testing/world.js';

interface Note {
  id: string;
  type: string;
  policyId?: string;
  policyApplicationId?: string;
  title: string;
}

describe.each(ENGINES)('the policy supermarket: push, applications, 免申即享 on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let deps: Deps;
  let w: World;
  const clock = new ManualClock('2026-11-02T01:00:00Z');
  let as: Record<
    'hub' | 'admin' | 'leader' | 'unit1' | 'unit2' | 'head1' | 'entA' | 'entB' | 'entF' | 'liaison',
    Client
  >;
  let enterpriseF: string;
  let manufacturing: string;
  let automatic: string;
  let offline: string;

  const put = (client: Client, url: string, payload: unknown) =>
    app.inject({
      method: 'PUT',
      url,
      headers: { authorization: `Bearer ${client.token}` },
      payload: payload as Record<string, unknown>,
    });
  const notes = async (client: Client) => {
    await dispatchOutbox(deps, [inAppProvider]);
    return (await client.get('/api/v1/notifications')).json<{ items: Note[] }>().items;
  };
  const policy = async (title: string) => {
    const res = await as.hub.post('/api/v1/policies', { title, text: `第一条 ${title}的适用对象和申报条件。` });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    handle = await engine.open();
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    app = await testApp(handle, clock);
    // A builder (industry E) beside the world's two plastics makers (C2929), with its own contact.
    enterpriseF = (
      await handle.db
        .insertInto('enterprises')
        .values({
          jurisdiction_id: w.jurisdictionA,
          uscc: fixtureUscc('330824', 61),
          name: '甲县建筑工程有限公司',
          industry_code: 'E4710',
          industry_name: '房屋建筑业',
          scale: 'medium',
          region_code: '330824101',
          grid: null,
          liaison_user_id: null,
          contacts: JSON.stringify([]),
          notes: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const { password_hash } = await handle.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', w.actors.entA.userId)
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto('users')
      .values({
        jurisdiction_id: w.jurisdictionA,
        username: 'ta.entF',
        name: '建筑公司联系人',
        mobile: null,
        id_number: null,
        password_hash,
        roles: ['enterprise'],
        unit_id: null,
        enterprise_id: enterpriseF,
        locked_until: null,
      })
      .execute();
    as = {} as typeof as;
    for (const who of [
      'hub',
      'admin',
      'leader',
      'unit1',
      'unit2',
      'head1',
      'entA',
      'entB',
      'entF',
      'liaison',
    ] as const) {
      as[who] = await loginAs(app, `ta.${who}`, TEST_PASSWORD);
    }
    manufacturing = await policy('制造业技术改造奖补');
    automatic = await policy('小微企业稳岗返还');
    offline = await policy('高新技术企业认定');
    expect(
      (
        await put(as.hub, `/api/v1/policies/${manufacturing}/targeting`, {
          industryCodes: ['C'],
          online: true,
          issuingUnitId: w.units.dept1,
        })
      ).statusCode,
    ).toBe(200);
    const tagged = await put(as.admin, `/api/v1/policies/${automatic}/targeting`, {
      industryCodes: ['C'],
      scales: ['small', 'micro'],
      regionCodes: ['330824101'],
      automatic: true,
      benefit: '稳岗返还 2 万元',
    });
    expect(tagged.statusCode, tagged.body).toBe(200);
    expect(tagged.json()).toMatchObject({
      automatic: true,
      online: false,
      targeting: { industryCodes: ['C'], scales: ['small', 'micro'], regionCodes: ['330824101'] },
    });
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  it('refuses bad targeting and leaves it to the hub and the admin', async () => {
    expect((await put(as.leader, `/api/v1/policies/${offline}/targeting`, {})).statusCode).toBe(403);
    expect((await put(as.entA, `/api/v1/policies/${offline}/targeting`, {})).statusCode).toBe(403);
    const bad = await put(as.hub, `/api/v1/policies/${offline}/targeting`, { industryCodes: ['制造'] });
    expect(bad.statusCode).toBe(400);
    const both = await put(as.hub, `/api/v1/policies/${offline}/targeting`, { online: true, automatic: true });
    expect(both.statusCode).toBe(400);
    const foreignUnit = await put(as.hub, `/api/v1/policies/${offline}/targeting`, { issuingUnitId: w.units.b1 });
    expect(foreignUnit.statusCode).toBe(400);
    expect(foreignUnit.json().error.field).toBe('issuingUnitId');
  });

  it('pushes a policy for industry C to the contacts of C’s enterprises only, each told with the policyId', async () => {
    expect((await as.entA.post(`/api/v1/policies/${manufacturing}/push`, {})).statusCode).toBe(403);
    expect((await as.leader.post(`/api/v1/policies/${manufacturing}/push`, {})).statusCode).toBe(403);
    const preview = await as.hub.get(`/api/v1/policies/${manufacturing}/push-preview?industryCode=C`);
    expect(preview.json()).toEqual({ enterprises: 2, recipients: 2 });
    const pushed = await as.hub.post(`/api/v1/policies/${manufacturing}/push`, { industryCode: 'C' });
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect(pushed.json()).toMatchObject({ recipients: 2, enterprises: 2 });
    // The policy is for C: a push narrowed to E reaches nobody.
    clock.advance(1000);
    expect((await as.hub.post(`/api/v1/policies/${manufacturing}/push`, { industryCode: 'E' })).json()).toMatchObject({
      recipients: 0,
    });
    for (const who of ['entA', 'entB'] as const) {
      const mine = (await notes(as[who])).filter((n) => n.type === 'policy');
      expect(mine, who).toHaveLength(1);
      expect(mine[0]).toMatchObject({ policyId: manufacturing, title: '政策推送：制造业技术改造奖补' });
    }
    expect((await notes(as.entF)).filter((n) => n.type === 'policy')).toEqual([]);
    expect((await notes(as.hub)).filter((n) => n.type === 'policy')).toEqual([]);
  });

  it('lets an enterprise list and open only the policies meant for it, and records the opening', async () => {
    const listA = (await as.entA.get('/api/v1/policies')).json<{ id: string }[]>().map((p) => p.id);
    expect(listA).toEqual(expect.arrayContaining([manufacturing, automatic, offline]));
    const listF = (await as.entF.get('/api/v1/policies')).json<{ id: string }[]>().map((p) => p.id);
    expect(listF).toContain(offline);
    expect(listF).not.toContain(manufacturing);
    expect((await as.entF.get(`/api/v1/policies/${manufacturing}`)).statusCode).toBe(404);
    const found = (await as.entA.get(`/api/v1/policies?q=${encodeURIComponent('技术改造')}`)).json<{ id: string }[]>();
    expect(found.map((p) => p.id)).toEqual([manufacturing]);

    clock.advance(60_000);
    expect((await as.entA.get(`/api/v1/policies/${manufacturing}`)).statusCode).toBe(200);
    const pushes = (await as.hub.get(`/api/v1/policies/${manufacturing}/pushes`)).json<
      { recipients: number; opened: number; recipientList: { enterpriseId: string; openedAt: string | null }[] }[]
    >();
    expect(pushes).toHaveLength(2);
    const first = pushes[1]!;
    expect(first).toMatchObject({ recipients: 2, opened: 1 });
    expect(first.recipientList.find((r) => r.enterpriseId === w.enterprises.a)?.openedAt).toBe(
      clock.now().toISOString(),
    );
    expect(first.recipientList.find((r) => r.enterpriseId === w.enterprises.b)?.openedAt).toBeNull();
    expect(JSON.stringify(pushes)).not.toMatch(/1381234|1390000/);
    expect((await as.unit1.get(`/api/v1/policies/${manufacturing}/pushes`)).statusCode).toBe(403);
  });

  it('routes an application to the issuing unit, decides it with a reason the enterprise is told, then pays it', async () => {
    const filed = await as.entA.post('/api/v1/policy-applications', {
      policyId: manufacturing,
      text: '我司今年投入技改资金 300 万元，申请奖补。',
      materials: '技改项目备案表、发票清单',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const { id } = filed.json<{ id: string; status: string }>();
    expect(filed.json()).toEqual({ id, status: 'submitted' });
    const again = await as.entA.post('/api/v1/policy-applications', { policyId: manufacturing, text: '再次申请' });
    expect(again.statusCode).toBe(409);

    const routed = (await notes(as.unit1)).find((n) => n.type === 'policy_application.routed');
    expect(routed).toMatchObject({ policyId: manufacturing, policyApplicationId: id });
    expect((await notes(as.unit2)).some((n) => n.type === 'policy_application.routed')).toBe(false);

    // Scope: the unit sees what was routed to it, another unit and another enterprise nothing.
    expect((await as.unit1.get('/api/v1/policy-applications')).json().map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await as.unit2.get('/api/v1/policy-applications')).json()).toEqual([]);
    expect((await as.entB.get('/api/v1/policy-applications')).json()).toEqual([]);
    expect((await as.entB.get(`/api/v1/policy-applications/${id}`)).statusCode).toBe(404);
    expect((await as.liaison.get(`/api/v1/policy-applications/${id}`)).statusCode).toBe(200);
    expect((await as.leader.get('/api/v1/policy-applications')).json()).toHaveLength(1);

    // Nobody outside the routing decides.
    expect(
      (await as.entB.post(`/api/v1/policy-applications/${id}/decide`, { approve: true, note: '同意' })).statusCode,
    ).toBe(403);
    expect(
      (await as.entA.post(`/api/v1/policy-applications/${id}/decide`, { approve: true, note: '同意' })).statusCode,
    ).toBe(403);
    expect(
      (await as.unit2.post(`/api/v1/policy-applications/${id}/decide`, { approve: true, note: '同意' })).statusCode,
    ).toBe(404);
    expect(
      (await as.leader.post(`/api/v1/policy-applications/${id}/decide`, { approve: true, note: '同意' })).statusCode,
    ).toBe(403);
    expect((await as.unit1.post(`/api/v1/policy-applications/${id}/decide`, { approve: true })).statusCode).toBe(400);
    expect((await as.unit1.post(`/api/v1/policy-applications/${id}/pay`, {})).json()).toMatchObject({
      error: { code: 'POLICY_APPLICATION_ILLEGAL_TRANSITION', currentStatus: 'submitted' },
    });

    clock.advance(60_000);
    const decided = await as.unit1.post(`/api/v1/policy-applications/${id}/decide`, {
      approve: true,
      note: '符合技改奖补条件，按投资额 5% 奖补',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'approved',
      decisionNote: '符合技改奖补条件，按投资额 5% 奖补',
      decidedBy: 'ta.unit1',
      routedUnitName: '市场监管局',
      materials: '技改项目备案表、发票清单',
    });
    const twice = await as.head1.post(`/api/v1/policy-applications/${id}/decide`, { approve: false, note: '再审' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ currentStatus: 'approved' });
    const told = (await notes(as.entA)).find((n) => n.type === 'policy_application.decided');
    expect(told).toMatchObject({ policyId: manufacturing, policyApplicationId: id });
    expect(told!.title).toBe('您申请的政策「制造业技术改造奖补」已通过：符合技改奖补条件，按投资额 5% 奖补');
    expect((await notes(as.entB)).some((n) => n.type === 'policy_application.decided')).toBe(false);

    const paid = await as.head1.post(`/api/v1/policy-applications/${id}/pay`, { amount: 150000 });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', amount: 150000 });
    expect((await as.hub.post(`/api/v1/policy-applications/${id}/pay`, {})).statusCode).toBe(409);
    const payout = (await notes(as.entA)).find((n) => n.type === 'policy_application.paid');
    expect(payout?.title).toBe('您申请的政策「制造业技术改造奖补」已兑现 150000 元');
    const mine = (await as.entA.get('/api/v1/policy-applications')).json();
    expect(mine).toEqual([expect.objectContaining({ id, status: 'paid', decisionNote: expect.any(String) as string })]);

    // A policy with applications stays on record.
    const gone = await app.inject({
      method: 'DELETE',
      url: `/api/v1/policies/${manufacturing}`,
      headers: { authorization: `Bearer ${as.hub.token}` },
    });
    expect(gone.statusCode).toBe(409);
  });

  it('refuses applications for a policy not applied for online or not meant for the enterprise', async () => {
    expect((await as.entA.post('/api/v1/policy-applications', { policyId: offline, text: '申请' })).statusCode).toBe(
      409,
    );
    expect((await as.entA.post('/api/v1/policy-applications', { policyId: automatic, text: '申请' })).statusCode).toBe(
      409,
    );
    const notMine = await as.entF.post('/api/v1/policy-applications', { policyId: manufacturing, text: '申请' });
    expect(notMine.json().error.code).toBe('POLICY_NOT_FOR_ENTERPRISE');
    expect(
      (await as.hub.post('/api/v1/policy-applications', { policyId: manufacturing, text: '申请' })).statusCode,
    ).toBe(403);
  });

  it('lists exactly the eligible ledger entries of a 免申即享 policy and tells their contacts what they will receive', async () => {
    const eligible = await as.hub.get(`/api/v1/policies/${automatic}/eligible`);
    expect(eligible.statusCode).toBe(200);
    // C, small, in 华埠镇: enterprise A only (B lies in 马金镇, F builds houses).
    expect(eligible.json().map((e: { id: string }) => e.id)).toEqual([w.enterprises.a]);
    expect((await as.hub.post(`/api/v1/policies/${manufacturing}/grant-automatic`)).statusCode).toBe(409);
    const granted = await as.hub.post(`/api/v1/policies/${automatic}/grant-automatic`);
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({ recipients: 1, enterprises: 1 });
    const told = (await notes(as.entA)).find((n) => n.type === 'policy.automatic');
    expect(told).toMatchObject({
      policyId: automatic,
      title: '免申即享：小微企业稳岗返还，稳岗返还 2 万元（无需申报）',
    });
    expect((await notes(as.entB)).some((n) => n.type === 'policy.automatic')).toBe(false);
    const pushes = (await as.hub.get(`/api/v1/policies/${automatic}/pushes`)).json();
    expect(pushes).toEqual([expect.objectContaining({ kind: 'automatic', recipients: 1, opened: 0 })]);
  });

  it('shows a liaison the applications of its ledger’s enterprises only', async () => {
    // B (not on the liaison's ledger) applies beside A.
    const filed = await as.entB.post('/api/v1/policy-applications', {
      policyId: manufacturing,
      text: '我司购置数控设备，申请技改奖补。',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const b = filed.json<{ id: string }>().id;
    const seen = (await as.liaison.get('/api/v1/policy-applications')).json<{ id: string; enterpriseName: string }[]>();
    expect(seen.map((a) => a.enterpriseName)).toEqual(['甲县一号材料有限公司']);
    expect((await as.liaison.get(`/api/v1/policy-applications/${b}`)).statusCode).toBe(404);
    const all = (await as.hub.get('/api/v1/policy-applications')).json<{ id: string }[]>();
    expect(all.map((a) => a.id)).toContain(b);
    expect(all).toHaveLength(2);
  });
});
