import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../cases/cases.service.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import { docxWithXmlText } from '../testing/fuzz.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { TEST_PII } from '../testing/pii.js';

/** Inputs the schema fuzzer found answered with a 5xx or outside the error shape, one test each. */
describe.each(ENGINES)('refusals found by fuzzing, on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let hub: Client;
  let admin: Client;
  let caseId: string;
  let dataDir: string;

  beforeAll(async () => {
    handle = await engine.open();
    dataDir = mkdtempSync(join(tmpdir(), 'qisu-fuzz-regressions-'));
    const clock = new ManualClock('2026-11-02T01:00:00Z');
    w = await seedWorld(handle.db);
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, storageDir: dataDir });
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    caseId = (
      await createCase({ db: handle.db, clock, pii: TEST_PII }, w.actors.entA, { title: '附件测试', content: '正文' })
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const count = async (table: 'attachments' | 'policy_documents') =>
    Number(
      (
        await handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers a URL with broken percent-encoding with 400 in the error shape, in the caller’s language', async () => {
    for (const url of ['/api/v1/views/%zz', '/api/v1/cases/%ED%A0%80/similar', '/api/v1/notifications/%/read']) {
      const res = await hub.get(url, { 'accept-language': 'en-US' });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toEqual({
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Invalid input: the URL is badly encoded (percent-encoding must be UTF-8)',
          field: 'url',
        },
      });
    }
  });

  it('answers a path parameter over the router’s length limit with 400 in the error shape', async () => {
    const res = await hub.get(`/api/v1/cases/${'a'.repeat(101)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'url' } });
    expect(res.json().error.message).toContain('参数过长');
  });

  it('answers a profile version beyond a PostgreSQL integer with 400, not a database error', async () => {
    const res = await admin.get('/api/v1/profile/versions/5022089911613796');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'version' } });
  });

  it.each(['PUT', 'DELETE'] as const)(
    'answers %s of a calendar override on day 0000-01-01 with 400',
    async (method) => {
      const res = await app.inject({
        method,
        url: '/api/v1/calendar/overrides/0000-01-01',
        headers: { authorization: `Bearer ${admin.token}` },
        ...(method === 'PUT' ? { payload: { working: true } } : {}),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'date' } });
    },
  );

  /** A multipart body whose closing boundary never comes, or whose boundary is not the announced one. */
  const brokenForms = [
    {
      what: 'an unclosed form',
      payload: '--b\r\ncontent-disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc\r\n',
    },
    {
      what: 'another boundary',
      payload: '--other\r\ncontent-disposition: form-data; name="file"; filename="a.txt"\r\n\r\na\r\n--other--\r\n',
    },
  ];

  it.each(brokenForms)('answers an attachment upload with $what with 400 and stores nothing', async ({ payload }) => {
    const before = await count('attachments');
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/attachments`,
      headers: { authorization: `Bearer ${hub.token}`, 'content-type': 'multipart/form-data; boundary=b' },
      payload,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'file' } });
    expect(await count('attachments')).toBe(before);
  });

  it.each(brokenForms)('answers a policy import with $what with 400 and stores nothing', async ({ payload }) => {
    const before = await count('policy_documents');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/policies/import',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'multipart/form-data; boundary=b' },
      payload,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'file' } });
    expect(await count('policy_documents')).toBe(before);
  });

  const importForm = (fieldParts: string, file: Buffer) =>
    Buffer.concat([
      Buffer.from(`${fieldParts}--b\r\ncontent-disposition: form-data; name="file"; filename="a.docx"\r\n\r\n`),
      file,
      Buffer.from('\r\n--b--\r\n'),
    ]);
  const importPolicy = (payload: Buffer) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/policies/import',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'multipart/form-data; boundary=b' },
      payload,
    });

  it.each(['title', 'docNumber', 'issuer'])(
    'answers a policy import whose form field %s holds a NUL with 400 naming it, and stores nothing',
    async (field) => {
      const before = await count('policy_documents');
      const res = await importPolicy(
        importForm(
          `--b\r\ncontent-disposition: form-data; name="${field}"\r\n\r\n某县\u0000措施\r\n`,
          docxWithXmlText('第一条 稳岗返还。'),
        ),
      );
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field } });
      expect(await count('policy_documents')).toBe(before);
    },
  );

  it.each(['&#0;', '&#xD800;'])(
    'answers a policy import of a .docx whose text spells %s with 400 on the file, and stores nothing',
    async (reference) => {
      const before = await count('policy_documents');
      const res = await importPolicy(importForm('', docxWithXmlText(`第一条 稳岗${reference}返还。`)));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'file' } });
      expect(await count('policy_documents')).toBe(before);
    },
  );

  it('still imports a good .docx written the same way', async () => {
    const res = await importPolicy(importForm('', docxWithXmlText('第一条 稳岗返还。上年度未裁员的企业予以返还。')));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: 'docx', passageCount: 1 });
  });
});
