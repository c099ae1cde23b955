import { randomBytes } from 'node:crypto';
import { Document, Packer, Paragraph } from 'docx';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';

const MEASURES = [
  '某县惠企若干措施',
  '第一条 稳岗返还。上年度未裁员的企业，按其上年度实际缴纳失业保险费的60%返还，实行免申即享。',
  '第二条 创业担保贷款。小微企业新招用高校毕业生达到职工人数15%的，可申请最高400万元创业担保贷款，财政给予贴息。',
  '第三条 房租减免。承租国有房产的小微企业和个体工商户，本年度减免3个月租金。',
].join('\n');

interface Part {
  field: string;
  filename?: string;
  content: Buffer | string;
}

/** A multipart/form-data body as a browser sends it. */
function form(...parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----qisu${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\ncontent-disposition: form-data; name="${p.field}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"\r\ncontent-type: application/octet-stream`;
    chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), Buffer.from(p.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(ENGINES)('policy library API on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let as: Record<'admin' | 'hub' | 'leader' | 'unit1' | 'entA' | 'liaison' | 'discipline' | 'hubB', Client>;

  beforeAll(async () => {
    handle = await engine.open();
    await seedWorld(handle.db);
    app = await testApp(handle, new ManualClock('2026-11-02T01:00:00Z'), {
      rateLimitPerMinute: 100_000,
      loginFailuresPerIp: 1000,
    });
    as = {
      admin: await loginAs(app, 'ta.admin', TEST_PASSWORD),
      hub: await loginAs(app, 'ta.hub', TEST_PASSWORD),
      leader: await loginAs(app, 'ta.leader', TEST_PASSWORD),
      unit1: await loginAs(app, 'ta.unit1', TEST_PASSWORD),
      entA: await loginAs(app, 'ta.entA', TEST_PASSWORD),
      liaison: await loginAs(app, 'ta.liaison', TEST_PASSWORD),
      discipline: await loginAs(app, 'ta.discipline', TEST_PASSWORD),
      hubB: await loginAs(app, 'tb.hub', TEST_PASSWORD),
    };
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const upload = (client: Client, ...parts: Part[]) => {
    const body = form(...parts);
    return app.inject({
      method: 'POST',
      url: '/api/v1/policies/import',
      headers: { authorization: `Bearer ${client.token}`, ...body.headers },
      payload: body.payload,
    });
  };
  const remove = (client: Client, id: string) =>
    app.inject({
      method: 'DELETE',
      url: `/api/v1/policies/${id}`,
      headers: { authorization: `Bearer ${client.token}` },
    });

  it('lets admin and hub add and delete, staff read and search, and enterprises only read', async () => {
    for (const who of ['leader', 'unit1', 'liaison', 'discipline', 'entA'] as const) {
      expect(
        (await as[who].post('/api/v1/policies', { title: '某县惠企若干措施', text: MEASURES })).statusCode,
        who,
      ).toBe(403);
      expect((await upload(as[who], { field: 'file', filename: 'a.txt', content: MEASURES })).statusCode, who).toBe(
        403,
      );
    }
    const created = await as.hub.post('/api/v1/policies', { text: MEASURES, issuer: '某县人民政府办公室' });
    expect(created.statusCode, created.body).toBe(201);
    const doc = created.json();
    expect(doc).toEqual({
      id: expect.any(String) as string,
      title: '某县惠企若干措施',
      docNumber: null,
      issuer: '某县人民政府办公室',
      sourceName: null,
      format: 'text',
      passageCount: 3,
      createdAt: '2026-11-02T01:00:00.000Z',
      targeting: { industryCodes: [], scales: [], regionCodes: [], aboveDesignatedSize: null },
      issuingUnitId: null,
      issuingUnitName: null,
      online: false,
      automatic: false,
      benefit: null,
    });

    for (const who of ['admin', 'hub', 'leader', 'unit1', 'liaison', 'discipline'] as const) {
      const list = await as[who].get('/api/v1/policies');
      expect(list.statusCode, who).toBe(200);
      expect(list.json().map((d: { id: string }) => d.id)).toContain(doc.id);
      const search = await as[who].get(`/api/v1/policies/search?q=${encodeURIComponent('房租怎么减免')}`);
      expect(search.statusCode, who).toBe(200);
      expect(search.json().items[0]).toMatchObject({ documentId: doc.id, article: '第三条' });
    }
    // An enterprise reads the policies meant for it (an untagged one is for everyone), but not the passage search.
    expect((await as.entA.get('/api/v1/policies')).statusCode).toBe(200);
    expect((await as.entA.get('/api/v1/policies/search?q=贷款')).statusCode).toBe(403);
    expect((await as.entA.get(`/api/v1/policies/${doc.id}`)).statusCode).toBe(200);

    const detail = await as.leader.get(`/api/v1/policies/${doc.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().passages).toEqual([
      { id: expect.any(String) as string, seq: 1, article: '第一条', text: expect.stringMatching(/^第一条 稳岗返还/) },
      { id: expect.any(String) as string, seq: 2, article: '第二条', text: expect.stringMatching(/^第二条/) },
      { id: expect.any(String) as string, seq: 3, article: '第三条', text: expect.stringMatching(/^第三条/) },
    ]);

    // Another jurisdiction neither sees nor deletes it.
    expect((await as.hubB.get(`/api/v1/policies/${doc.id}`)).statusCode).toBe(404);
    expect((await remove(as.hubB, doc.id)).statusCode).toBe(404);
    expect((await as.hubB.get('/api/v1/policies')).json()).toEqual([]);
    expect((await as.hubB.get('/api/v1/policies/search?q=房租减免')).json()).toEqual({ items: [] });

    expect((await remove(as.leader, doc.id)).statusCode).toBe(403);
    expect((await remove(as.unit1, doc.id)).statusCode).toBe(403);
    expect((await remove(as.admin, doc.id)).statusCode).toBe(204);
    expect((await remove(as.admin, doc.id)).statusCode).toBe(404);
    expect((await as.hub.get(`/api/v1/policies/${doc.id}`)).json().error.code).toBe('POLICY_NOT_FOUND');
  });

  it('ranks search results best first with scores and matched words', async () => {
    const doc = (await as.admin.post('/api/v1/policies', { text: MEASURES })).json();
    const res = await as.unit1.get(`/api/v1/policies/search?q=${encodeURIComponent('创业担保贷款贴息')}&limit=2`);
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items.length).toBeLessThanOrEqual(2);
    expect(items[0]).toEqual({
      passageId: expect.any(String) as string,
      documentId: doc.id,
      documentTitle: '某县惠企若干措施',
      docNumber: null,
      article: '第二条',
      text: expect.stringContaining('创业担保贷款') as string,
      score: expect.any(Number) as number,
      matched: expect.arrayContaining(['创业', '担保', '贷款', '贴息']) as string[],
    });
    expect((await remove(as.admin, doc.id)).statusCode).toBe(204);
  });

  it('answers 400 naming the field for a blank question, a bad limit, a bad id and a bad body', async () => {
    for (const url of ['/api/v1/policies/search', '/api/v1/policies/search?q=', '/api/v1/policies/search?q=%20%20']) {
      const res = await as.hub.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'q' });
    }
    const limit = await as.hub.get('/api/v1/policies/search?q=贷款&limit=0');
    expect(limit.json().error).toMatchObject({ field: 'limit' });
    expect((await as.hub.get('/api/v1/policies/not-a-uuid')).statusCode).toBe(400);
    const noText = await as.hub.post('/api/v1/policies', { title: '无正文' });
    expect(noText.statusCode).toBe(400);
    expect(noText.json().error.field).toBe('text');
    const noTitle = await as.hub.post('/api/v1/policies', { text: '第一条 企业开办一日办结。\n第二条 首套印章免费。' });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.field).toBe('title');
    const english = await as.hub.post('/api/v1/policies', { title: '空', text: '   ' }, { 'accept-language': 'en-US' });
    expect(english.statusCode).toBe(400);
    expect(english.json().error).toMatchObject({ field: 'text', message: expect.stringMatching(/text is empty/) });
  });

  it('imports a .txt and a .docx with their form fields, and refuses what it cannot read', async () => {
    const txt = await upload(
      as.hub,
      { field: 'title', content: '惠企措施（文本版）' },
      { field: 'docNumber', content: '某政办发〔2026〕3号' },
      { field: 'file', filename: '惠企措施.txt', content: `\uFEFF${MEASURES}` },
    );
    expect(txt.statusCode, txt.body).toBe(201);
    expect(txt.json()).toMatchObject({
      title: '惠企措施（文本版）',
      docNumber: '某政办发〔2026〕3号',
      sourceName: '惠企措施.txt',
      format: 'text',
      passageCount: 3,
    });

    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: [
              new Paragraph('某县企业开办服务规定'),
              new Paragraph('第一条 企业登记、公章刻制、发票申领通过一网通办平台全程网办。'),
              new Paragraph('第二条 新开办企业首套印章由政府免费刻制，并免费寄递营业执照。'),
            ],
          },
        ],
      }),
    );
    const imported = await upload(as.admin, { field: 'file', filename: 'kaiban.docx', content: docx });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ title: '某县企业开办服务规定', format: 'docx', passageCount: 2 });
    const hit = await as.hub.get(`/api/v1/policies/search?q=${encodeURIComponent('公章刻制')}`);
    expect(hit.json().items[0]).toMatchObject({ documentId: imported.json().id, article: '第一条' });

    const gbk = Buffer.from([0xc6, 0xf3, 0xd2, 0xb5, 0xbf, 0xaa, 0xb0, 0xec, 0x0a]);
    const refused: [Part[], number, string][] = [
      [[{ field: 'file', filename: 'gbk.txt', content: gbk }], 400, 'file'],
      [[{ field: 'file', filename: 'empty.txt', content: '' }], 400, 'file'],
      [[{ field: 'file', filename: 'old.doc', content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]) }], 400, 'file'],
      [[{ field: 'other', filename: 'a.txt', content: MEASURES }], 400, 'file'],
      [[{ field: 'title', content: '只有标题' }], 400, 'file'],
    ];
    for (const [parts, status, field] of refused) {
      const res = await upload(as.hub, ...parts);
      expect(res.statusCode, JSON.stringify(parts.map((p) => p.filename))).toBe(status);
      expect(res.json().error.field).toBe(field);
    }
    const big = await upload(as.hub, {
      field: 'file',
      filename: 'big.txt',
      content: Buffer.alloc(5 * 1_048_576 + 10, 0x41),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('POLICY_FILE_TOO_LARGE');
    const json = await as.hub.post('/api/v1/policies/import', { file: 'abc' });
    expect(json.statusCode).toBe(400);

    for (const id of [txt.json().id as string, imported.json().id as string]) {
      expect((await remove(as.hub, id)).statusCode).toBe(204);
    }
  });

  it('offers passages for a case to hub, leader and admin, within the case’s scope', async () => {
    const doc = (await as.admin.post('/api/v1/policies', { text: MEASURES })).json();
    const filed = await as.entA.post('/api/v1/cases', {
      title: '创业担保贷款怎么申请',
      content: '我公司今年招用了3名高校毕业生，想申请创业担保贷款并享受贴息，请问额度是多少。',
      kind: 'consultation',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const caseId = filed.json().id as string;
    for (const who of ['hub', 'leader', 'admin'] as const) {
      const res = await as[who].get(`/api/v1/cases/${caseId}/policy-passages?limit=2`);
      expect(res.statusCode, who).toBe(200);
      expect(res.json().items[0]).toMatchObject({ documentId: doc.id, article: '第二条' });
      expect(res.json().items.length).toBeLessThanOrEqual(2);
    }
    for (const who of ['unit1', 'entA', 'liaison', 'discipline'] as const) {
      expect((await as[who].get(`/api/v1/cases/${caseId}/policy-passages`)).statusCode, who).toBe(403);
    }
    // Another jurisdiction's hub: the case does not exist there.
    const outside = await as.hubB.get(`/api/v1/cases/${caseId}/policy-passages`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('CASE_NOT_FOUND');
    expect((await as.hub.get(`/api/v1/cases/${caseId}/policy-passages?limit=99`)).statusCode).toBe(400);
    expect((await remove(as.admin, doc.id)).statusCode).toBe(204);
  });
});
