import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { aliyunSmsCodeSender } from '../outbox/aliyun-sms.js';
import { devLogCodeSender } from '../outbox/channels.js';
import { refreshMobileLookups } from '../pii/pii.service.js';
import { ENGINES } from '../testing/engines.js';
import { startFakeAliyunSms } from '../testing/fake-aliyun-sms.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { RecordingSmsSender } from '../testing/sms.js';
import { recordingSmsSender } from '../testing/sms.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { SMS_LOGIN } from './sms-login.service.js';

const MOBILE_A = '13900000001';
const MOBILE_B = '13900000002';
/** Every staff member of the fixture world has this number; no enterprise contact does here. */
const STAFF_MOBILE = '13812341234';

/** Waits (in real time, briefly) until `check` holds: a code leaves after the answer. */
async function eventually<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('not in time');
}

describe.each(ENGINES)('login by SMS code on $name', (engine) => {
  let handle: Db;
  let clock: ManualClock;
  let w: World;
  let app: FastifyInstance;
  let sms: RecordingSmsSender;
  let address = 0;
  /** A fresh client address per test, so that the per-address limit counts only that test's requests. */
  let ip = '127.0.0.1';

  const askCode = (mobile: string, from = ip, target = app) =>
    target.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { mobile }, remoteAddress: from });
  const smsLogin = (mobile: string, code: string, headers: Record<string, string> = {}, target = app) =>
    target.inject({
      method: 'POST',
      url: '/api/v1/auth/sms-login',
      payload: { mobile, code },
      remoteAddress: ip,
      headers,
    });
  const errorCode = (res: LightMyRequestResponse) => res.json<{ error: { code: string } }>().error.code;
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    w = await seedWorld(handle.db);
    const setMobile = (userId: string, mobile: string) =>
      handle.db
        .updateTable('users')
        .set({ mobile: TEST_PII.encrypt(mobile) })
        .where('id', '=', userId)
        .execute();
    await setMobile(w.actors.entA.userId, MOBILE_A);
    await setMobile(w.actors.entB.userId, MOBILE_B);
    // The rows were written without a blind index (as before this login existed): start-up fills it.
    expect(await refreshMobileLookups(handle.db, TEST_PII)).toBeGreaterThan(0);
    expect(await refreshMobileLookups(handle.db, TEST_PII)).toBe(0);
    sms = recordingSmsSender();
    app = await testApp(handle, clock, {
      smsCodeSender: sms,
      smsCodesPerAddressPerHour: 4,
      rateLimitPerMinute: 100_000,
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });
  const nextAddress = () => {
    address++;
    ip = `127.0.${Math.floor(address / 250)}.${(address % 250) + 1}`;
    // Each test starts an hour after the last, past every per-mobile window.
    clock.advance(3_601_000);
  };

  it('sends a code to an enterprise contact and signs in with it once', async () => {
    nextAddress();
    const asked = await askCode('+86 139-0000-0001');
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ resendAfterSeconds: 60, expiresInSeconds: 300 });
    const code = sms.lastCodeTo(MOBILE_A);
    expect(code).toMatch(/^\d{6}$/);

    const first = await smsLogin(MOBILE_A, code!);
    expect(first.statusCode).toBe(200);
    const body = first.json<{ token: string; expiresAt: string; user: Record<string, unknown> }>();
    expect(body.user).toMatchObject({ username: 'ta.entA', roles: ['enterprise'], enterpriseId: w.enterprises.a });
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(+clock.now());
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(me.json()).toMatchObject({ username: 'ta.entA' });

    const again = await smsLogin(MOBILE_A, code!);
    expect(again.statusCode).toBe(401);
    expect(errorCode(again)).toBe('AUTH_SMS_CODE_INVALID');
  });

  it('answers a mobile without an enterprise account exactly as one with, and sends it nothing', async () => {
    nextAddress();
    const before = sms.sent.length;
    const known = await askCode(MOBILE_B);
    const unknown = await askCode('13700000009');
    const staff = await askCode(STAFF_MOBILE);
    expect(sms.sent.length).toBe(before + 1);
    expect(sms.sent.at(-1)?.mobile).toBe(MOBILE_B);
    for (const other of [unknown, staff]) {
      expect(other.statusCode).toBe(known.statusCode);
      expect(other.body).toBe(known.body);
    }
    // No code signs in a mobile without an account, the guessed one included.
    const guessed = await smsLogin('13700000009', '000000');
    expect(guessed.statusCode).toBe(401);
    expect(errorCode(guessed)).toBe('AUTH_SMS_CODE_INVALID');
  });

  it('lets a code expire after five minutes', async () => {
    nextAddress();
    await askCode(MOBILE_A);
    const code = sms.lastCodeTo(MOBILE_A)!;
    clock.advance(SMS_LOGIN.codeMinutes * 60_000 + 1_000);
    const late = await smsLogin(MOBILE_A, code);
    expect(late.statusCode).toBe(401);
    expect(errorCode(late)).toBe('AUTH_SMS_CODE_INVALID');
  });

  it('signs in only with the newest code', async () => {
    nextAddress();
    await askCode(MOBILE_A);
    const older = sms.lastCodeTo(MOBILE_A)!;
    clock.advance(61_000);
    await askCode(MOBILE_A);
    const newer = sms.lastCodeTo(MOBILE_A)!;
    if (older !== newer) expect((await smsLogin(MOBILE_A, older)).statusCode).toBe(401);
    expect((await smsLogin(MOBILE_A, newer)).statusCode).toBe(200);
  });

  it('locks the mobile for fifteen minutes after five wrong codes, the right one included (429)', async () => {
    nextAddress();
    await askCode(MOBILE_B);
    const code = sms.lastCodeTo(MOBILE_B)!;
    for (let i = 0; i < SMS_LOGIN.maxFailures; i++) {
      const res = await smsLogin(MOBILE_B, wrong(code));
      expect(res.statusCode, `wrong code ${i + 1}`).toBe(401);
    }
    const locked = await smsLogin(MOBILE_B, code);
    expect(locked.statusCode).toBe(429);
    expect(errorCode(locked)).toBe('AUTH_SMS_CODE_LOCKED');
    expect(locked.json().error.message).toBe('验证码错误次数过多，该手机号已锁定，请 15 分钟后再试');
    expect(locked.headers['retry-after']).toBe('900');
    const english = await smsLogin(MOBILE_B, code, { 'accept-language': 'en-US' });
    expect(english.json().error.message).toBe('Too many wrong codes; this mobile is locked, try again in 15 minutes');
    // The password still works: the lock is the SMS login's.
    await loginAs(app, 'ta.entB', TEST_PASSWORD);

    clock.advance(SMS_LOGIN.lockMinutes * 60_000);
    await askCode(MOBILE_B);
    expect((await smsLogin(MOBILE_B, sms.lastCodeTo(MOBILE_B)!)).statusCode).toBe(200);
  });

  it('locks a mobile without an account after five wrong codes too', async () => {
    nextAddress();
    for (let i = 0; i < SMS_LOGIN.maxFailures; i++) {
      expect((await smsLogin('13700000008', '123456')).statusCode).toBe(401);
    }
    expect(errorCode(await smsLogin('13700000008', '123456'))).toBe('AUTH_SMS_CODE_LOCKED');
  });

  it('gives each mobile one code a minute and five an hour, saying how long to wait', async () => {
    nextAddress();
    expect((await askCode(MOBILE_A)).statusCode).toBe(202);
    const guards = () => handle.db.selectFrom('login_guards').selectAll().orderBy('key').execute();
    const before = await guards();
    clock.advance(20_000);
    const soon = await askCode(MOBILE_A, '127.9.9.1');
    expect(soon.statusCode).toBe(429);
    expect(errorCode(soon)).toBe('AUTH_SMS_CODE_TOO_OFTEN');
    expect(soon.json().error.message).toBe('获取验证码过于频繁，请 40 秒后再试');
    expect(soon.headers['retry-after']).toBe('40');
    // A refused request takes no place in any window (the other address's included).
    expect(await guards()).toEqual(before);
    for (let i = 2; i <= SMS_LOGIN.perMobilePerHour; i++) {
      clock.advance(61_000);
      expect((await askCode(MOBILE_A, `127.9.9.${i}`)).statusCode, `code ${i}`).toBe(202);
    }
    clock.advance(61_000);
    const sixth = await askCode(MOBILE_A, '127.9.9.9');
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBe(3600 - 20 - 5 * 61);
  });

  it('limits the codes one client address asks for in an hour, whatever the mobiles', async () => {
    nextAddress();
    const mobiles = ['13700000101', '13700000102', '13700000103', '13700000104', '13700000105'];
    const statuses = [];
    for (const mobile of mobiles) statuses.push((await askCode(mobile)).statusCode);
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
  });

  it('keeps codes only as keyed hashes, never the code or the number in clear', async () => {
    nextAddress();
    await askCode(MOBILE_A);
    const code = sms.lastCodeTo(MOBILE_A)!;
    const rows = await handle.db.selectFrom('sms_login_codes').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(MOBILE_A);
    for (const row of rows) {
      expect(row.code_hash).toMatch(/^test1:[0-9a-f]{64}$/);
      expect(row.mobile_key).toMatch(/^test1:[0-9a-f]{64}$/);
    }
    expect(rows.some((r) => r.code_hash.includes(code))).toBe(false);
  });

  it('finds a contact the admin adds with a mobile', async () => {
    nextAddress();
    const admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    const created = await admin.post('/api/v1/users', {
      username: 'ta.sms.new',
      name: '新联系人',
      password: 'New@2026pw',
      roles: ['enterprise'],
      enterpriseId: w.enterprises.b,
      mobile: '13900000077',
    });
    expect(created.statusCode).toBe(201);
    await askCode('13900000077');
    const res = await smsLogin('13900000077', sms.lastCodeTo('13900000077')!);
    expect(res.json()).toMatchObject({ user: { username: 'ta.sms.new' } });
  });

  it('sends no code to a mobile two contacts share', async () => {
    nextAddress();
    await handle.db
      .updateTable('users')
      .set({
        mobile: TEST_PII.encrypt('13900000055'),
        mobile_lookup: TEST_PII.lookupDigest('mobile-lookup', '13900000055'),
      })
      .where('id', 'in', [w.actors.entA.userId, w.actors.entB.userId])
      .execute();
    const before = sms.sent.length;
    expect((await askCode('13900000055')).statusCode).toBe(202);
    expect(sms.sent.length).toBe(before);
    await handle.db
      .updateTable('users')
      .set({ mobile: TEST_PII.encrypt(MOBILE_A), mobile_lookup: null })
      .where('id', '=', w.actors.entA.userId)
      .execute();
    await handle.db
      .updateTable('users')
      .set({ mobile: TEST_PII.encrypt(MOBILE_B), mobile_lookup: null })
      .where('id', '=', w.actors.entB.userId)
      .execute();
    await refreshMobileLookups(handle.db, TEST_PII);
  });

  it('answers 403 on both routes where SMS is off', async () => {
    const off = await testApp(handle, clock, { smsCodeSender: null });
    try {
      const asked = await askCode(MOBILE_A, '127.8.8.8', off);
      expect(asked.statusCode).toBe(403);
      expect(errorCode(asked)).toBe('AUTH_SMS_LOGIN_DISABLED');
      expect((await smsLogin(MOBILE_A, '123456', {}, off)).statusCode).toBe(403);
    } finally {
      await off.close();
    }
  });

  it('sends the code through Alibaba Cloud (a local fake), which is what signs in', async () => {
    nextAddress();
    const keys = { accessKeyId: 'LTAI-login', accessKeySecret: 'login-secret' };
    const gateway = await startFakeAliyunSms(keys);
    const sender = aliyunSmsCodeSender({
      ...keys,
      signName: '测试甲县营商办',
      endpoint: gateway.url,
      templateCode: 'SMS_GENERAL',
      contentParam: 'content',
      templates: {},
      codeTemplate: 'SMS_LOGIN_CODE',
    });
    const viaGateway = await testApp(handle, clock, { smsCodeSender: sender });
    try {
      expect((await askCode(MOBILE_A, ip, viaGateway)).statusCode).toBe(202);
      const message = await eventually(() => gateway.sent.find((m) => m.phoneNumbers === MOBILE_A));
      expect(message.templateCode).toBe('SMS_LOGIN_CODE');
      expect(gateway.badSignatures).toBe(0);
      const res = await smsLogin(MOBILE_A, message.templateParam['code'] ?? '', {}, viaGateway);
      expect(res.statusCode).toBe(200);
    } finally {
      await viaGateway.close();
      await gateway.close();
    }
  });

  it('writes the code to the development log readable, the number masked', async () => {
    nextAddress();
    const dir = mkdtempSync(join(tmpdir(), 'qisu-sms-dev-'));
    const logPath = join(dir, 'outbox.log');
    const dev = await testApp(handle, clock, { smsCodeSender: devLogCodeSender(logPath) });
    try {
      await askCode(MOBILE_A, ip, dev);
      const line = await eventually(() => {
        try {
          return JSON.parse(readFileSync(logPath, 'utf8').trim()) as { to: string; code: string };
        } catch {
          return undefined;
        }
      });
      expect(line.to).toBe('139****0001');
      expect(readFileSync(logPath, 'utf8')).not.toContain(MOBILE_A);
      expect((await smsLogin(MOBILE_A, line.code, {}, dev)).statusCode).toBe(200);
    } finally {
      await dev.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
