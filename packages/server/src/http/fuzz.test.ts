import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { FuzzRequest, Operation } from '../testing/fuzz.js';
import { ChangeWatch, multipartBodies, operationsOf, requestsOf, UnsupportedSchema } from '../testing/fuzz.js';
import type { FuzzActor, FuzzWorld } from '../testing/fuzz-world.js';
import { FUZZ_ACTORS, seedFuzzWorld } from '../testing/fuzz-world.js';
import { buildApp } from './app.js';
import { TEST_PII } from '../testing/pii.js';
import { recordingSmsSender } from '../testing/sms.js';

/** Fixed, so that a failure is reproduced by running the test again. */
const SEED = 1616;
/** Requests generated per route and engine; raise it locally for a longer hunt. */
const RUNS_PER_ROUTE = 32;
/** The largest attachment the fuzzed app accepts, small so that "too large" is cheap to send. */
const ATTACHMENT_MAX_BYTES = 64 * 1024;

/**
 * Routes whose body is multipart (the document names no body for them). They get the light
 * generator of `multipartBodies` — good and broken forms with these text fields — instead of
 * schema-derived JSON; path, query, content type and credentials are fuzzed as for every route.
 */
const MULTIPART_ROUTES: Record<string, readonly string[]> = {
  'POST /api/v1/cases/{id}/attachments': [],
  'POST /api/v1/policies/import': ['title', 'docNumber', 'issuer'],
  'POST /api/v1/imports/enterprises': [],
  'POST /api/v1/imports/cases': [],
};

/** Writes a refusal is meant to make, and why; every other 4xx must leave every table as it was. */
const WRITES_ON_REFUSAL: Record<string, { status: number; tables: readonly string[]; why: string }> = {
  'POST /api/v1/auth/login': {
    status: 401,
    tables: ['users', 'login_guards'],
    why:
      'every attempt is counted toward the lockout of its name (on users for an account, in login_guards ' +
      'for a name with none) and toward its client address (login_guards)',
  },
  'POST /api/v1/auth/sms-login': {
    status: 401,
    tables: ['login_guards'],
    why: 'every attempt is counted toward the lock of its mobile and toward its client address (login_guards)',
  },
};

/**
 * Routes whose success starts work that writes after the answer (a retraining in the background):
 * the run waits for that work before the next request, so that its writes are not taken for a
 * refusal's.
 */
const AFTER_SUCCESS: Record<string, (fw: FuzzWorld) => Promise<void>> = {
  'POST /api/v1/triage/models': async (fw) => {
    for (let attempt = 0; attempt < 1200; attempt++) {
      const res = await fw.sessions.admin.get('/api/v1/triage/models');
      if (res.json<{ retraining?: { finishedAt: string | null } }>().retraining?.finishedAt) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the retraining started by the fuzzer did not finish');
  },
};

/** Whether a body is GeoReport v2's error list of this status, as JSON or as XML. */
function isOpen311Refusal(body: string, status: number): boolean {
  if (body.startsWith('<?xml')) {
    return new RegExp(
      `^<\\?xml[^>]*\\?><errors><error><code>${status}</code><description>[^<]+</description></error></errors>$`,
    ).test(body);
  }
  try {
    const list = JSON.parse(body) as { code?: unknown; description?: unknown }[];
    return (
      Array.isArray(list) && list.length === 1 && list[0]?.code === status && typeof list[0]?.description === 'string'
    );
  } catch {
    return false;
  }
}

/** A stable number per route, so that adding a route leaves the other routes' requests as they were. */
const routeSeed = (key: string) => [...key].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED);

const excerpt = (text: string | Buffer | undefined, max = 160) => {
  const s = text === undefined ? '' : typeof text === 'string' ? text : `<${text.length} bytes>`;
  return s.length > max ? `${JSON.stringify(s.slice(0, max))}…(${s.length})` : JSON.stringify(s);
};

describe.each(ENGINES)('fuzzing every route from its schema on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let fw: FuzzWorld;
  let dataDir: string;
  let operations: Operation[];
  let problems: string[];
  /** The error behind each 5xx, by request id, for the report. */
  const errors = new Map<string, string>();

  beforeAll(async () => {
    handle = await engine.open();
    dataDir = mkdtempSync(join(tmpdir(), 'qisu-fuzz-'));
    const clock = new ManualClock('2026-11-02T01:00:00Z');
    app = await buildApp({
      deps: { db: handle.db, clock, pii: TEST_PII },
      engine: handle.engine,
      version: 'test',
      logLevel: 'silent',
      rateLimitPerMinute: 1_000_000_000,
      loginFailuresPerIp: 1_000_000_000,
      storageDir: dataDir,
      attachmentMaxBytes: ATTACHMENT_MAX_BYTES,
      webRoot: null,
      smsCodeSender: recordingSmsSender(),
    });
    app.addHook('onError', async (request, _reply, error) => {
      errors.set(
        request.id,
        String(error.stack ?? error)
          .split('\n')
          .slice(0, 4)
          .join(' | '),
      );
    });
    await app.ready();
    fw = await seedFuzzWorld({ db: handle.db, clock, pii: TEST_PII }, app, dataDir);
    ({ operations, problems } = operationsOf(app.swagger() as Parameters<typeof operationsOf>[0]));
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('derives requests for every route of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(80);
    const unhandled = [...problems];
    for (const op of operations) {
      try {
        requestsOf(op, fw.context, { actors: Object.keys(FUZZ_ACTORS) });
      } catch (error) {
        if (!(error instanceof UnsupportedSchema)) throw error;
        unhandled.push(error.message);
      }
    }
    const multipartKeys = Object.keys(MULTIPART_ROUTES);
    expect(multipartKeys.filter((key) => !operations.some((op) => op.key === key))).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  it('answers no 5xx, every 4xx as {"error":{"code","message"}}, and no 4xx changes a row', async () => {
    const watch = await ChangeWatch.start(handle.db);
    const statuses = new Map<number, number>();
    const modes = new Map<string, number>();
    const failures = new Map<string, string>();
    const handled = new Map<string, number>();
    const succeeded = new Set<string>();
    let sent = 0;

    const send = async (req: FuzzRequest) => {
      const headers: Record<string, string> = {};
      if (req.auth.kind === 'actor')
        headers['authorization'] = `Bearer ${fw.sessions[req.auth.actor as FuzzActor].token}`;
      if (req.auth.kind === 'header') headers['authorization'] = req.auth.value;
      if (req.lang) headers['accept-language'] = req.lang;
      if (req.body?.contentType) headers['content-type'] = req.body.contentType;
      return app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers,
        ...(req.body ? { payload: req.body.text } : {}),
      });
    };

    for (const op of operations) {
      const multipart = MULTIPART_ROUTES[op.key];
      const arbitrary = requestsOf(op, fw.context, {
        actors: Object.keys(FUZZ_ACTORS),
        ...(multipart ? { bodies: multipartBodies(multipart, ATTACHMENT_MAX_BYTES + 1) } : {}),
      });
      for (const req of fc.sample(arbitrary, { seed: routeSeed(op.key), numRuns: RUNS_PER_ROUTE })) {
        const res = await send(req);
        sent++;
        const status = res.statusCode;
        if (status < 300) succeeded.add(op.key);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const family = req.mode.split(':').slice(0, 2).join(':');
        modes.set(family, (modes.get(family) ?? 0) + 1);
        const who = req.auth.kind === 'actor' ? req.auth.actor : req.auth.kind;
        const report = (what: string) => {
          const key = `${op.key} ${req.mode} ${what}`;
          if (!failures.has(key)) {
            const cause = errors.get(String(res.headers['x-request-id'])) ?? '';
            failures.set(
              key,
              `${op.key} [${req.mode}] as ${who}: ${what} — ${req.method} ${excerpt(req.url)} ` +
                `body=${excerpt(req.body?.text)} → ${excerpt(res.body, 200)} ${cause}`,
            );
          }
        };

        let code: unknown;
        if (status >= 500) report(`status ${status}`);
        if (status >= 400 && status < 500 && op.path.startsWith('/open311/')) {
          // GeoReport v2 refuses in its own shape: [{"code","description"}], or <errors><error> as XML.
          if (!isOpen311Refusal(res.body, status)) report(`status ${status} without GeoReport v2's error list`);
          code = status === 400 ? 'VALIDATION_FAILED' : `OPEN311_${status}`;
        } else if (status >= 400 && status < 500) {
          try {
            const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
            code = body.error?.code;
            const message = body.error?.message;
            if (typeof code !== 'string' || typeof message !== 'string' || message === '') {
              report(`status ${status} without {"error":{"code","message"}}`);
            }
          } catch {
            report(`status ${status} with a body that is not JSON`);
          }
        }
        if (status < 400 || !['VALIDATION_FAILED', 'AUTH_REQUIRED', 'AUTH_TOKEN_INVALID'].includes(String(code))) {
          handled.set(op.key, (handled.get(op.key) ?? 0) + 1);
        }

        if (status < 300) await AFTER_SUCCESS[op.key]?.(fw);
        const changed = await watch.changes();
        if (status >= 400) {
          const designed = WRITES_ON_REFUSAL[op.key];
          const allowed = designed?.status === status ? designed.tables : [];
          const unexpected = changed.filter((t) => !allowed.includes(t));
          if (unexpected.length > 0) report(`status ${status} changed ${unexpected.join(', ')}`);
        }
        // A generated logout ends the actor's session: sign in again and take the new session as the baseline.
        if (req.auth.kind === 'actor' && code === 'AUTH_TOKEN_INVALID') {
          await fw.relogin(req.auth.actor as FuzzActor);
          await watch.changes();
        }
      }
    }

    const sorted = <K>(m: Map<K, number>) => [...m].sort(([a], [b]) => String(a).localeCompare(String(b)));
    console.log(
      [
        `fuzz on ${engine.name}: ${operations.length} routes covered, ${sent} requests sent (seed ${SEED}, ${RUNS_PER_ROUTE} per route)`,
        `statuses: ${sorted(statuses)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
        `kinds: ${sorted(modes)
          .map(([m, n]) => `${m}×${n}`)
          .join(' ')}`,
        `routes never past validation and authentication: ${
          operations
            .filter((op) => !handled.has(op.key))
            .map((op) => op.key)
            .join(', ') || 'none'
        }`,
        `routes that never answered 2xx: ${
          operations
            .filter((op) => !succeeded.has(op.key))
            .map((op) => op.key)
            .join(', ') || 'none'
        }`,
        ...Object.entries(WRITES_ON_REFUSAL).map(
          ([key, w]) => `${key} may change ${w.tables.join(', ')} when it answers ${w.status}: ${w.why}`,
        ),
        `multipart routes fuzzed lightly (forms, not schema-derived JSON): ${Object.keys(MULTIPART_ROUTES).join(', ')}`,
      ].join('\n'),
    );
    expect(sent).toBe(operations.length * RUNS_PER_ROUTE);
    expect([...failures.values()]).toEqual([]);
  }, 600_000);
});
