import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { fetchDueAttachments } from '../intake/attachment-fetches.service.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { demoOpen311Key, seedDemoOpen311Client } from './open311-clients.service.js';
import { GEOREPORT_V2 } from './open311.service.js';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
/** The attachment limit of these tests. */
const MAX_BYTES = 8192;
const PUBLIC_URL = 'https://qisu.example.gov.cn';
const CLIENT_NAME = '演示客户端 / demo client';

/** A multipart body as a browser or an HTTP library writes it, with its content type. */
async function multipart(fields: Record<string, string>, files: { field: string; name: string; bytes: Buffer }[]) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const f of files) form.append(f.field, new Blob([f.bytes]), f.name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  };
}

describe.each(ENGINES)('Open311 discovery and media on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let hub: Client;
  let w: World;
  let storage: string;
  let photos: Server;
  let photoUrl: string;
  const clock = new ManualClock('2026-11-02T01:00:00Z');

  const fields = (more: Record<string, string> = {}) => ({
    api_key: demoOpen311Key('ta'),
    jurisdiction_id: 'ta',
    service_code: 'policy',
    description: '园区东门路灯损坏，附照片。',
    address_string: '华埠镇工业园区东门',
    ...more,
  });
  const postForm = async (
    body: Record<string, string>,
    files: { field: string; name: string; bytes: Buffer }[],
    format = 'json',
  ) => app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, ...(await multipart(body, files)) });
  const caseCount = async () => (await handle.db.selectFrom('cases').select('id').execute()).length;
  const caseOf = (number: string) =>
    handle.db.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirstOrThrow();
  const errorOf = (res: { statusCode: number; json: () => unknown }) => {
    const body = res.json() as { code: number; description: string }[];
    expect(body).toHaveLength(1);
    expect(body[0]!.code).toBe(res.statusCode);
    return body[0]!.description;
  };

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    await seedDemoOpen311Client(handle.db, { id: w.jurisdictionA, code: 'ta' }, null, clock.now());
    storage = await mkdtemp(join(tmpdir(), 'qisu-open311-media-'));
    app = await testApp(handle, clock, {
      rateLimitPerMinute: 100_000,
      webRoot: null,
      storageDir: storage,
      attachmentMaxBytes: MAX_BYTES,
      publicUrl: PUBLIC_URL,
    });
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    photos = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG));
    await new Promise<void>((resolve) => photos.listen(0, '127.0.0.1', resolve));
    photoUrl = `http://127.0.0.1:${(photos.address() as AddressInfo).port}/lamp.png`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => photos?.close(() => resolve()));
    await app?.close();
    await handle?.close();
    await rm(storage, { recursive: true, force: true });
  });

  describe('discovery', () => {
    const expected = (url: string) => ({
      changeset: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      contact: expect.stringContaining('营商办'),
      key_service: expect.stringContaining('Open311'),
      endpoints: [
        {
          specification: GEOREPORT_V2,
          url,
          changeset: expect.any(String),
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    });

    it('names the endpoint at the public address in JSON, with no key', async () => {
      const res = await app.inject({ method: 'GET', url: '/open311/v2/discovery.json' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.json()).toEqual(expected(`${PUBLIC_URL}/open311/v2`));
    });

    it('answers the same in XML under <discovery>, each format an element', async () => {
      const res = await app.inject({ method: 'GET', url: '/open311/v2/discovery.xml' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
      const parsed = new XMLParser({ parseTagValue: false }).parse(res.body) as {
        discovery: { changeset: string; endpoints: { endpoint: Record<string, unknown> } };
      };
      expect(parsed.discovery.endpoints.endpoint).toMatchObject({
        specification: GEOREPORT_V2,
        url: `${PUBLIC_URL}/open311/v2`,
        type: 'production',
        formats: { format: ['application/json', 'text/xml'] },
      });
      expect(res.body).toContain('<key_service>');
    });

    it('names the address the request came to when no public address is configured, never a forged one', async () => {
      const bare = await testApp(handle, clock, { webRoot: null });
      try {
        const res = await bare.inject({
          method: 'GET',
          url: '/open311/v2/discovery.json',
          headers: { host: 'qisu.local:3000' },
        });
        expect(res.json()).toEqual(expected('http://qisu.local:3000/open311/v2'));
        const forged = await bare.inject({
          method: 'GET',
          url: '/open311/v2/discovery.json',
          headers: { host: 'evil.example"><script>' },
        });
        expect(forged.json<{ endpoints: { url: string }[] }>().endpoints[0]!.url).toBe('/open311/v2');
      } finally {
        await bare.close();
      }
    });
  });

  describe('media', () => {
    it('files a request sent as multipart/form-data and keeps its media file as an attachment of the case', async () => {
      const res = await postForm(fields({ 'attribute[lamp_count]': '3' }), [
        { field: 'media', name: '路灯.png', bytes: PNG },
      ]);
      expect(res.statusCode, res.body).toBe(200);
      const [created] = res.json<{ service_request_id: string }[]>();
      const { id } = await caseOf(created!.service_request_id);
      const attachments = (await hub.get(`/api/v1/cases/${id}/attachments`)).json<
        { id: string; name: string; mime: string; uploadedBy: { id: string | null; name: string } }[]
      >();
      expect(attachments).toMatchObject([
        { name: '路灯.png', mime: 'image/png', uploadedBy: { id: null, name: CLIENT_NAME } },
      ]);
      const download = await hub.get(`/api/v1/attachments/${attachments[0]!.id}`);
      expect(download.rawPayload.equals(PNG)).toBe(true);
      const content = await handle.db.selectFrom('cases').select('content').where('id', '=', id).executeTakeFirst();
      expect(content?.content).toContain('lamp_count');
      // Attachments need a login: the public answer has no link to the file.
      const read = await app.inject({
        method: 'GET',
        url: `/open311/v2/requests/${created!.service_request_id}.json?jurisdiction_id=ta`,
      });
      expect(read.json<{ media_url: string | null }[]>()[0]!.media_url).toBeNull();
    });

    it('refuses a media file past the attachment limit or of a type not allowed, and files nothing', async () => {
      const before = await caseCount();
      const big = await postForm(fields(), [
        { field: 'media', name: 'big.png', bytes: Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]) },
      ]);
      expect(big.statusCode).toBe(413);
      expect(errorOf(big)).toContain('8 KB');
      const exe = await postForm(fields(), [{ field: 'media', name: 'lamp.png', bytes: EXE }], 'xml');
      expect(exe.statusCode).toBe(415);
      expect(exe.body).toContain('<errors><error><code>415</code>');
      expect(exe.body).toContain('exe');
      const elsewhere = await postForm(fields(), [{ field: 'photo', name: 'lamp.png', bytes: PNG }]);
      expect(elsewhere.statusCode).toBe(400);
      expect(errorOf(elsewhere)).toContain('media');
      const two = await postForm(fields(), [
        { field: 'media', name: 'a.png', bytes: PNG },
        { field: 'media', name: 'b.png', bytes: PNG },
      ]);
      expect(two.statusCode).toBe(400);
      const broken = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'multipart/form-data; boundary=qisu' },
        payload: '--qisu\r\nContent-Disposition: form-data; name="service_code"\r\n\r\npolicy',
      });
      expect(broken.statusCode).toBe(400);
      const missing = await postForm({ ...fields(), service_code: '' }, [
        { field: 'media', name: 'a.png', bytes: PNG },
      ]);
      expect(missing.statusCode).toBe(400);
      expect(await caseCount()).toBe(before);
    });

    it('fetches media_url later as an attachment with the intake’s job, and answers the link the client sent', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        payload: fields({ media_url: photoUrl }),
      });
      expect(res.statusCode, res.body).toBe(200);
      const number = res.json<{ service_request_id: string }[]>()[0]!.service_request_id;
      const { id } = await caseOf(number);
      const queued = await handle.db
        .selectFrom('intake_attachment_fetches')
        .select(['source_kind', 'source_name', 'url', 'status'])
        .where('case_id', '=', id)
        .execute();
      expect(queued).toEqual([{ source_kind: 'open311', source_name: CLIENT_NAME, url: photoUrl, status: 'pending' }]);
      const deps = { db: handle.db, clock, pii: TEST_PII };
      const done = await fetchDueAttachments(deps, { storageDir: storage, maxBytes: MAX_BYTES, allowPrivate: true });
      expect(done.fetched).toBe(1);
      const attachments = (await hub.get(`/api/v1/cases/${id}/attachments`)).json<{ name: string }[]>();
      expect(attachments.map((a) => a.name)).toEqual(['lamp.png']);
      const read = await app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.json?jurisdiction_id=ta` });
      expect(read.json<{ media_url: string | null }[]>()[0]!.media_url).toBe(photoUrl);
    });
  });
});
