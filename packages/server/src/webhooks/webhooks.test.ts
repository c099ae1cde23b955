import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { intakeSignature, receiveIntake, verifyIntake } from '../intake/intake.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { deliverWebhooks, enqueueWebhookDeliveries, MAX_ATTEMPTS, webhookSignature } from './webhooks.service.js';

interface Received {
  type: string;
  caseId: string;
  id: string;
  signed: boolean;
  answered: number;
}

/**
 * A platform's receiver on 127.0.0.1: it records every delivery, checks its signature, and answers
 * what `answer` says for it (a 2xx by default).
 */
async function receiver(secret: string) {
  const received: Received[] = [];
  let answer: (body: Received, nth: number) => number = () => 200;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as { id: string; type: string; caseId: string };
      const signed = req.headers['x-qisu-signature'] === webhookSignature(secret, raw);
      const entry: Received = { type: body.type, caseId: body.caseId, id: body.id, signed, answered: 0 };
      entry.answered = answer(entry, received.filter((r) => r.id === body.id).length);
      received.push(entry);
      res.writeHead(entry.answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    answer: (fn: typeof answer) => (answer = fn),
    delivered: () => received.filter((r) => r.answered >= 200 && r.answered < 300),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(ENGINES)('webhooks on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let deps: Deps;
  let w: World;
  let hub: Client;
  /** The admin, logged in afresh: the runs move the clock past a session's life. */
  const admin = {
    get: async (url: string) => (await loginAs(app, 'ta.admin', TEST_PASSWORD)).get(url),
    post: async (url: string, body?: unknown) => (await loginAs(app, 'ta.admin', TEST_PASSWORD)).post(url, body),
  };
  const clock = new ManualClock('2026-11-02T01:00:00Z');
  const SECRET = 'the-platform-webhook-secret';
  let hook: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    handle = await engine.open();
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000 });
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
  });
  afterEach(async () => {
    await hook?.close();
    await handle.db.updateTable('webhooks').set({ active: false }).execute();
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  /** Runs the job as the queue does, `times` times, the clock moved past any back-off between runs. */
  const runJob = async (times = 1) => {
    for (let i = 0; i < times; i++) {
      await enqueueWebhookDeliveries(deps);
      await deliverWebhooks(deps);
      clock.advance(2 * 3600_000);
    }
  };

  const subscribe = async (body: Record<string, unknown>) => {
    const res = await admin.post('/api/v1/webhooks', { secret: SECRET, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };

  it('delivers once, in order per case, to a receiver that fails twice first, each signed', async () => {
    hook = await receiver(SECRET);
    const id = await subscribe({ url: hook.url });
    // The receiver is down for the first two attempts of the first delivery.
    hook.answer((r, nth) => (r.type === 'created' && nth < 2 ? 503 : 200));
    const caseId = await driveTo(deps, w, 'dispatched', '推送测试');
    await runJob(4);
    const mine = hook.delivered().filter((r) => r.caseId === caseId);
    expect(mine.map((r) => r.type)).toEqual(['created', 'accepted', 'dispatched']);
    expect(new Set(mine.map((r) => r.id)).size).toBe(3);
    expect(hook.received.filter((r) => r.caseId === caseId && r.type === 'created').map((r) => r.answered)).toEqual([
      503, 503, 200,
    ]);
    // Nothing after the first delivery was tried before it got through.
    const firstOk = hook.received.findIndex((r) => r.caseId === caseId && r.answered === 200);
    expect(hook.received.slice(0, firstOk).every((r) => r.type === 'created')).toBe(true);
    expect(hook.received.every((r) => r.signed)).toBe(true);

    const listed = (await admin.get(`/api/v1/webhooks/${id}/deliveries`)).json<{ type: string; attempts: number }[]>();
    expect(listed.find((d) => d.type === 'created')).toMatchObject({ attempts: 3, status: 'delivered' });
    await runJob(2);
    expect(hook.delivered().filter((r) => r.caseId === caseId)).toHaveLength(3);
  });

  it('sends only the events subscribed, and nothing from before the webhook', async () => {
    const before = await driveTo(deps, w, 'replied', '订阅之前');
    hook = await receiver(SECRET);
    await subscribe({ url: hook.url, events: ['closed', 'rated'] });
    await runJob();
    const after = await driveTo(deps, w, 'closed', '订阅之后');
    await runJob(2);
    expect(hook.delivered().map((r) => [r.caseId, r.type])).toEqual([
      [after, 'rated'],
      [after, 'closed'],
    ]);
    expect(hook.received.some((r) => r.caseId === before)).toBe(false);
  });

  it('declares a delivery dead after its attempts, holds its case’s later events, and replays it', async () => {
    hook = await receiver(SECRET);
    const id = await subscribe({ url: hook.url });
    hook.answer(() => 500);
    const caseId = await driveTo(deps, w, 'submitted', '死信测试');
    await runJob(MAX_ATTEMPTS + 1);
    await runCaseCommand(deps, w.actors.hub, caseId, 'accept', {});
    await runJob(2);
    const dead = (await admin.get(`/api/v1/webhooks/${id}/deliveries?status=dead`)).json<
      { id: number; type: string; attempts: number }[]
    >();
    expect(dead.map((d) => [d.type, d.attempts])).toEqual([['created', MAX_ATTEMPTS]]);
    // The later event waits behind the dead one, untried.
    expect(hook.received.filter((r) => r.type === 'accepted')).toEqual([]);
    expect((await admin.get('/api/v1/webhooks')).json<{ id: string; dead: number; pending: number }[]>()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, dead: 1, pending: 1 })]),
    );

    hook.answer(() => 204);
    const replay = await admin.post(`/api/v1/webhooks/${id}/deliveries/${dead[0]!.id}/replay`, {});
    expect(replay.statusCode, replay.body).toBe(204);
    await runJob();
    expect(hook.delivered().map((r) => r.type)).toEqual(['created', 'accepted']);
    expect((await admin.post(`/api/v1/webhooks/${id}/deliveries/${dead[0]!.id}/replay`, {})).statusCode).toBe(409);
  });

  it('syncs the status of a platform’s cases back to it: sign, reply and close of those cases only', async () => {
    await handle.db
      .insertInto('intake_keys')
      .values({
        id: 'ta-12345',
        jurisdiction_id: w.jurisdictionA,
        source: '12345 热线',
        channel: 'hotline12345',
        secret: TEST_PII.encrypt('intake-secret'),
        created_by: null,
        created_at: clock.now(),
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
    hook = await receiver(SECRET);
    await subscribe({ url: hook.url, intakeKeyId: 'ta-12345', events: ['signed', 'replied', 'closed'] });
    const raw = JSON.stringify({ externalRef: 'WO-1', title: '道路积水', content: '12345 工单：厂区门前积水。' });
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const platform = await verifyIntake(
      deps,
      { keyId: 'ta-12345', timestamp, signature: intakeSignature('intake-secret', timestamp, raw) },
      raw,
    );
    const filed = await receiveIntake(deps, platform, JSON.parse(raw) as never);
    await runCaseCommand(deps, w.actors.hub, filed.id, 'accept', {});
    await runCaseCommand(deps, w.actors.hub, filed.id, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'simple' });
    await runCaseCommand(deps, w.actors.unit1, filed.id, 'sign', {});
    await runCaseCommand(deps, w.actors.unit1, filed.id, 'contact', { note: '已联系企业' });
    await runCaseCommand(deps, w.actors.unit1, filed.id, 'reply', { result: 'solved', text: '已排水疏通' });
    const other = await driveTo(deps, w, 'replied', '非热线诉求');
    await runJob(3);
    expect(hook.delivered().map((r) => [r.caseId, r.type])).toEqual([
      [filed.id, 'signed'],
      [filed.id, 'replied'],
    ]);
    expect(hook.received.some((r) => r.caseId === other)).toBe(false);
  });

  it('lets only the admin subscribe, with a real URL, a long secret and known events', async () => {
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    expect((await hub.post('/api/v1/webhooks', { url: 'https://example.org/h', secret: SECRET })).statusCode).toBe(403);
    expect((await admin.post('/api/v1/webhooks', { url: 'ftp://example.org/h', secret: SECRET })).statusCode).toBe(400);
    expect((await admin.post('/api/v1/webhooks', { url: 'https://example.org/h', secret: 'short' })).statusCode).toBe(
      400,
    );
    const unknown = await admin.post('/api/v1/webhooks', {
      url: 'https://example.org/h',
      secret: SECRET,
      events: ['exploded'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('events');
    const noKey = await admin.post('/api/v1/webhooks', {
      url: 'https://example.org/h',
      secret: SECRET,
      intakeKeyId: 'tb-nothing',
    });
    expect(noKey.statusCode).toBe(400);
    const listed = (await admin.get('/api/v1/webhooks')).json<unknown[]>();
    expect(JSON.stringify(listed)).not.toContain(SECRET);
  });
});
