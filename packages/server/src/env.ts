import { z } from 'zod';
import { NOTIFICATION_TEXT_KEYS } from '@qisu/core';
import { parsePiiKeys } from './pii/pii.keyring.js';

/** An optional setting: unset and the empty string are the same. */
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).optional());

/**
 * `name=value` pairs separated by commas (`caseReplied=SMS_1,caseDispatched=SMS_2`) whose names
 * must be among `names`; read into an object. Empty or unset: no pairs.
 */
function pairs<V extends string>(names: readonly string[], what: string, values?: readonly V[]) {
  return z.preprocess(
    (v) => (v === undefined ? '' : v),
    z.string().transform((text, ctx) => {
      const out: Record<string, V> = {};
      for (const item of text
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [name = '', value = ''] = item.split('=').map((p) => p.trim());
        if (names.length > 0 && !names.includes(name)) {
          ctx.addIssue({ code: 'custom', message: `unknown ${what} “${name}”; expected one of ${names.join(', ')}` });
        } else if (!/^[A-Za-z0-9_-]{1,128}$/.test(name) || value === '') {
          ctx.addIssue({ code: 'custom', message: `expected name=value pairs separated by commas, got “${item}”` });
        } else if (values && !(values as readonly string[]).includes(value)) {
          ctx.addIssue({ code: 'custom', message: `${name}: expected one of ${values.join(', ')}` });
        } else {
          out[name] = value as V;
        }
      }
      return out;
    }),
  );
}

/**
 * The only place that reads `process.env`. Every variable is validated once at boot; a bad
 * value stops the process with a message naming it.
 */
const EnvFields = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on; unset, 127.0.0.1 while demo accounts exist, else every interface. */
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  QISU_DATA_DIR: z.string().default('./data'),
  QISU_DEMO: z.enum(['0', '1']).default('1'),
  QISU_DEMO_PASSWORD: z.string().min(8).default('Qisu@2026'),
  QISU_TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  QISU_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(3000),
  QISU_LOGIN_FAILURES_PER_IP: z.coerce.number().int().positive().default(30),
  QISU_CORS_ORIGINS: z.string().default(''),
  QISU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  QISU_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** Largest attachment file accepted, in bytes (the JSON body limit does not apply to uploads). */
  QISU_ATTACHMENT_MAX_BYTES: z.coerce.number().int().positive().default(10_485_760),
  /**
   * Whether the fetch of files that platforms send as links (intake `attachments`, Open311
   * `media_url`) may reach this machine and private, loopback or link-local addresses. Off by
   * default, so that a link cannot make the server probe its own network.
   */
  QISU_FETCH_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /** Trust X-Forwarded-For from a reverse proxy; off by default so clients cannot choose their address. */
  QISU_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /**
   * How often each server process sends the clock sweep job; 0 means this process runs no
   * background work at all (no sweep, hotspots or outbox delivery; it only serves requests).
   */
  QISU_SWEEP_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /**
   * Who sends SMS (notifications and login codes): `dev` appends them to QISU_DATA_DIR/outbox.log
   * (login codes readable), `aliyun` sends through Alibaba Cloud SMS (QISU_SMS_ALIYUN_*), `off`
   * sends none and offers no login by SMS code.
   */
  QISU_SMS_PROVIDER: z.enum(['dev', 'off', 'aliyun']).default('dev'),
  QISU_SMS_ALIYUN_ACCESS_KEY_ID: optionalText,
  QISU_SMS_ALIYUN_ACCESS_KEY_SECRET: optionalText,
  /** The approved signature (签名), without 【】. */
  QISU_SMS_ALIYUN_SIGN_NAME: optionalText,
  /** The general template (one parameter carrying the whole text); needed unless every text has its own. */
  QISU_SMS_ALIYUN_TEMPLATE_CODE: optionalText,
  /** The name of the general template's parameter. */
  QISU_SMS_ALIYUN_TEMPLATE_PARAM: z
    .string()
    .regex(/^\w{1,32}$/)
    .default('content'),
  /** Templates per catalogue text, `caseReplied=SMS_1,caseDispatched=SMS_2`, given `number` and `title`. */
  QISU_SMS_ALIYUN_TEMPLATES: pairs(NOTIFICATION_TEXT_KEYS, 'text'),
  /** The verification-code template (parameter `code`) of the login by SMS code; unset: no such login. */
  QISU_SMS_ALIYUN_CODE_TEMPLATE: optionalText,
  /** The API's address; `http://127.0.0.1:<port>` points it at a local fake. */
  QISU_SMS_ALIYUN_ENDPOINT: z.url().default('https://dysmsapi.aliyuncs.com'),
  /** Login codes one client address may ask for in an hour (each mobile: one a minute, five an hour). */
  QISU_SMS_CODES_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(20),
  /**
   * Who sends WeChat template messages: `dev` appends them to QISU_DATA_DIR/outbox.log,
   * `official-account` sends through the platform's official account (QISU_WECHAT_*), `off` sends none.
   */
  QISU_WECHAT_PROVIDER: z.enum(['dev', 'off', 'official-account']).default('dev'),
  QISU_WECHAT_APP_ID: optionalText,
  QISU_WECHAT_APP_SECRET: optionalText,
  /** The template used for every text without its own. */
  QISU_WECHAT_TEMPLATE_ID: optionalText,
  /** Templates per catalogue text, `caseReplied=<template id>,…`. */
  QISU_WECHAT_TEMPLATES: pairs(NOTIFICATION_TEXT_KEYS, 'text'),
  /** The templates' data fields, `first=text,keyword1=number,keyword2=title,keyword3=time` by default. */
  QISU_WECHAT_TEMPLATE_FIELDS: pairs([], 'field', ['text', 'number', 'title', 'time'] as const),
  /** The API's address; `http://127.0.0.1:<port>` points it at a local fake. */
  QISU_WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  /** The platform's public address (`https://qisu.example.gov.cn`), for links in WeChat messages. */
  QISU_PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  /**
   * Keys that encrypt mobiles and ID numbers at rest: `<id>:<base64 of 32 bytes>`, comma-separated,
   * the first encrypting new values and all decrypting. Unset: the embedded database keeps a key
   * file in QISU_DATA_DIR; with DATABASE_URL the process refuses to start (see `piiKeyring`).
   */
  QISU_PII_KEYS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .optional()
      .superRefine((v, ctx) => {
        if (v === undefined) return;
        try {
          parsePiiKeys(v);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        }
      }),
  ),
});

/** Settings that depend on each other: what a real SMS or WeChat provider needs. */
const EnvSchema = EnvFields.superRefine((env, ctx) => {
  const need = (names: readonly (keyof typeof env)[], when: string) => {
    for (const name of names) {
      if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `required when ${when}` });
    }
  };
  if (env.QISU_SMS_PROVIDER === 'aliyun') {
    const when = 'QISU_SMS_PROVIDER=aliyun';
    need(['QISU_SMS_ALIYUN_ACCESS_KEY_ID', 'QISU_SMS_ALIYUN_ACCESS_KEY_SECRET', 'QISU_SMS_ALIYUN_SIGN_NAME'], when);
    const covered = NOTIFICATION_TEXT_KEYS.every((k) => env.QISU_SMS_ALIYUN_TEMPLATES[k] !== undefined);
    if (!covered) need(['QISU_SMS_ALIYUN_TEMPLATE_CODE'], `${when} and QISU_SMS_ALIYUN_TEMPLATES leaves a text out`);
  }
  if (env.QISU_WECHAT_PROVIDER === 'official-account') {
    const when = 'QISU_WECHAT_PROVIDER=official-account';
    need(['QISU_WECHAT_APP_ID', 'QISU_WECHAT_APP_SECRET'], when);
    const covered = NOTIFICATION_TEXT_KEYS.every((k) => env.QISU_WECHAT_TEMPLATES[k] !== undefined);
    if (!covered) need(['QISU_WECHAT_TEMPLATE_ID'], `${when} and QISU_WECHAT_TEMPLATES leaves a text out`);
  }
});

export type Env = z.infer<typeof EnvSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置无效 / Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Test database URL, read here so that test helpers too avoid `process.env`. */
export function testDatabaseUrl(source: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = source['TEST_DATABASE_URL'];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The PostgreSQL server the benchmark may use: QISU_BENCH_DATABASE_URL, else DATABASE_URL, else
 * the local default. The benchmark creates and drops its own database there.
 */
export function benchDatabaseUrl(source: NodeJS.ProcessEnv = process.env): string {
  return source['QISU_BENCH_DATABASE_URL'] || source['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
}
