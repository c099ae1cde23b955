import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { docxText } from '../testing/sheets.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import type { QuestionnaireDto, QuestionnaireListItemDto } from './questionnaires.schemas.js';

/**
 * The satisfaction questionnaire (seed 003 二(五)): the hub sends it to the enterprises solicited
 * in a period — enterprise A, solicited by the liaison, and not B — A's contact answers on the
 * four levels once, and the hub reads the summary with the enterprises still silent.
 */
describe.each(ENGINES)('satisfaction questionnaires on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  let dir: string;
  let hub: Client;
  let leader: Client;
  let entA: Client;
  let entB: Client;
  let liaison: Client;
  let questionnaireId: string;

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, tokenTtlHours: 24 * 30 });
    dir = mkdtempSync(join(tmpdir(), 'qisu-survey-'));
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    leader = await loginAs(app, 'ta.leader', TEST_PASSWORD);
    entA = await loginAs(app, 'ta.entA', TEST_PASSWORD);
    entB = await loginAs(app, 'ta.entB', TEST_PASSWORD);
    liaison = await loginAs(app, 'ta.liaison', TEST_PASSWORD);
    const round = await liaison.post('/api/v1/solicitations', {
      enterpriseId: w.enterprises.a,
      method: 'visit',
      problems: [],
    });
    expect(round.statusCode, round.body).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a questionnaire to the enterprises solicited in the period only, and tells their contacts', async () => {
    const empty = await hub.post('/api/v1/questionnaires', { title: '十月问卷', from: '2026-10-01', to: '2026-11-01' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ error: { field: string } }>().error.field).toBe('from');

    const sent = await hub.post('/api/v1/questionnaires', {
      title: '2026年11月企业问题解决情况满意度问卷',
      from: '2026-11-01',
      to: '2026-12-01',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ enterprises: 1, recipients: 1 });
    questionnaireId = sent.json<{ id: string }>().id;

    await dispatchOutbox(deps, channelProviders({ sms: 'off', wechat: 'off', logPath: join(dir, 'outbox.log') }));
    const told = (await entA.get('/api/v1/notifications')).json<{ items: { type: string; title: string }[] }>();
    expect(told.items).toContainEqual(
      expect.objectContaining({
        type: 'questionnaire',
        title: '满意度问卷：2026年11月企业问题解决情况满意度问卷，请填写',
      }),
    );
    expect((await entB.get('/api/v1/notifications')).json<{ items: unknown[] }>().items).toEqual([]);

    // A sees it to answer; B neither in its list nor by id.
    expect((await entA.get('/api/v1/questionnaires')).json<QuestionnaireListItemDto[]>()).toEqual([
      expect.objectContaining({ id: questionnaireId, questions: 4, answeredAt: null }),
    ]);
    expect((await entB.get('/api/v1/questionnaires')).json()).toEqual([]);
    expect((await entB.get(`/api/v1/questionnaires/${questionnaireId}`)).statusCode).toBe(404);
    expect((await liaison.get('/api/v1/questionnaires')).statusCode).toBe(403);
    expect(
      (await leader.post('/api/v1/questionnaires', { title: 'x', from: '2026-11-01', to: '2026-12-01' })).statusCode,
    ).toBe(403);
  });

  it('takes an enterprise’s answers once, on the four levels, and refuses answers that do not fit', async () => {
    const url = `/api/v1/questionnaires/${questionnaireId}/answers`;
    const short = await entA.post(url, { answers: ['very'] });
    expect(short.statusCode).toBe(400);
    expect(short.json<{ error: { field: string } }>().error.field).toBe('answers');
    const badLevel = await entA.post(url, { answers: ['very', '5', 'basic', ''] });
    expect(badLevel.statusCode).toBe(400);
    expect(badLevel.json<{ error: { field: string; message: string } }>().error).toMatchObject({
      field: 'answers.1',
      message: expect.stringContaining('第 2 题请选择满意程度') as string,
    });
    const ok = await entA.post(url, { answers: ['very', 'fairly', 'not', '  希望审批再快一些  '] });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json<QuestionnaireDto>().mine).toMatchObject({ answers: ['very', 'fairly', 'not', '希望审批再快一些'] });
    const again = await entA.post(url, { answers: ['not', 'not', 'not', ''] });
    expect(again.statusCode).toBe(409);
    expect((await entB.post(url, { answers: ['very', 'very', 'very', ''] })).statusCode).toBe(404);
  });

  it('sums the answers up for the hub and the leaders, with the enterprises that have not answered', async () => {
    const view = (await leader.get(`/api/v1/questionnaires/${questionnaireId}`)).json<QuestionnaireDto>();
    expect(view).toMatchObject({ enterprises: 1, answered: 1, silent: [] });
    expect(view.summary).toEqual([
      expect.objectContaining({
        kind: 'rating',
        counts: { very: 1, fairly: 0, basic: 0, not: 0 },
        satisfactionRate: 1,
      }),
      expect.objectContaining({ kind: 'rating', counts: { very: 0, fairly: 1, basic: 0, not: 0 } }),
      expect.objectContaining({ kind: 'rating', satisfactionRate: 0 }),
      { kind: 'text', text: '意见建议', answers: ['希望审批再快一些'] },
    ]);
    expect((await hub.get('/api/v1/questionnaires')).json<QuestionnaireListItemDto[]>()).toEqual([
      expect.objectContaining({ id: questionnaireId, enterprises: 1, answered: 1 }),
    ]);
    // The month's notice sums it up in a section of its own.
    const notice = await leader.get('/api/v1/reports/monthly-notice.docx?month=2026-11');
    expect(notice.statusCode).toBe(200);
    const { paragraphs, tables } = await docxText(notice.rawPayload);
    expect(paragraphs.some((p) => /^[七八九十]、满意度问卷$/.test(p))).toBe(true);
    expect(paragraphs).toContainEqual(
      expect.stringContaining(
        '《2026年11月企业问题解决情况满意度问卷》面向 2026-11-01 至 2026-12-01 征询过的企业，发出 1 家，收回 1 份',
      ),
    );
    expect(tables.flat()).toContainEqual(['对问题办理时效是否满意', '0', '0', '0', '1', '0.0%']);
    expect(tables.flat()).toContainEqual(['对企业反映问题的解决情况是否满意', '1', '0', '0', '0', '100.0%']);
    const october = await docxText((await leader.get('/api/v1/reports/monthly-notice.docx?month=2026-10')).rawPayload);
    expect(october.paragraphs.some((p) => p.endsWith('、满意度问卷'))).toBe(false);
    // Another jurisdiction's hub does not find it.
    const hubB = await loginAs(app, 'tb.hub', TEST_PASSWORD);
    expect((await hubB.get(`/api/v1/questionnaires/${questionnaireId}`)).statusCode).toBe(404);
  });
});
