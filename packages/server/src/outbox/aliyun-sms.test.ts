import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { defaultProfile } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { FakeAliyunSms } from '../testing/fake-aliyun-sms.js';
import { startFakeAliyunSms } from '../testing/fake-aliyun-sms.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import type { AliyunSmsConfig } from './aliyun-sms.js';
import { AliyunSmsClient, AliyunSmsError, aliyunSmsCodeSender, aliyunSmsProvider } from './aliyun-sms.js';
import { inAppProvider } from './channels.js';
import { dispatchOutbox } from './dispatch.service.js';

const KEYS = { accessKeyId: 'LTAI-test-id', accessKeySecret: 'test-secret-不公开' };

describe.each(ENGINES)('SMS through Alibaba Cloud (a local fake gateway) on $name', (engine) => {
  let handle: Db;
  let deps: Deps;
  let clock: ManualClock;
  let w: World;
  let gateway: FakeAliyunSms;
  let config: AliyunSmsConfig;

  const numberOf = async (caseId: string) =>
    (await handle.db.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow()).number;
  const sentAbout = (number: string) => gateway.sent.filter((m) => JSON.stringify(m.templateParam).includes(number));
  const deliver = (c: AliyunSmsConfig = config) => dispatchOutbox(deps, [inAppProvider, aliyunSmsProvider(c)]);
  /** A case of enterprise A just replied to, the rows before the reply delivered in-app only. */
  const replied = async (title: string) => {
    const caseId = await driveTo(deps, w, 'feedback', title);
    await dispatchOutbox(deps, [inAppProvider]);
    await runCaseCommand(deps, w.actors.unit1, caseId, 'reply', { result: 'solved', text: '已办结' });
    return caseId;
  };

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    gateway = await startFakeAliyunSms(KEYS);
    config = {
      ...KEYS,
      signName: '测试甲县营商办',
      endpoint: gateway.url,
      templateCode: 'SMS_GENERAL',
      contentParam: 'content',
      templates: {},
      codeTemplate: 'SMS_CODE',
      timeoutMs: 5_000,
    };
  });
  afterAll(async () => {
    await gateway.close();
    await handle.close();
  });
  beforeEach(async () => {
    // Rows of earlier tests leave in-app only, so each test counts its own SMS.
    await dispatchOutbox(deps, [inAppProvider]);
  });

  it('sends an outbox row to the gateway once, signed, and not again on the next run', async () => {
    const caseId = await driveTo(deps, w, 'dispatched', '园区道路积水影响通行');
    const number = await numberOf(caseId);
    const first = await deliver();
    expect(first.retried).toBe(0);
    // Three handlers of the lead and co-unit, each one SMS to the whole (decrypted) number.
    const sent = sentAbout(number);
    expect(sent).toHaveLength(3);
    expect(gateway.badSignatures).toBe(0);
    expect(sent[0]).toEqual({
      phoneNumbers: '13812341234',
      signName: '测试甲县营商办',
      templateCode: 'SMS_GENERAL',
      templateParam: { content: `诉求 ${number}“园区道路积水影响通行”已交办你单位办理，请及时签收。` },
    });
    expect(await deliver()).toEqual({ delivered: 0, retried: 0, messages: 0 });
    expect(sentAbout(number)).toHaveLength(3);
  });

  it('retries a gateway error with back-off, naming its code but not the number, then delivers', async () => {
    const caseId = await replied('申请停车位划线');
    const number = await numberOf(caseId);
    gateway.failNext('isv.BUSINESS_LIMIT_CONTROL', '触发号码天级流控 13812341234');
    const first = await deliver();
    expect(first.retried).toBe(1);
    expect(sentAbout(number)).toEqual([]);
    const row = await handle.db
      .selectFrom('outbox')
      .select(['attempts', 'next_attempt_at', 'last_error', 'dispatched_at'])
      .where('recipient', '=', caseId)
      .where('topic', '=', 'case.replied')
      .executeTakeFirstOrThrow();
    expect(row.dispatched_at).toBeNull();
    expect(row.last_error).toContain('isv.BUSINESS_LIMIT_CONTROL');
    expect(row.last_error).toContain('138****1234');
    expect(row.last_error).not.toContain('13812341234');
    expect(+row.next_attempt_at! - +clock.now()).toBe(30_000);
    // Not before its time, then once.
    expect((await deliver()).delivered).toBe(0);
    clock.advance(31_000);
    const second = await deliver();
    expect(second).toMatchObject({ delivered: 1, retried: 0 });
    expect(sentAbout(number).map((m) => m.templateParam['content'])).toEqual([
      `您的诉求 ${number}“申请停车位划线”已办结答复，请登录查看并评价。`,
    ]);
  });

  it('uses the jurisdiction’s own texts once its profile has them', async () => {
    await handle.db.transaction().execute((trx) =>
      storeProfile(
        trx,
        w.jurisdictionA,
        {
          ...defaultProfile('ta'),
          notifications: {
            templates: { caseReplied: '【甲县企呼我应】{number}“{title}”已办结，请评价。' },
            note: '本县的短信文本',
          },
        },
        { userId: null, at: clock.now() },
      ),
    );
    const caseId = await replied('用电增容');
    const number = await numberOf(caseId);
    await deliver();
    expect(sentAbout(number).map((m) => m.templateParam['content'])).toEqual([
      `【甲县企呼我应】${number}“用电增容”已办结，请评价。`,
    ]);
  });

  it('uses a text’s own approved template with the number and title when one is configured', async () => {
    const caseId = await replied('一个非常非常长的诉求标题需要在短信里截短以免超过长度');
    const number = await numberOf(caseId);
    await deliver({ ...config, templates: { caseReplied: 'SMS_REPLIED' } });
    const [message] = sentAbout(number);
    expect(message?.templateCode).toBe('SMS_REPLIED');
    expect(message?.templateParam['number']).toBe(number);
    expect([...(message?.templateParam['title'] ?? '')]).toHaveLength(20);
  });

  it('is refused by the gateway when signed with another secret', async () => {
    const client = new AliyunSmsClient({ ...config, accessKeySecret: 'not-the-secret' });
    const before = gateway.badSignatures;
    await expect(client.send({ mobile: '13812341234', templateCode: 'SMS_GENERAL', params: {} })).rejects.toThrow(
      AliyunSmsError,
    );
    expect(gateway.badSignatures).toBe(before + 1);
  });

  it('sends a login code through the code template', async () => {
    const sender = aliyunSmsCodeSender(config);
    await sender?.sendLoginCode('13900001234', '042917', clock.now());
    expect(gateway.sent.at(-1)).toMatchObject({
      phoneNumbers: '13900001234',
      templateCode: 'SMS_CODE',
      templateParam: { code: '042917' },
    });
    expect(aliyunSmsCodeSender({ ...config, codeTemplate: null })).toBeNull();
  });
});
