import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_STATUSES, isValidUscc } from '@qisu/core';
import { predict } from '@qisu/triage';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { verifyChains } from '../events/audit.service.js';
import { presetProfiles } from '../profiles/presets.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import { activeModel } from '../triage/triage.service.js';
import { listenHost } from '../server.js';
import { DEMO_USERS, demoTrainingSet, hasDemoAccounts, seedDemo } from './demo.service.js';

const PASSWORD = 'Qisu@2026';
const CODES = ['jhj', 'kh', 'yc', 'tz', 'fc'];

describe.each(ENGINES)('demo data and the whole loop through HTTP on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;

  beforeAll(async () => {
    handle = await engine.open();
    await seedDemo({ db: handle.db, pii: TEST_PII }, { password: PASSWORD, now: new Date('2026-11-20T02:00:00Z') });
    app = await testApp(handle, new ManualClock('2026-11-20T03:00:00Z'));
  }, 300_000);
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('knows its accounts as demo accounts, so the server listens only on this machine', async () => {
    expect(await hasDemoAccounts(handle.db)).toBe(true);
    expect(listenHost(undefined, true)).toBe('127.0.0.1');
  });

  it('records liaison demands only for the enterprises on the liaison’s ledger', async () => {
    const rows = await handle.db
      .selectFrom('cases as c')
      .innerJoin('users as u', 'u.id', 'c.created_by')
      .leftJoin('enterprises as e', 'e.id', 'c.enterprise_id')
      .select(['c.enterprise_id', 'e.liaison_user_id', 'u.id as creator'])
      .where('u.username', 'like', '%.liaison')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) if (r.enterprise_id) expect(r.liaison_user_id).toBe(r.creator);
  });

  it('loads five jurisdictions whose cases cover every state their loop has, with valid USCCs and intact chains', async () => {
    const rows = await handle.db
      .selectFrom('cases as c')
      .innerJoin('jurisdictions as j', 'j.id', 'c.jurisdiction_id')
      .select(['j.code', 'c.status'])
      .execute();
    for (const code of CODES) {
      const statuses = new Set(rows.filter((r) => r.code === code).map((r) => r.status));
      expect(rows.filter((r) => r.code === code).length).toBeGreaterThanOrEqual(50);
      // A seed without a review step never reaches `review`; 径河街 dispatches an unsatisfied case anew;
      // no demo jurisdiction has one above it on the platform to hand a case up to.
      const loop = presetProfiles().get(code)?.loop;
      const reached = CASE_STATUSES.filter(
        (s) =>
          s !== 'handed_up' &&
          !(s === 'review' && loop?.reviewAfterRounds === undefined) &&
          !(s === 'redo' && loop?.unsatisfiedTo === 'hub'),
      );
      expect([...statuses].sort(), code).toEqual([...reached].sort());
    }
    const units = await handle.db.selectFrom('units').select(['jurisdiction_id']).execute();
    expect(units.length).toBeGreaterThanOrEqual(5 * 8);
    const enterprises = await handle.db.selectFrom('enterprises').select('uscc').execute();
    expect(enterprises.length).toBeGreaterThanOrEqual(20);
    expect(enterprises.every((e) => isValidUscc(e.uscc))).toBe(true);
    const chains = await verifyChains(handle.db);
    expect(chains.map((c) => [c.jurisdiction, c.intact])).toEqual(
      CODES.slice()
        .sort()
        .map((c) => [c, true]),
    );
  });

  it('runs each seed’s clocks: 峄城 contact, feedback and resolve; cards where the seed has them', async () => {
    const hub = await loginAs(app, 'yc.hub', PASSWORD);
    const list = (await hub.get('/api/v1/cases?status=dispatched,signed&pageSize=5')).json();
    expect(list.items.length).toBeGreaterThan(0);
    const view = (await hub.get(`/api/v1/cases/${list.items[0].id}`)).json();
    const milestones = view.clocks.map((c: { milestone: string }) => c.milestone);
    expect(milestones).toEqual(expect.arrayContaining(['contact', 'feedback', 'resolve']));
    const cards = await handle.db
      .selectFrom('cards as k')
      .innerJoin('jurisdictions as j', 'j.id', 'k.jurisdiction_id')
      .select(['j.code', 'k.colour'])
      .execute();
    const codes = new Set(cards.map((c) => c.code));
    // Only 峄城 (002) and 滕州 (003) card their units.
    expect([...codes].sort()).toEqual(expect.arrayContaining(['yc']));
    expect(codes.has('kh') || codes.has('jhj') || codes.has('fc')).toBe(false);
    const byCode = (await hub.get('/api/v1/cards')).json();
    expect(byCode.perUnit.length).toBeGreaterThan(0);
    // The worklist's overdue filter returns exactly the cases with a breached clock.
    const overdue = (await hub.get('/api/v1/cases?clock=overdue&pageSize=200')).json();
    const breached = await handle.db
      .selectFrom('clocks as k')
      .innerJoin('jurisdictions as j', 'j.id', 'k.jurisdiction_id')
      .select('k.case_id')
      .distinct()
      .where('j.code', '=', 'yc')
      .where('k.state', '=', 'breached')
      .execute();
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.items.map((i: { id: string }) => i.id).sort()).toEqual(breached.map((b) => b.case_id).sort());
    // Due first: the list is ordered by each case's earliest open time limit, overdue at the top.
    const byDue = (
      await hub.get('/api/v1/cases?status=dispatched,signed,contacted,feedback&sort=due&pageSize=50')
    ).json();
    const firstDue = await Promise.all(
      byDue.items.map(async (i: { id: string }) => {
        const row = await handle.db
          .selectFrom('clocks')
          .select((eb) => eb.fn.min('due_at').as('due'))
          .where('case_id', '=', i.id)
          .where('state', 'in', ['running', 'warned', 'breached'])
          .executeTakeFirst();
        return row?.due ? new Date(row.due).getTime() : Number.POSITIVE_INFINITY;
      }),
    );
    expect(firstDue.length).toBeGreaterThan(1);
    expect(firstDue).toEqual([...firstDue].sort((a, b) => a - b));
  });

  it('lets every demo account log in with its role, unit and enterprise', async () => {
    for (const code of CODES) {
      for (const name of DEMO_USERS) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: `${code}.${name}`, password: PASSWORD },
        });
        expect(res.statusCode, `${code}.${name}`).toBe(200);
        const user = res.json().user;
        expect(user.jurisdiction).toBe(code);
        if (name.startsWith('ent')) expect(user.enterpriseId).toEqual(expect.any(String));
        else expect(user.unitId).toEqual(expect.any(String));
        if (name === 'head1') {
          expect(user.roles).toEqual(['unit_head']);
          const unit1 = await app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: `${code}.unit1`, password: PASSWORD },
          });
          expect(user.unitId).toBe(unit1.json().user.unitId);
        }
      }
    }
  });

  it('gives each demo account of every jurisdiction work waiting for it', async () => {
    // What each role works on first (the console's home and menu open onto these).
    const work: Record<string, string> = {
      hub: '/api/v1/cases?status=submitted,screening,returned&pageSize=1',
      unit1: '/api/v1/cases?status=dispatched,signed,contacted,feedback,redo&pageSize=1',
      unit2: '/api/v1/cases?status=dispatched,signed,contacted,feedback,redo&pageSize=1',
      // The leader reviews (滕州) or dispatches complex cases with the coordination group (径河街).
      leader: '/api/v1/cases?status=review,screening&pageSize=1',
      discipline: '/api/v1/cases?pageSize=1',
      liaison: '/api/v1/cases?pageSize=1',
      ent1: '/api/v1/cases?pageSize=1',
      ent2: '/api/v1/cases?pageSize=1',
    };
    for (const code of CODES) {
      for (const [name, url] of Object.entries(work)) {
        const client = await loginAs(app, `${code}.${name}`, PASSWORD);
        const res = await client.get(url);
        const total = res.json<{ total: number }>().total;
        // 径河街 has no discipline commission in its loop (seed 000): nothing is handed to it.
        if (code === 'jhj' && name === 'discipline') expect(total, `${code}.${name}`).toBe(0);
        else expect(total, `${code}.${name}`).toBeGreaterThan(0);
      }
      const admin = await loginAs(app, `${code}.admin`, PASSWORD);
      expect((await admin.get('/api/v1/users')).json<unknown[]>().length, `${code}.admin`).toBeGreaterThan(9);
      const liaison = await loginAs(app, `${code}.liaison`, PASSWORD);
      expect((await liaison.get('/api/v1/enterprises')).json<{ total: number }>().total).toBeGreaterThan(0);
    }
  });

  it('ships a category model trained on the demo cases, with its measured quality, serving every jurisdiction', async () => {
    const rows = await handle.db
      .selectFrom('triage_models')
      .select(['jurisdiction_id', 'version', 'active', 'examples', 'quality'])
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      jurisdiction_id: null,
      version: 1,
      active: true,
      examples: demoTrainingSet().length,
    });
    const quality = rows[0]?.quality as { macroF1: number; method: string };
    expect(quality.method).toBe('5-fold cross-validation');
    expect(quality.macroF1).toBeGreaterThan(0.6);
    const kh = await handle.db
      .selectFrom('jurisdictions')
      .select('id')
      .where('code', '=', 'kh')
      .executeTakeFirstOrThrow();
    const served = await activeModel(handle.db, kh.id);
    const p = predict(served!.model, {
      title: '申请银行续贷遇到困难',
      body: '我公司一笔流动资金贷款即将到期，银行要求先还后贷，希望协调转贷资金和续贷。',
    });
    expect(p.label).toBe('融资信贷');
    expect(p.evidence.length).toBeGreaterThan(0);
  });

  it('gives screening a likely duplicate, a similar solved case and learned units in every jurisdiction', async () => {
    for (const code of CODES) {
      const hub = await loginAs(app, `${code}.hub`, PASSWORD);
      const queue = (await hub.get('/api/v1/cases?status=submitted&pageSize=100')).json<{
        items: { id: string; title: string }[];
      }>().items;
      const again = queue.find((c) => c.title.startsWith('再次反映：'));
      const alike = queue.find((c) => c.title.endsWith('（同类问题）'));
      expect(again && alike, code).toBeTruthy();
      const repeated = (await hub.get(`/api/v1/cases/${again!.id}/similar`)).json();
      expect(repeated.open[0], code).toMatchObject({ duplicate: true });
      const solved = (await hub.get(`/api/v1/cases/${alike!.id}/similar`)).json();
      expect(solved.solved[0], code).toMatchObject({ status: 'closed', resolution: { kind: 'replied' } });
      expect(solved.solved[0].resolution.text, code).toBeTruthy();
      const suggestions = (await hub.get(`/api/v1/cases/${alike!.id}/suggestions`)).json();
      expect(suggestions.learned?.leadUnit.name, code).toBeTruthy();
      expect(suggestions.learned.support, code).toBeGreaterThanOrEqual(suggestions.learned.agreeing);
    }
  });

  it('gives every jurisdiction a routing catalogue whose suggestions name its own units', async () => {
    const rules = await handle.db
      .selectFrom('routing_rules as r')
      .innerJoin('jurisdictions as j', 'j.id', 'r.jurisdiction_id')
      .innerJoin('units as u', 'u.id', 'r.lead_unit_id')
      .select(['j.code', 'u.jurisdiction_id as unit_jurisdiction', 'r.jurisdiction_id'])
      .execute();
    for (const code of CODES) {
      const own = rules.filter((r) => r.code === code);
      expect(own.length, code).toBeGreaterThanOrEqual(5);
      expect(own.every((r) => r.unit_jurisdiction === r.jurisdiction_id)).toBe(true);
    }
    const hub = await loginAs(app, 'tz.hub', PASSWORD);
    const categories = (await hub.get('/api/v1/categories')).json();
    const policy = categories.find((c: { code: string }) => c.code === 'policy');
    const suggestion = (await hub.get(`/api/v1/routing-rules/suggest?categoryId=${policy.id}`)).json();
    expect(suggestion).toMatchObject({ match: 'categoryOnly', leadUnit: { name: '滕州市工业和信息化局' } });
    const territorial = (await hub.get('/api/v1/routing-rules/suggest?regionCode=370481001')).json();
    expect(territorial).toMatchObject({ match: 'regionOnly', leadUnit: { name: '荆河街道办事处' } });
  });

  it('runs the whole loop with the demo accounts of 开化县', async () => {
    const ent1 = await loginAs(app, 'kh.ent1', PASSWORD);
    const ent2 = await loginAs(app, 'kh.ent2', PASSWORD);
    const hub = await loginAs(app, 'kh.hub', PASSWORD);
    const unit1 = await loginAs(app, 'kh.unit1', PASSWORD);
    const unit2 = await loginAs(app, 'kh.unit2', PASSWORD);
    const me = (await unit1.get('/api/v1/auth/me')).json();

    const created = await ent1.post('/api/v1/cases', {
      title: '新建厂房消防验收咨询',
      content: '我公司新建厂房已竣工，想了解消防验收需要准备哪些材料、多久能办结。',
      kind: 'consultation',
    });
    expect(created.statusCode).toBe(201);
    const { id, number, status } = created.json();
    expect(number).toMatch(/^KH-2026-\d{6}$/);
    expect(status).toBe('submitted');

    const step = async (client: Client, command: string, body?: object) => {
      const res = await client.post(`/api/v1/cases/${id}/${command}`, body);
      expect(res.statusCode, `${command}: ${res.body}`).toBe(200);
      return res.json();
    };
    expect((await step(hub, 'accept')).status).toBe('screening');
    const dispatched = await step(hub, 'dispatch', { leadUnitId: me.unitId, complexity: 'simple' });
    expect(dispatched).toMatchObject({ status: 'dispatched', round: 1, leadUnit: { id: me.unitId } });
    // 开化 "123": a simple case is resolved within 1 working day counting the day of dispatch (seed 001).
    expect(dispatched.clocks).toEqual(
      expect.arrayContaining([expect.objectContaining({ milestone: 'resolve', duration: '1wdr', state: 'running' })]),
    );
    expect(dispatched.clocks.find((c: { milestone: string }) => c.milestone === 'screening')?.state).toBe('met');
    expect((await ent2.get(`/api/v1/cases/${id}`)).statusCode).toBe(404);
    expect((await unit2.get(`/api/v1/cases/${id}`)).statusCode).toBe(404);
    const inbox = (await unit1.get('/api/v1/cases?status=dispatched')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await step(unit1, 'sign')).status).toBe('signed');
    expect((await step(unit1, 'contact', { note: '已电话联系企业' })).status).toBe('contacted');
    expect((await step(unit1, 'feedback', { text: '材料清单已发给企业' })).status).toBe('feedback');
    expect((await step(unit1, 'reply', { result: 'solved', text: '已指导企业完成消防验收申报' })).status).toBe(
      'replied',
    );
    expect((await step(ent1, 'rate', { score: 2, comment: '还没拿到验收意见' })).status).toBe('redo');
    const redo = await step(unit1, 'reply', { result: 'solved', text: '验收意见书已出具' });
    expect(redo).toMatchObject({ status: 'replied', round: 2 });
    expect((await step(ent1, 'rate', { score: 5, comment: '满意' })).status).toBe('rated');
    expect((await step(hub, 'revisit', { method: 'phone', note: '企业满意' })).status).toBe('rated');
    const closed = await step(hub, 'close');
    expect(closed.status).toBe('closed');

    const events = (await hub.get(`/api/v1/cases/${id}/events`)).json();
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'accepted',
      'dispatched',
      'signed',
      'contacted',
      'feedback',
      'replied',
      'rated',
      'replied',
      'rated',
      'revisited',
      'closed',
    ]);
    for (let i = 1; i < events.length; i++) {
      expect(events[i].seq).toBeGreaterThan(events[i - 1].seq);
      expect(events[i].hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const audit = await loginAs(app, 'kh.admin', PASSWORD);
    const verify = (await audit.get('/api/v1/audit/verify')).json();
    expect(verify).toEqual([expect.objectContaining({ jurisdiction: 'kh', intact: true })]);
  });

  it('finishes 滕州’s review of a twice-unsatisfied case with the demo accounts alone (head1 signs the form)', async () => {
    const ent1 = await loginAs(app, 'tz.ent1', PASSWORD);
    const hub = await loginAs(app, 'tz.hub', PASSWORD);
    const unit1 = await loginAs(app, 'tz.unit1', PASSWORD);
    const head1 = await loginAs(app, 'tz.head1', PASSWORD);
    const me = (await unit1.get('/api/v1/auth/me')).json();
    const { id } = (
      await ent1.post('/api/v1/cases', { title: '厂区排水管网堵塞', content: '雨天厂区积水严重。' })
    ).json();
    const step = async (client: Client, command: string, body?: object) => {
      const res = await client.post(`/api/v1/cases/${id}/${command}`, body);
      expect(res.statusCode, `${command}: ${res.body}`).toBe(200);
      return res.json();
    };
    await step(hub, 'dispatch', { leadUnitId: me.unitId, complexity: 'general', note: '请三日内现场查看' });
    await step(unit1, 'sign');
    await step(unit1, 'reply', { result: 'partly', text: '已疏通主管道' });
    expect((await step(ent1, 'rate', { score: 1, comment: '仍积水' })).status).toBe('redo');
    await step(unit1, 'reply', { result: 'partly', text: '已再次疏通' });
    expect((await step(ent1, 'rate', { score: 1, comment: '还是积水' })).status).toBe('review');
    const early = await hub.post(`/api/v1/cases/${id}/review`, { decision: 'close', opinion: '同意销号' });
    expect(early.statusCode).toBe(409);
    await step(head1, 'review-form', { statement: '两次办理，受管网改造工期限制', signedBy: '局长' });
    expect((await step(hub, 'review', { decision: 'close', opinion: '核查属实，纳入管网改造计划' })).status).toBe(
      'closed',
    );
  });

  it('lets every jurisdiction’s demo Open311 key (qisu-demo-<code>) file a request and read it back', async () => {
    for (const code of CODES) {
      const services = await app.inject({ method: 'GET', url: `/open311/v2/services.json?jurisdiction_id=${code}` });
      const service = services.json<{ service_code: string }[]>()[0]!.service_code;
      const filed = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          jurisdiction_id: code,
          api_key: `qisu-demo-${code}`,
          service_code: service,
          description: '演示：园区道路积水',
          address_string: '工业园区',
        }).toString(),
      });
      expect(filed.statusCode, `${code}: ${filed.body}`).toBe(200);
      const id = filed.json<{ service_request_id: string }[]>()[0]!.service_request_id;
      expect(id.startsWith(`${code.toUpperCase()}-`)).toBe(true);
      const read = await app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json?jurisdiction_id=${code}` });
      expect(read.json()).toMatchObject([{ service_request_id: id, status: 'open' }]);
    }
  });
});
