import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { loadEnv } from '../env.js';
import { verifyChains } from '../events/audit.service.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { isBlockedAddress, suggestedName } from './attachment-fetches.http.js';
import type { AttachmentFetchConfig } from './attachment-fetches.service.js';
import { ATTACHMENT_FETCH, attachmentFetchConfigOf, fetchDueAttachments } from './attachment-fetches.service.js';
import { intakeSignature } from './intake.service.js';

const KEY = 'ta-12345';
const SECRET = 'secret-of-the-12345-platform';
const SOURCE = '12345 政务服务便民热线';
/** The attachment limit of these tests, so that "too large" needs only a few kilobytes. */
const MAX_BYTES = 4096;

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** A Windows executable's first bytes: refused by its content whatever its name says. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);

/**
 * Another platform's file server on 127.0.0.1, counting the requests of each path:
 * `/photo.png` a good image; `/huge.png` a PNG that goes on past the limit, streamed without a
 * length; `/declared.png` one whose length says so at once; `/tool.png` an executable named as a
 * picture; `/flaky.png` 503 on the first request, then the image; `/down.png` always 503;
 * `/hop/<n>` n redirects before the image; `/silent.png` never answers.
 */
async function fileServer() {
  const hits = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const nth = (hits.get(path) ?? 0) + 1;
    hits.set(path, nth);
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (hop) {
      const left = Number(hop[1]);
      res.writeHead(302, { location: left > 1 ? `/hop/${left - 1}` : '/photo.png' }).end();
      return;
    }
    switch (path) {
      case '/photo.png':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
        return;
      case '/named':
        res
          .writeHead(200, {
            'content-type': 'image/png',
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('厂门积水.png')}`,
          })
          .end(PNG);
        return;
      case '/huge.png': {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(PNG);
        // Keeps sending until the client hangs up; never more than 64 KB in all.
        let sent = PNG.length;
        const more = () => {
          if (res.destroyed || sent > 65_536) return void res.end();
          sent += 1024;
          res.write(Buffer.alloc(1024), () => setImmediate(more));
        };
        more();
        return;
      }
      case '/declared.png':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': MAX_BYTES + 1 });
        res.end(Buffer.concat([PNG, Buffer.alloc(MAX_BYTES + 1 - PNG.length)]));
        return;
      case '/tool.png':
        res.writeHead(200, { 'content-type': 'image/png' }).end(EXE);
        return;
      case '/flaky.png':
        if (nth === 1) res.writeHead(503).end('busy');
        else res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
        return;
      case '/down.png':
        res.writeHead(503).end('down');
        return;
      case '/silent.png':
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    hits: (path: string) => hits.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the address rule of the fetch', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['not an address', true],
    ['8.8.8.8', false],
    ['114.114.114.114', false],
    ['2400:3200::1', false],
    ['::ffff:8.8.8.8', false],
  ])('refuses %s: %s', (address, blocked) => {
    expect(isBlockedAddress(address)).toBe(blocked);
  });

  it('takes the name a server suggests, else the link’s last segment', () => {
    const url = new URL('https://files.example.org/a/%E7%85%A7%E7%89%87.jpg?x=1');
    expect(suggestedName(undefined, url)).toBe('照片.jpg');
    expect(suggestedName('attachment; filename="scan.pdf"', url)).toBe('scan.pdf');
    expect(suggestedName(`attachment; filename*=UTF-8''${encodeURIComponent('现场.png')}`, url)).toBe('现场.png');
    expect(suggestedName(undefined, new URL('https://files.example.org/'))).toBeUndefined();
  });
});

describe.each(ENGINES)('attachments sent as links with a signed case, on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let deps: Deps;
  let w: World;
  let hub: Client;
  let storage: string;
  let files: Awaited<ReturnType<typeof fileServer>>;
  /** The fetch as the server configures it, from an environment like the one it boots with. */
  let config: AttachmentFetchConfig;
  const clock = new ManualClock('2026-11-02T01:00:00Z');

  beforeAll(async () => {
    handle = await engine.open();
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    storage = await mkdtemp(join(tmpdir(), 'qisu-fetch-'));
    config = attachmentFetchConfigOf(
      loadEnv({
        QISU_DATA_DIR: storage,
        QISU_ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
        QISU_FETCH_ALLOW_PRIVATE: '1',
      }),
    );
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, storageDir: storage });
    await handle.db
      .insertInto('intake_keys')
      .values({
        id: KEY,
        jurisdiction_id: w.jurisdictionA,
        source: SOURCE,
        channel: 'hotline12345',
        secret: TEST_PII.encrypt(SECRET),
        created_by: null,
        created_at: clock.now(),
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    files = await fileServer();
  });
  afterAll(async () => {
    await files?.close();
    await app?.close();
    await handle?.close();
    await rm(storage, { recursive: true, force: true });
  });

  let refs = 0;
  /** Files a signed case carrying these links; answers the HTTP response. */
  const file = (attachments: unknown, externalRef = `link-${++refs}`) => {
    const raw = JSON.stringify({
      externalRef,
      title: '厂区门前道路积水',
      content: '12345 热线转来：企业反映厂区门前道路雨后积水，附现场照片。',
      attachments,
    });
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    return app.inject({
      method: 'POST',
      url: '/api/v1/intake/cases',
      headers: {
        'content-type': 'application/json',
        'x-qisu-key': KEY,
        'x-qisu-timestamp': timestamp,
        'x-qisu-signature': intakeSignature(SECRET, timestamp, raw),
      },
      payload: raw,
    });
  };
  const fileWith = async (attachments: unknown) => {
    const res = await file(attachments);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };

  const attachmentsOf = async (caseId: string) => {
    const res = await hub.get(`/api/v1/cases/${caseId}/attachments`);
    expect(res.statusCode).toBe(200);
    return res.json<
      { id: string; name: string; mime: string; size: number; uploadedBy: { id: string | null; name: string } }[]
    >();
  };
  const fetchesOf = (caseId: string) =>
    handle.db
      .selectFrom('intake_attachment_fetches')
      .select(['url', 'status', 'attempts', 'last_error', 'attachment_id', 'next_attempt_at'])
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute();
  const eventsOf = (caseId: string, type: string) =>
    handle.db
      .selectFrom('events')
      .select(['type', 'actor_id', 'payload'])
      .where('case_id', '=', caseId)
      .where('type', '=', type)
      .orderBy('seq')
      .execute();
  const run = (c: AttachmentFetchConfig = config) => fetchDueAttachments(deps, c);

  it('files the case at once and adds a good image to it later, named as the platform sent it', async () => {
    const caseId = await fileWith([{ url: files.url('/photo.png'), name: '现场照片.png' }]);
    expect(await attachmentsOf(caseId)).toEqual([]);
    expect(await fetchesOf(caseId)).toMatchObject([{ status: 'pending', attempts: 0 }]);

    expect(await run()).toEqual({ fetched: 1, retried: 0, failed: 0 });
    const [attachment, ...rest] = await attachmentsOf(caseId);
    expect(rest).toEqual([]);
    expect(attachment).toMatchObject({
      name: '现场照片.png',
      mime: 'image/png',
      size: PNG.length,
      uploadedBy: { id: null, name: SOURCE },
      sourceUrl: files.url('/photo.png'),
    });
    const download = await hub.get(`/api/v1/attachments/${attachment!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PNG)).toBe(true);
    const [added] = await eventsOf(caseId, 'attachment_added');
    expect(added).toMatchObject({
      actor_id: null,
      payload: { name: '现场照片.png', source: { kind: 'intake', keyId: KEY, name: SOURCE } },
    });
    expect(await fetchesOf(caseId)).toMatchObject([{ status: 'fetched', attempts: 1, attachment_id: attachment!.id }]);
    // Nothing is due any more: a second run fetches nothing.
    expect(await run()).toEqual({ fetched: 0, retried: 0, failed: 0 });
    expect(files.hits('/photo.png')).toBe(1);
    expect((await verifyChains(handle.db)).find((r) => r.jurisdiction === 'ta')).toMatchObject({ intact: true });
  });

  it('uses the name the file server suggests when the platform gives none', async () => {
    const caseId = await fileWith([{ url: files.url('/named') }]);
    await run();
    expect((await attachmentsOf(caseId)).map((a) => a.name)).toEqual(['厂门积水.png']);
  });

  it('refuses a file past the attachment limit, streamed or declared, and says so on the case', async () => {
    const caseId = await fileWith([{ url: files.url('/huge.png') }, { url: files.url('/declared.png') }]);
    expect(await run()).toEqual({ fetched: 0, retried: 0, failed: 2 });
    expect(await attachmentsOf(caseId)).toEqual([]);
    const failed = await eventsOf(caseId, 'attachment_fetch_failed');
    expect(failed).toHaveLength(2);
    expect(failed.map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ url: files.url('/huge.png'), reason: 'too_large', attempts: 1 }),
        expect.objectContaining({ url: files.url('/declared.png'), reason: 'too_large', attempts: 1 }),
      ]),
    );
    expect((await fetchesOf(caseId)).map((f) => f.status)).toEqual(['failed', 'failed']);
  });

  it('refuses a file whose bytes are not an allowed type, whatever its name says', async () => {
    const caseId = await fileWith([{ url: files.url('/tool.png'), name: 'photo.png' }]);
    expect(await run()).toEqual({ fetched: 0, retried: 0, failed: 1 });
    expect(await attachmentsOf(caseId)).toEqual([]);
    const [failed] = await eventsOf(caseId, 'attachment_fetch_failed');
    expect(failed?.payload).toMatchObject({ reason: 'type_not_allowed', detail: 'exe', name: 'photo.png' });
  });

  it('tries a failing server again after a back-off and adds the file once', async () => {
    const caseId = await fileWith([{ url: files.url('/flaky.png') }]);
    expect(await run()).toEqual({ fetched: 0, retried: 1, failed: 0 });
    const [pending] = await fetchesOf(caseId);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_error: 'http_error: HTTP 503' });
    expect(pending!.next_attempt_at.getTime() - clock.now().getTime()).toBe(ATTACHMENT_FETCH.firstBackoffMs);
    // The staff see the link waiting, the failed try and when the next one is due.
    const waiting = await hub.get(`/api/v1/cases/${caseId}/attachment-links`);
    expect(waiting.json()).toEqual([
      expect.objectContaining({
        sourceName: SOURCE,
        url: files.url('/flaky.png'),
        status: 'pending',
        attempts: 1,
        failure: 'http_error',
        detail: 'HTTP 503',
        nextAttemptAt: pending!.next_attempt_at.toISOString(),
      }),
    ]);
    // Not before its time.
    expect(await run()).toEqual({ fetched: 0, retried: 0, failed: 0 });
    clock.advance(ATTACHMENT_FETCH.firstBackoffMs);
    expect(await run()).toEqual({ fetched: 1, retried: 0, failed: 0 });
    clock.advance(3600_000);
    expect(await run()).toEqual({ fetched: 0, retried: 0, failed: 0 });
    expect(await attachmentsOf(caseId)).toHaveLength(1);
    expect(files.hits('/flaky.png')).toBe(2);
    expect(await eventsOf(caseId, 'attachment_fetch_failed')).toEqual([]);
    expect((await hub.get(`/api/v1/cases/${caseId}/attachment-links`)).json()).toEqual([]);
  });

  it('gives a link up after its last attempt, with the reason on the case', async () => {
    const caseId = await fileWith([{ url: files.url('/down.png') }]);
    for (let i = 1; i < ATTACHMENT_FETCH.attempts; i++) {
      expect(await run()).toEqual({ fetched: 0, retried: 1, failed: 0 });
      clock.advance(3600_000);
    }
    expect(await run()).toEqual({ fetched: 0, retried: 0, failed: 1 });
    expect(files.hits('/down.png')).toBe(ATTACHMENT_FETCH.attempts);
    const [failed] = await eventsOf(caseId, 'attachment_fetch_failed');
    expect(failed).toMatchObject({
      actor_id: null,
      payload: { reason: 'http_error', detail: 'HTTP 503', attempts: ATTACHMENT_FETCH.attempts },
    });
    const events = await hub.get(`/api/v1/cases/${caseId}/events`);
    expect(events.body).toContain('attachment_fetch_failed');
    expect((await hub.get(`/api/v1/cases/${caseId}/attachment-links`)).json()).toEqual([
      expect.objectContaining({
        status: 'failed',
        failure: 'http_error',
        nextAttemptAt: null,
        attempts: ATTACHMENT_FETCH.attempts,
      }),
    ]);
  });

  it('refuses this machine’s addresses, by number or by name, unless the flag allows them', async () => {
    const closed = { ...config, allowPrivate: false };
    const caseId = await fileWith([
      { url: files.url('/photo.png?private') },
      { url: `http://localhost:${files.port}/photo.png` },
      { url: `http://[::1]:${files.port}/photo.png` },
    ]);
    const before = files.hits('/photo.png');
    expect(await run(closed)).toEqual({ fetched: 0, retried: 0, failed: 3 });
    expect(files.hits('/photo.png')).toBe(before);
    const failed = await eventsOf(caseId, 'attachment_fetch_failed');
    expect(failed.map((e) => (e.payload as { reason: string }).reason)).toEqual([
      'address_not_allowed',
      'address_not_allowed',
      'address_not_allowed',
    ]);
    expect(await attachmentsOf(caseId)).toEqual([]);
    // The server's own configuration keeps them closed unless QISU_FETCH_ALLOW_PRIVATE=1.
    expect(attachmentFetchConfigOf(loadEnv({})).allowPrivate).toBe(false);
  });

  it('follows at most three redirects', async () => {
    const caseId = await fileWith([{ url: files.url('/hop/3') }, { url: files.url('/hop/4') }]);
    expect(await run()).toEqual({ fetched: 1, retried: 0, failed: 1 });
    expect(await attachmentsOf(caseId)).toHaveLength(1);
    const [failed] = await eventsOf(caseId, 'attachment_fetch_failed');
    expect(failed?.payload).toMatchObject({ url: files.url('/hop/4'), reason: 'too_many_redirects' });
  });

  it('gives up waiting for a server that does not answer, and tries again later', async () => {
    const caseId = await fileWith([{ url: files.url('/silent.png') }]);
    expect(await run({ ...config, timeoutMs: 300 })).toEqual({ fetched: 0, retried: 1, failed: 0 });
    expect((await fetchesOf(caseId))[0]).toMatchObject({
      status: 'pending',
      last_error: expect.stringMatching(/^timeout/),
    });
    await handle.db
      .updateTable('intake_attachment_fetches')
      .set({ status: 'failed' })
      .where('case_id', '=', caseId)
      .execute();
  });

  it('fetches a link once when two processes run the job at the same time', async () => {
    const caseId = await fileWith([{ url: files.url('/photo.png?twice') }]);
    const before = files.hits('/photo.png');
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.fetched + b.fetched).toBe(1);
    expect(files.hits('/photo.png')).toBe(before + 1);
    expect(await attachmentsOf(caseId)).toHaveLength(1);
  });

  it('queues a link once, also when the platform sends the case again', async () => {
    const links = [{ url: files.url('/photo.png?again') }, { url: files.url('/photo.png?again') }];
    const first = await file(links, 'link-again');
    expect(first.statusCode).toBe(201);
    const again = await file([...links, { url: files.url('/photo.png?later') }], 'link-again');
    expect(again.statusCode).toBe(200);
    const caseId = first.json<{ id: string }>().id;
    expect((await fetchesOf(caseId)).map((f) => f.url)).toEqual([
      files.url('/photo.png?again'),
      files.url('/photo.png?later'),
    ]);
  });

  it('refuses more than ten links, and a link that is not http or https, before filing', async () => {
    const count = async () => (await handle.db.selectFrom('cases').select('id').execute()).length;
    const before = await count();
    const many = Array.from({ length: ATTACHMENT_FETCH.maxLinks + 1 }, (_, i) => ({ url: files.url(`/p${i}.png`) }));
    const tooMany = await file(many);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('VALIDATION_FAILED');
    for (const url of ['ftp://files.example.org/a.png', 'file:///etc/passwd', 'javascript:alert(1)', '/relative.png']) {
      const res = await file([{ url }]);
      expect(res.statusCode, url).toBe(400);
    }
    expect(await count()).toBe(before);
  });
});
