import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { channelProviders } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import { sheetText } from '../testing/sheets.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { remindLiaisons } from './solicitations.service.js';
import type { CoverageDto, SentWeeklyLedgerDto, SolicitationDto, WeeklyLedgersDto } from './solicitations.schemas.js';

/**
 * Weekly solicitation (seed 003 二(一)): the liaison of 甲县's town records a round with enterprise
 * A (on its ledger), the problems become cases in the loop, the week's coverage names the missed
 * enterprise, each role sees its own scope, and a liaison with enterprises left is reminded once.
 */
describe.each(ENGINES)('weekly solicitation on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  let dir: string;
  let liaison: Client;
  let hub: Client;
  let unit1: Client;

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z'); // Monday 09:00 in Shanghai, week 2026-W45
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, tokenTtlHours: 24 * 30 });
    dir = mkdtempSync(join(tmpdir(), 'qisu-solicit-'));
    liaison = await loginAs(app, 'ta.liaison', TEST_PASSWORD);
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns each problem of a round into a case of the loop, with the enterprise and the liaison', async () => {
    const res = await liaison.post('/api/v1/solicitations', {
      enterpriseId: w.enterprises.a,
      method: 'visit',
      at: '2026-11-02T08:30:00+08:00',
      note: '走访生产车间，与总经理面谈',
      problems: [
        { title: '厂区门前路灯损坏', content: '夜间货车进出无照明，存在安全隐患。' },
        { title: '申请技改补贴进度', content: '去年申报的技改补贴尚未拨付，希望了解进度。', kind: 'consultation' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id, caseIds } = res.json<{ id: string; caseIds: string[] }>();
    expect(caseIds).toHaveLength(2);
    const cases = await handle.db
      .selectFrom('cases')
      .select(['id', 'channel', 'enterprise_id', 'created_by', 'status', 'title', 'kind', 'contact_name'])
      .where('id', 'in', caseIds)
      .orderBy('number')
      .execute();
    expect(cases).toEqual([
      expect.objectContaining({
        channel: 'solicitation',
        enterprise_id: w.enterprises.a,
        created_by: w.actors.liaison.userId,
        status: 'submitted',
        title: '厂区门前路灯损坏',
        contact_name: '联系人',
      }),
      expect.objectContaining({ channel: 'solicitation', title: '申请技改补贴进度', kind: 'consultation' }),
    ]);
    // The hub screens them like any case.
    expect((await hub.get(`/api/v1/cases/${caseIds[0]}`)).json()).toMatchObject({ status: 'submitted' });

    const listed = (await liaison.get('/api/v1/solicitations')).json<SolicitationDto[]>();
    expect(listed).toEqual([
      expect.objectContaining({
        id,
        enterprise: { id: w.enterprises.a, name: '甲县一号材料有限公司' },
        method: 'visit',
        week: '2026-W45',
        at: '2026-11-02T00:30:00.000Z',
        recordedBy: { id: w.actors.liaison.userId, name: 'ta.liaison' },
        note: '走访生产车间，与总经理面谈',
        problems: 2,
        cases: [
          expect.objectContaining({ id: caseIds[0], title: '厂区门前路灯损坏', status: 'submitted' }),
          expect.objectContaining({ id: caseIds[1] }),
        ],
      }),
    ]);
  });

  it('holds the liaison to its ledger and refuses a bad round, writing nothing', async () => {
    const before = await handle.db.selectFrom('solicitations').select('id').execute();
    const notMine = await liaison.post('/api/v1/solicitations', {
      enterpriseId: w.enterprises.b,
      method: 'phone',
      problems: [{ title: '不在台账', content: '不应登记' }],
    });
    expect(notMine.statusCode).toBe(403);
    const foreign = await hub.post('/api/v1/solicitations', {
      enterpriseId: w.enterprises.other,
      method: 'phone',
      problems: [],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<{ error: { field: string } }>().error.field).toBe('enterpriseId');
    const future = await liaison.post('/api/v1/solicitations', {
      enterpriseId: w.enterprises.a,
      method: 'phone',
      at: '2026-11-03T09:00:00+08:00',
      problems: [],
    });
    expect(future.statusCode).toBe(400);
    expect(future.json<{ error: { field: string } }>().error.field).toBe('at');
    const badMethod = await liaison.post('/api/v1/solicitations', {
      enterpriseId: w.enterprises.a,
      method: 'carrier-pigeon',
      problems: [],
    });
    expect(badMethod.statusCode).toBe(400);
    expect(
      (await unit1.post('/api/v1/solicitations', { enterpriseId: w.enterprises.a, method: 'visit', problems: [] }))
        .statusCode,
    ).toBe(403);
    expect(await handle.db.selectFrom('solicitations').select('id').execute()).toHaveLength(before.length);
  });

  it('counts the week’s coverage: the hub sees the enterprise missed, the liaison its own ledger only', async () => {
    const hubView = (await hub.get('/api/v1/solicitations/coverage?week=2026-W45')).json<CoverageDto>();
    expect(hubView).toMatchObject({
      week: '2026-W45',
      from: '2026-11-01T16:00:00.000Z',
      to: '2026-11-08T16:00:00.000Z',
      enterprises: 2,
      solicited: 1,
      problems: 2,
      missing: [{ id: w.enterprises.b, name: '甲县二号机械有限公司', liaisonName: null, lastSolicitedAt: null }],
    });
    const mine = (await liaison.get('/api/v1/solicitations/coverage?week=2026-W45')).json<CoverageDto>();
    expect(mine).toMatchObject({ enterprises: 1, solicited: 1, missing: [] });
    // The next week nobody is solicited yet; A's last round is named.
    const next = (await liaison.get('/api/v1/solicitations/coverage?week=2026-W46')).json<CoverageDto>();
    expect(next).toMatchObject({
      enterprises: 1,
      solicited: 0,
      missing: [{ id: w.enterprises.a, liaisonName: 'ta.liaison', lastSolicitedAt: '2026-11-02T00:30:00.000Z' }],
    });
    // This week by default; a week that does not exist is refused.
    expect((await hub.get('/api/v1/solicitations/coverage')).json<CoverageDto>().week).toBe('2026-W45');
    const bad = await hub.get('/api/v1/solicitations/coverage?week=2026-W60');
    expect(bad.statusCode).toBe(400);
    expect((await unit1.get('/api/v1/solicitations/coverage')).statusCode).toBe(403);
  });

  it('records a round that found nothing, and shows the hub’s rounds to the hub, not to the liaison', async () => {
    const none = await hub.post('/api/v1/solicitations', {
      enterpriseId: w.enterprises.b,
      method: 'meeting',
      problems: [],
    });
    expect(none.statusCode, none.body).toBe(201);
    expect(none.json()).toMatchObject({ caseIds: [] });
    const hubList = (await hub.get('/api/v1/solicitations?week=2026-W45')).json<SolicitationDto[]>();
    expect(hubList.map((s) => s.enterprise.name).sort()).toEqual(['甲县一号材料有限公司', '甲县二号机械有限公司']);
    const liaisonList = (await liaison.get('/api/v1/solicitations')).json<SolicitationDto[]>();
    expect(liaisonList.map((s) => s.enterprise.id)).toEqual([w.enterprises.a]);
    expect((await hub.get('/api/v1/solicitations/coverage?week=2026-W45')).json<CoverageDto>()).toMatchObject({
      solicited: 2,
      missing: [],
    });
  });

  it('sends the town’s weekly problem ledger to the hub, who reads every town’s and downloads it as 附件2', async () => {
    // Before: the town (the liaison's unit) has found two problems in one round; nothing is sent.
    const before = (await hub.get('/api/v1/solicitations/ledgers?week=2026-W45')).json<WeeklyLedgersDto>();
    expect(before.units).toEqual([
      {
        unitId: w.units.town,
        unitName: expect.any(String) as string,
        liaisons: ['ta.liaison'],
        rounds: 1,
        enterprises: 1,
        problems: 2,
        sent: null,
      },
    ]);
    const sent = await liaison.post('/api/v1/solicitations/ledgers', { week: '2026-W45' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<SentWeeklyLedgerDto>()).toMatchObject({
      unitId: w.units.town,
      week: '2026-W45',
      rounds: 1,
      problems: 2,
      firstSentAt: '2026-11-02T01:00:00.000Z',
    });
    // Sent again an hour later: the figures are replaced, the first time kept.
    clock.set(new Date('2026-11-02T02:00:00Z'));
    const again = (await liaison.post('/api/v1/solicitations/ledgers', {})).json<SentWeeklyLedgerDto>();
    expect(again).toMatchObject({
      week: '2026-W45',
      firstSentAt: '2026-11-02T01:00:00.000Z',
      sentAt: '2026-11-02T02:00:00.000Z',
    });
    const after = (await hub.get('/api/v1/solicitations/ledgers?week=2026-W45')).json<WeeklyLedgersDto>();
    expect(after.units[0]?.sent).toMatchObject({ problems: 2, sentBy: 'ta.liaison' });

    await dispatchOutbox(deps, channelProviders({ sms: 'off', wechat: 'off', logPath: join(dir, 'outbox.log') }));
    const hubInbox = (await hub.get('/api/v1/notifications')).json<{ items: { title: string }[] }>();
    expect(hubInbox.items.filter((n) => n.title.includes('（2026-W45）问题台账已报送（2 个问题）'))).toHaveLength(2);

    const res = await hub.get(`/api/v1/solicitations/ledgers/${w.units.town}/workbook?week=2026-W45`);
    expect(res.statusCode).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('问题台账-2026-W45.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = sheetText(book.worksheets[0]!);
    expect(rows[0]).toEqual([
      '序号',
      '企业名称',
      '存在问题、困难、诉求描述',
      '建议解决部门',
      '企业联系人及联系方式',
      '备注',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2]?.split('：')[0]])).toEqual([
      ['1', '甲县一号材料有限公司', '厂区门前路灯损坏'],
      ['2', '甲县一号材料有限公司', '申请技改补贴进度'],
    ]);
    // The liaison downloads its own town's, not another unit's; a unit handler reads none.
    expect((await liaison.get(`/api/v1/solicitations/ledgers/${w.units.town}/workbook?week=2026-W45`)).statusCode).toBe(
      200,
    );
    expect((await liaison.get(`/api/v1/solicitations/ledgers/${w.units.dept1}/workbook`)).statusCode).toBe(404);
    expect((await unit1.get('/api/v1/solicitations/ledgers')).statusCode).toBe(403);
    // A week that has not begun cannot be sent; the hub has no ledger of its own to send.
    const early = await liaison.post('/api/v1/solicitations/ledgers', { week: '2026-W47' });
    expect(early.statusCode).toBe(400);
    expect(early.json<{ error: { field: string } }>().error.field).toBe('week');
    expect((await hub.post('/api/v1/solicitations/ledgers', {})).statusCode).toBe(403);
  });

  it('reminds a liaison of the week’s missed enterprises from Thursday 09:00, once', async () => {
    clock.set(new Date('2026-11-12T00:59:00Z')); // Thursday 08:59 of 2026-W46
    expect(await remindLiaisons(deps)).toEqual({ reminded: 0 });
    clock.set(new Date('2026-11-12T01:00:00Z'));
    expect(await remindLiaisons(deps)).toEqual({ reminded: 1 });
    expect(await remindLiaisons(deps)).toEqual({ reminded: 0 });
    await dispatchOutbox(deps, channelProviders({ sms: 'off', wechat: 'off', logPath: join(dir, 'outbox.log') }));
    const inbox = (await liaison.get('/api/v1/notifications')).json<{ items: { type: string; title: string }[] }>();
    expect(inbox.items).toContainEqual(
      expect.objectContaining({ title: '本周（2026-W46）尚有 1 家包联企业未征询，请于周日前完成' }),
    );
    // Nobody else is told.
    const hubInbox = (await hub.get('/api/v1/notifications')).json<{ items: { title: string }[] }>();
    expect(hubInbox.items.some((n) => n.title.includes('包联企业'))).toBe(false);
  });
});
