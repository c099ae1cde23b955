import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { FakeWechat } from '../testing/fake-wechat.js';
import { startFakeWechat } from '../testing/fake-wechat.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { inAppProvider } from './channels.js';
import { dispatchOutbox } from './dispatch.service.js';
import type { WechatOfficialConfig } from './wechat-official.js';
import { WECHAT_DEFAULT_FIELDS, WechatOfficialClient, wechatOfficialProvider } from './wechat-official.js';

const APP = { appId: 'wx-test-app', appSecret: 'wx-test-secret' };
const OPENID_A = 'oTestOpenidOfEnterpriseA0001';

describe.each(ENGINES)('WeChat template messages (a local fake API) on $name', (engine) => {
  let handle: Db;
  let deps: Deps;
  let clock: ManualClock;
  let w: World;
  let api: FakeWechat;
  let config: WechatOfficialConfig;
  let now: number;
  let client: WechatOfficialClient;

  const deliver = () => dispatchOutbox(deps, [inAppProvider, wechatOfficialProvider(config, client)]);
  const replied = async (title: string) => {
    const caseId = await driveTo(deps, w, 'feedback', title);
    await dispatchOutbox(deps, [inAppProvider]);
    await runCaseCommand(deps, w.actors.unit1, caseId, 'reply', { result: 'solved', text: '已办结' });
    const { number } = await handle.db
      .selectFrom('cases')
      .select('number')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    return { caseId, number };
  };
  const sendsAbout = (number: string) => api.sends.filter((s) => s.data['keyword1']?.value === number);

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    api = await startFakeWechat(APP);
    config = {
      ...APP,
      apiBase: api.url,
      templateId: 'TPL-GENERAL',
      templates: {},
      fields: WECHAT_DEFAULT_FIELDS,
      publicUrl: 'https://qisu.example.gov.cn/',
      timeoutMs: 5_000,
    };
    now = Date.parse('2026-11-02T01:00:00Z');
    client = new WechatOfficialClient(config, () => now);
  });
  afterAll(async () => {
    await api.close();
    await handle.close();
  });
  beforeEach(async () => {
    await dispatchOutbox(deps, [inAppProvider]);
  });

  it('skips an enterprise contact without an openid, and the row is delivered', async () => {
    const { caseId, number } = await replied('门前路灯不亮');
    const result = await deliver();
    expect(result).toMatchObject({ delivered: 1, retried: 0 });
    expect(sendsAbout(number)).toEqual([]);
    const row = await handle.db
      .selectFrom('outbox')
      .select('dispatched_at')
      .where('recipient', '=', caseId)
      .where('topic', '=', 'case.replied')
      .executeTakeFirstOrThrow();
    expect(row.dispatched_at).not.toBeNull();
  });

  it('sends the template message to the openid, linking the case’s phone page', async () => {
    await handle.db
      .updateTable('users')
      .set({ wechat_openid: OPENID_A })
      .where('id', '=', w.actors.entA.userId)
      .execute();
    const { caseId, number } = await replied('门前绿化带修剪');
    await deliver();
    expect(sendsAbout(number)).toEqual([
      {
        token: 'token-1',
        touser: OPENID_A,
        template_id: 'TPL-GENERAL',
        url: `https://qisu.example.gov.cn/m/cases/${caseId}`,
        data: {
          first: { value: `您的诉求 ${number}“门前绿化带修剪”已办结答复，请登录查看并评价。` },
          keyword1: { value: number },
          keyword2: { value: '门前绿化带修剪' },
          keyword3: { value: expect.stringMatching(/^2026-11-02 \d\d:\d\d$/) },
        },
      },
    ]);
  });

  it('keeps its token, takes a new one when WeChat answers 40001, and renews it before it expires', async () => {
    const second = await replied('厂区围墙外排水');
    await deliver();
    // The token of the last test served again: none was asked for.
    expect(api.tokens).toEqual(['token-1']);
    expect(sendsAbout(second.number).map((s) => s.token)).toEqual(['token-1']);

    // Another process renewed the token: this one is refused once, then sent with a new one.
    api.retire('token-1');
    const refusedBefore = api.refusedTokens;
    const third = await replied('厂区门口公交站迁移');
    const result = await deliver();
    expect(result).toMatchObject({ delivered: 1, retried: 0 });
    expect(api.refusedTokens).toBe(refusedBefore + 1);
    expect(api.tokens).toEqual(['token-1', 'token-2']);
    expect(sendsAbout(third.number).map((s) => s.token)).toEqual(['token-2']);

    // Shortly before expires_in (7200 s) the token is renewed without waiting for a refusal.
    now += 6_000_000;
    const fourth = await replied('园区食堂燃气接入');
    await deliver();
    expect(sendsAbout(fourth.number).map((s) => s.token)).toEqual(['token-2']);
    now += 1_000_000;
    const fifth = await replied('园区宽带提速');
    await deliver();
    expect(api.tokens).toEqual(['token-1', 'token-2', 'token-3']);
    expect(sendsAbout(fifth.number).map((s) => s.token)).toEqual(['token-3']);
  });

  it('retries a row that WeChat refuses, and delivers it later', async () => {
    api.failNext(45009, 'reach max api daily quota limit');
    const { number } = await replied('反映园区噪音扰民');
    const first = await deliver();
    expect(first.retried).toBe(1);
    expect(sendsAbout(number)).toEqual([]);
    clock.advance(31_000);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(sendsAbout(number)).toHaveLength(1);
  });

  it('skips a user who no longer follows the account (43004) instead of retrying for ever', async () => {
    api.failNext(43004, 'require subscribe');
    const { number } = await replied('园区消防通道占用');
    expect(await deliver()).toMatchObject({ delivered: 1, retried: 0 });
    expect(sendsAbout(number)).toEqual([]);
  });
});
