import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Transaction } from 'kysely';
import type { NotificationChannel, NotificationTextKey } from '@qisu/core';
import { maskMobile, maskOpenid } from '@qisu/core';
import type { Database } from '../db/schema.js';
import type { Env } from '../env.js';
import { storeNotifications } from '../notifications/notifications.service.js';
import type { AliyunSmsConfig } from './aliyun-sms.js';
import { aliyunSmsCodeSender, aliyunSmsProvider } from './aliyun-sms.js';
import type { WechatOfficialConfig } from './wechat-official.js';
import { WECHAT_DEFAULT_FIELDS, wechatOfficialProvider } from './wechat-official.js';

/** One message of one outbox row to one user on one channel. */
export interface ChannelMessage {
  outboxId: number;
  userId: string;
  /** The whole number, decrypted for SMS and WeChat; null for in-app or a user without one. */
  mobile: string | null;
  /** The user's openid under the platform's WeChat official account; null when they have none. */
  wechatOpenid: string | null;
  topic: string;
  caseId: string | null;
  /** The policy (and application) a notice of the policy supermarket names; absent otherwise. */
  policyId?: string | null;
  policyApplicationId?: string | null;
  /** The bell's title in both languages. */
  titleZh: string;
  titleEn: string;
  /** The catalogue text (`caseReplied` …), for gateways that keep one approved template per text. */
  textKey: NotificationTextKey;
  /** Its parameters: `number`, `title` (the case's), `due`, `until`, `size`. */
  params: Readonly<Record<string, string>>;
  /** The zh-CN text that leaves by SMS or WeChat: the jurisdiction's template, filled. */
  text: string;
  at: Date;
}

/**
 * A way to reach people. The dispatcher calls `send` once per user of a row, inside the
 * transaction that holds the row's lock, and records the delivery after it returns, so a retry
 * of the row skips it. `send` throws when the message did not go; the row is then retried with
 * back-off. A provider that leaves the database (SMS, WeChat) may send twice only if the process
 * dies between its send and the commit.
 */
export interface ChannelProvider {
  readonly channel: NotificationChannel;
  send(trx: Transaction<Database>, message: ChannelMessage): Promise<void>;
}

/** The console's bell: one stored notification per user and row. */
export const inAppProvider: ChannelProvider = {
  channel: 'inApp',
  send: async (trx, m) => {
    await storeNotifications(trx, [
      {
        userId: m.userId,
        outboxId: m.outboxId,
        type: m.topic,
        caseId: m.caseId,
        policyId: m.policyId ?? null,
        policyApplicationId: m.policyApplicationId ?? null,
        titleZh: m.titleZh,
        titleEn: m.titleEn,
        at: m.at,
      },
    ]);
  },
};

/**
 * The development provider of SMS or WeChat template messages: appends one JSON line per message
 * to a log file instead of sending, with the jurisdiction's text and the mobile number (or the
 * openid) masked (138****1234). Appends are atomic for lines this short, so several processes may
 * share the file.
 */
export function devLogProvider(channel: 'sms' | 'wechat', logPath: string): ChannelProvider {
  let ready: Promise<unknown> | undefined;
  return {
    channel,
    send: async (_trx, m) => {
      ready ??= mkdir(dirname(logPath), { recursive: true });
      await ready;
      const line = {
        at: m.at.toISOString(),
        channel,
        to: channel === 'wechat' && m.wechatOpenid ? maskOpenid(m.wechatOpenid) : maskMobile(m.mobile),
        userId: m.userId,
        topic: m.topic,
        caseId: m.caseId,
        text: m.text,
        outboxId: m.outboxId,
      };
      await appendFile(logPath, `${JSON.stringify(line)}\n`, 'utf8');
    },
  };
}

/**
 * Sends the login code of the SMS login (not through the outbox: the code is needed within
 * seconds and is never stored in clear). Resolves once the gateway took it; throws when not.
 */
export interface SmsCodeSender {
  sendLoginCode(mobile: string, code: string, at: Date): Promise<void>;
}

/**
 * The development sender of login codes: one JSON line per code in the log file, the number
 * masked and the code readable, so that a developer can sign in without a gateway.
 */
export function devLogCodeSender(logPath: string): SmsCodeSender {
  let ready: Promise<unknown> | undefined;
  return {
    sendLoginCode: async (mobile, code, at) => {
      ready ??= mkdir(dirname(logPath), { recursive: true });
      await ready;
      const line = { at: at.toISOString(), channel: 'sms', to: maskMobile(mobile), topic: 'auth.sms_code', code };
      await appendFile(logPath, `${JSON.stringify(line)}\n`, 'utf8');
    },
  };
}

/**
 * Which provider each external channel uses: `off` sends nothing on that channel, `dev` writes
 * to the log, `aliyun` and `official-account` send for real with their settings.
 */
export interface ChannelConfig {
  sms: 'dev' | 'off' | 'aliyun';
  wechat: 'dev' | 'off' | 'official-account';
  /** The development providers' log file, e.g. `QISU_DATA_DIR/outbox.log`. */
  logPath: string;
  /** Required when `sms` is `aliyun`. */
  aliyun?: AliyunSmsConfig;
  /** Required when `wechat` is `official-account`. */
  wechatOfficial?: WechatOfficialConfig;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not configured`);
  return value;
}

/** The providers of a configuration: in-app always, SMS and WeChat as configured. */
export function channelProviders(config: ChannelConfig): ChannelProvider[] {
  const providers: ChannelProvider[] = [inAppProvider];
  if (config.sms === 'dev') providers.push(devLogProvider('sms', config.logPath));
  if (config.sms === 'aliyun') providers.push(aliyunSmsProvider(required(config.aliyun, 'aliyun SMS')));
  if (config.wechat === 'dev') providers.push(devLogProvider('wechat', config.logPath));
  if (config.wechat === 'official-account') {
    providers.push(wechatOfficialProvider(required(config.wechatOfficial, 'WeChat official account')));
  }
  return providers;
}

/**
 * Who sends login codes under a configuration: the log in `dev`, Alibaba Cloud's code template
 * under `aliyun` (null when none is configured), nobody when SMS is `off` — the SMS login is then
 * not offered.
 */
export function smsCodeSender(config: ChannelConfig): SmsCodeSender | null {
  switch (config.sms) {
    case 'dev':
      return devLogCodeSender(config.logPath);
    case 'aliyun':
      return aliyunSmsCodeSender(required(config.aliyun, 'aliyun SMS'));
    case 'off':
      return null;
  }
}

/**
 * The channel configuration of the validated environment (env.ts has checked that what the chosen
 * providers need is set). The log file lives in the data folder.
 */
export function channelConfigOf(env: Env, logPath: string): ChannelConfig {
  const config: ChannelConfig = { sms: env.QISU_SMS_PROVIDER, wechat: env.QISU_WECHAT_PROVIDER, logPath };
  if (env.QISU_SMS_PROVIDER === 'aliyun') {
    config.aliyun = {
      accessKeyId: env.QISU_SMS_ALIYUN_ACCESS_KEY_ID ?? '',
      accessKeySecret: env.QISU_SMS_ALIYUN_ACCESS_KEY_SECRET ?? '',
      signName: env.QISU_SMS_ALIYUN_SIGN_NAME ?? '',
      endpoint: env.QISU_SMS_ALIYUN_ENDPOINT,
      templateCode: env.QISU_SMS_ALIYUN_TEMPLATE_CODE ?? null,
      contentParam: env.QISU_SMS_ALIYUN_TEMPLATE_PARAM,
      templates: env.QISU_SMS_ALIYUN_TEMPLATES,
      codeTemplate: env.QISU_SMS_ALIYUN_CODE_TEMPLATE ?? null,
    };
  }
  if (env.QISU_WECHAT_PROVIDER === 'official-account') {
    const fields = env.QISU_WECHAT_TEMPLATE_FIELDS;
    config.wechatOfficial = {
      appId: env.QISU_WECHAT_APP_ID ?? '',
      appSecret: env.QISU_WECHAT_APP_SECRET ?? '',
      apiBase: env.QISU_WECHAT_API_BASE,
      templateId: env.QISU_WECHAT_TEMPLATE_ID ?? null,
      templates: env.QISU_WECHAT_TEMPLATES,
      fields: Object.keys(fields).length > 0 ? fields : WECHAT_DEFAULT_FIELDS,
      publicUrl: env.QISU_PUBLIC_URL ?? null,
    };
  }
  return config;
}
