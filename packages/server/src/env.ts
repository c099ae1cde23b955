import { z } from 'zod';
import { parsePiiKeys } from './pii/pii.keyring.js';

/**
 * The only place that reads `process.env`. Every variable is validated once at boot; a bad
 * value stops the process with a message naming it.
 */
const EnvSchema = z.object({
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
  /** Trust X-Forwarded-For from a reverse proxy; off by default so clients cannot choose their address. */
  QISU_TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /**
   * How often each server process sends the clock sweep job; 0 means this process runs no
   * background work at all (no sweep, hotspots or outbox delivery; it only serves requests).
   */
  QISU_SWEEP_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Who sends SMS: `dev` appends them to QISU_DATA_DIR/outbox.log; `off` sends none. */
  QISU_SMS_PROVIDER: z.enum(['dev', 'off']).default('dev'),
  /** Who sends WeChat template messages: `dev` appends them to QISU_DATA_DIR/outbox.log; `off` sends none. */
  QISU_WECHAT_PROVIDER: z.enum(['dev', 'off']).default('dev'),
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
