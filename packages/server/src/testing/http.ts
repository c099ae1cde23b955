import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { AppOptions } from '../http/app.js';
import { buildApp } from '../http/app.js';
import { TEST_PII } from './pii.js';
import { recordingSmsSender } from './sms.js';

/**
 * An in-process app over a test database; requests go through `inject`, never the network. The
 * login by SMS code is on, its codes kept by a recording sender unless `smsCodeSender` says otherwise.
 */
export async function testApp(handle: Db, clock: Clock, options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const app = await buildApp({
    deps: { db: handle.db, clock, pii: TEST_PII },
    engine: handle.engine,
    version: 'test',
    logLevel: 'silent',
    smsCodeSender: recordingSmsSender(),
    ...options,
  });
  await app.ready();
  return app;
}

export interface Client {
  token: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Logs in through the API and returns a client that sends the bearer token. */
export async function loginAs(app: FastifyInstance, username: string, password: string): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const token = res.json<{ token: string }>().token;
  const auth = { authorization: `Bearer ${token}` };
  return {
    token,
    get: (url, headers = {}) => app.inject({ method: 'GET', url, headers: { ...auth, ...headers } }),
    post: (url, body, headers = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: { ...auth, ...headers },
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      }),
  };
}
