import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { loopbackUrl, newLocalToken, publishLocalServer } from './backup/backup.local.js';
import { systemClock } from './clock.js';
import type { Db } from './db/database.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { hasDemoAccounts, seedDemo } from './demo/demo.service.js';
import type { Env } from './env.js';
import { buildApp } from './http/app.js';
import { startBackgroundJobs } from './jobs/jobs.service.js';
import { channelConfigOf, channelProviders, smsCodeSender } from './outbox/channels.js';
import { VERSION } from './version.js';
import { backfillFingerprints } from './triage/fingerprints.service.js';
import { preparePii } from './pii/pii.service.js';
import { attachmentFetchConfigOf } from './intake/attachment-fetches.service.js';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  stop(): Promise<void>;
}

/**
 * The address to listen on: `HOST` when set; otherwise only this machine while demo accounts
 * with their published password exist, and every interface when they do not.
 */
export function listenHost(host: string | undefined, demoAccounts: boolean): string {
  return host ?? (demoAccounts ? '127.0.0.1' : '0.0.0.0');
}

/** Logs to stderr in both languages; used before the HTTP logger exists. */
export type Say = (message: string) => void;

/**
 * Opens the database, applies migrations, takes the personal-data keys and encrypts what is
 * still stored in plain text, loads the demo into an empty database when `QISU_DEMO` is not 0,
 * and serves the API. Returns once it listens.
 */
export async function startServer(env: Env, say: Say = (m) => process.stderr.write(`${m}\n`)): Promise<RunningServer> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
  try {
    const applied = await migrateToLatest(db.db);
    if (applied.length > 0) say(`已应用数据库迁移 / migrations applied: ${applied.join(', ')}`);
    const pii = await preparePii(
      db.db,
      { keys: env.QISU_PII_KEYS, databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR },
      say,
    );
    const fingerprinted = await backfillFingerprints(db.db);
    if (fingerprinted > 0) say(`已为 ${fingerprinted} 件诉求建立文本指纹 / fingerprinted ${fingerprinted} cases`);
    if (env.QISU_DEMO === '1') {
      const any = await db.db.selectFrom('jurisdictions').select('id').limit(1).execute();
      if (any.length === 0) {
        say('正在加载演示数据 / loading demo data …');
        const report = await seedDemo(
          { db: db.db, pii },
          {
            password: env.QISU_DEMO_PASSWORD,
            onProgress: (m) => say(`  · ${m}`),
          },
        );
        say(
          `演示数据已加载 / demo data loaded: ${report.jurisdictions} jurisdictions, ${report.users} users, ` +
            `${report.enterprises} enterprises, ${report.cases} cases`,
        );
      }
    }
    // An embedded database is this process's alone; the CLI backs it up by asking (backup.local.ts).
    const localToken = db.engine === 'pglite' && !env.QISU_DATA_DIR.startsWith('memory://') ? newLocalToken() : null;
    const channels = channelConfigOf(env, join(env.QISU_DATA_DIR, 'outbox.log'));
    const app = await buildApp({
      deps: { db: db.db, clock: systemClock, pii },
      engine: db.engine,
      version: VERSION,
      logLevel: env.QISU_LOG_LEVEL,
      rateLimitPerMinute: env.QISU_RATE_LIMIT_PER_MINUTE,
      loginFailuresPerIp: env.QISU_LOGIN_FAILURES_PER_IP,
      corsOrigins: env.QISU_CORS_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      bodyLimitBytes: env.QISU_BODY_LIMIT_BYTES,
      storageDir: env.QISU_DATA_DIR,
      attachmentMaxBytes: env.QISU_ATTACHMENT_MAX_BYTES,
      ...(env.QISU_PUBLIC_URL ? { publicUrl: env.QISU_PUBLIC_URL } : {}),
      tokenTtlHours: env.QISU_TOKEN_TTL_HOURS,
      trustProxy: env.QISU_TRUST_PROXY === '1',
      smsCodeSender: smsCodeSender(channels),
      smsCodesPerAddressPerHour: env.QISU_SMS_CODES_PER_IP_PER_HOUR,
      ...(localToken ? { localBackup: { token: localToken, dataDir: env.QISU_DATA_DIR } } : {}),
    });
    const demoAccounts = await hasDemoAccounts(db.db);
    const host = listenHost(env.HOST, demoAccounts);
    if (demoAccounts && env.HOST === undefined) {
      say(
        '含演示账号（密码公开），仅在本机 127.0.0.1 监听；如需对外服务，请设置 HOST 并删除或改密演示账号 / ' +
          'demo accounts (published password) present: listening on 127.0.0.1 only; set HOST to serve other machines',
      );
    }
    const url = await app.listen({ port: env.PORT, host });
    const unpublish = localToken
      ? await publishLocalServer(env.QISU_DATA_DIR, {
          pid: process.pid,
          url: loopbackUrl(host, (app.server.address() as AddressInfo).port),
          token: localToken,
        })
      : null;
    const jobs = await startBackgroundJobs(
      { db: db.db, clock: systemClock, pii },
      {
        sweepSeconds: env.QISU_SWEEP_SECONDS,
        providers: channelProviders(channels),
        attachmentFetch: attachmentFetchConfigOf(env),
        onError: (error, job) => app.log.error({ err: error, job }, 'background job failed'),
      },
    ).catch(async (error: unknown) => {
      await unpublish?.();
      await app.close();
      throw error;
    });
    say(`qisu ${VERSION} 已启动 / listening at ${url} (${db.engine})`);
    return {
      app,
      db,
      url,
      stop: async () => {
        await unpublish?.();
        await jobs.stop();
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
