import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { verifyChains } from '../events/audit.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { contentDisposition, displayName, formatBytes, sniffAttachment } from './attachments.sniff.js';
import { BlobStore } from './attachments.storage.js';
import { TEST_PII } from '../testing/pii.js';

// ---- fixtures, built from their formats' first principles -------------------------------

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    let c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A valid 1×1 RGB PNG. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0xc0, 0x30, 0x30]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const pdf = () =>
  Buffer.from(
    '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n' +
      'trailer <</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );

/** A zip with stored (uncompressed) entries, enough for any reader of local headers. */
function zip(entries: [name: string, content: string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [entryName, content] of entries) {
    const name = Buffer.from(entryName, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const ooxml = (part: 'word' | 'xl' | 'ppt', main: string) =>
  zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        `<Override PartName="/${part}/main.xml" ContentType="application/vnd.openxmlformats-officedocument.${main}.main+xml"/></Types>`,
    ],
    [`${part}/main.xml`, '<x/>'],
  ]);
const docx = () => ooxml('word', 'wordprocessingml.document');

/** An OLE compound file whose directory holds one stream of the given name. */
function compoundFile(streamName: string): Buffer {
  const buf = Buffer.alloc(1536);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0x3e, 24);
  buf.writeUInt16LE(3, 26);
  buf.writeUInt16LE(0xfffe, 28);
  buf.writeUInt16LE(9, 30);
  buf.writeUInt16LE(6, 32);
  const entry = (index: number, name: string, type: number) => {
    const at = 512 + index * 128;
    const encoded = Buffer.from(`${name}\0`, 'utf16le');
    encoded.copy(buf, at);
    buf.writeUInt16LE(encoded.length, at + 64);
    buf[at + 66] = type;
  };
  entry(0, 'Root Entry', 5);
  entry(1, streamName, 2);
  return buf;
}

/** Windows PE ("MZ") and Linux ELF headers. */
const exe = () =>
  Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), randomBytes(64)]);
const elf = () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);
const garbage = () =>
  Buffer.from([0x13, 0x37, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x9c, 0xff, 0x01, 0x80, 0xc3, 0x28, 0x00]);

interface Part {
  field: string;
  filename?: string;
  type?: string;
  content: Buffer | string;
}

/** A multipart/form-data body as a browser sends it (file names as raw UTF-8). */
function form(...parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----qisu${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\ncontent-disposition: form-data; name="${p.field}"`;
    if (p.filename !== undefined)
      head += `; filename="${p.filename}"\r\ncontent-type: ${p.type ?? 'application/octet-stream'}`;
    chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), Buffer.from(p.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

// ---- pure rules --------------------------------------------------------------------------

describe('attachment type sniffing', () => {
  it('accepts images, PDF and Office files by their bytes', async () => {
    expect(await sniffAttachment(png())).toEqual({ ok: true, ext: 'png', mime: 'image/png' });
    expect(await sniffAttachment(pdf())).toEqual({ ok: true, ext: 'pdf', mime: 'application/pdf' });
    expect(await sniffAttachment(docx())).toMatchObject({ ok: true, ext: 'docx' });
    expect(await sniffAttachment(ooxml('xl', 'spreadsheetml.sheet'))).toMatchObject({ ok: true, ext: 'xlsx' });
    expect(await sniffAttachment(ooxml('ppt', 'presentationml.presentation'))).toMatchObject({ ok: true, ext: 'pptx' });
  });

  it('tells Word and Excel 97–2003 from other compound files such as installers', async () => {
    expect(await sniffAttachment(compoundFile('WordDocument'))).toEqual({
      ok: true,
      ext: 'doc',
      mime: 'application/msword',
    });
    expect(await sniffAttachment(compoundFile('Workbook'))).toMatchObject({ ok: true, ext: 'xls' });
    expect(await sniffAttachment(compoundFile('\u0005SummaryInformation'))).toEqual({ ok: false, detected: 'cfb' });
  });

  it('refuses executables, plain zips and binary garbage, and accepts UTF-8 text only', async () => {
    expect(await sniffAttachment(exe())).toEqual({ ok: false, detected: 'exe' });
    expect(await sniffAttachment(elf())).toEqual({ ok: false, detected: 'elf' });
    expect(await sniffAttachment(zip([['readme.txt', 'hello']]))).toEqual({ ok: false, detected: 'zip' });
    expect(await sniffAttachment(garbage())).toEqual({ ok: false, detected: null });
    expect(await sniffAttachment(Buffer.from('整改情况说明\n第一条', 'utf8'))).toEqual({
      ok: true,
      ext: 'txt',
      mime: 'text/plain; charset=utf-8',
    });
    expect(await sniffAttachment(Buffer.from([0xd5, 0xfb, 0xb8, 0xc4, 0xc7, 0xe9]))).toEqual({
      ok: false,
      detected: null,
    });
  });

  it('keeps the file name for display only, without paths, controls or excess length', () => {
    expect(displayName('C:\\Users\\张三\\整改报告.pdf', 'pdf')).toBe('整改报告.pdf');
    expect(displayName('../../etc/passwd', 'txt')).toBe('passwd');
    expect(displayName('  photo\u202egnp.exe  ', 'png')).toBe('photognp.exe');
    expect(displayName('', 'png')).toBe('attachment.png');
    expect(displayName('..', 'pdf')).toBe('attachment.pdf');
    const long = displayName(`${'很长的名字'.repeat(60)}.docx`, 'docx');
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('.docx')).toBe(true);
  });

  it('encodes names for content-disposition per RFC 5987', () => {
    expect(contentDisposition('现场照片 (1).png')).toBe(
      "attachment; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87%20%281%29.png",
    );
    expect(contentDisposition("it's*.txt")).toBe("attachment; filename*=UTF-8''it%27s%2A.txt");
    expect(formatBytes(10_485_760)).toBe('10 MB');
    expect(formatBytes(1536)).toBe('1.5 KB');
  });
});

describe('blob store', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'qisu-blobs-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes a blob once under its hash and leaves no temporary file', async () => {
    const store = new BlobStore(root);
    const sha = 'ab'.repeat(32);
    expect(await store.put(sha, Buffer.from('one'))).toEqual({ written: true });
    expect(await store.put(sha, Buffer.from('one'))).toEqual({ written: false });
    expect(await readdir(join(root, 'ab'))).toEqual([sha]);
    expect(() => store.pathOf('../../etc/passwd')).toThrow();
    await expect(store.open(sha, 99)).rejects.toThrow(/3 bytes/);
  });
});

// ---- the HTTP API ------------------------------------------------------------------------

describe.each(ENGINES)('attachments on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  let storage: string;
  let caseA: string; // enterprise A, lead dept1 (unit1), co dept2 (unit2), signed
  let closedCase: string;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    storage = await mkdtemp(join(tmpdir(), 'qisu-att-'));
    app = await testApp(handle, clock, { storageDir: storage, rateLimitPerMinute: 100_000 });
    caseA = await driveTo(deps, w, 'signed');
    closedCase = await driveTo(deps, w, 'closed', '已销号的诉求');
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    await rm(storage, { recursive: true, force: true });
  });

  const token = async (user: string) => {
    let t = tokens.get(user);
    if (!t) {
      t = (await loginAs(app, user, TEST_PASSWORD)).token;
      tokens.set(user, t);
    }
    return t;
  };
  const upload = async (user: string, caseId: string, body: ReturnType<typeof form>, lang = 'zh-CN') => {
    clock.advance(1000);
    return app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/attachments`,
      headers: { authorization: `Bearer ${await token(user)}`, 'accept-language': lang, ...body.headers },
      payload: body.payload,
    });
  };
  const get = async (user: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await token(user)}` } });
  const file = (filename: string, content: Buffer | string, type?: string) =>
    form({ field: 'file', filename, content, ...(type ? { type } : {}) });

  it('stores a PNG, a PDF and a docx with the types their bytes show, whatever the client claims', async () => {
    const a = await upload('ta.entA', caseA, file('现场照片.png', png(), 'application/pdf'));
    expect(a.statusCode).toBe(201);
    expect(a.json()).toEqual({
      id: expect.any(String),
      caseId: caseA,
      name: '现场照片.png',
      size: png().length,
      mime: 'image/png',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      uploadedBy: { id: w.actors.entA.userId, name: 'ta.entA' },
      sourceUrl: null,
      createdAt: expect.any(String),
    });
    const b = await upload('ta.unit1', caseA, file('整改方案.bin', pdf(), 'image/png'));
    expect(b.statusCode).toBe(201);
    expect(b.json()).toMatchObject({ name: '整改方案.bin', mime: 'application/pdf' });
    const c = await upload('ta.hub', caseA, file('report.docx', docx()));
    expect(c.statusCode).toBe(201);
    expect(c.json().mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');

    const list = await get('ta.leader', `/api/v1/cases/${caseA}/attachments`);
    expect(list.statusCode).toBe(200);
    expect(list.json().map((x: { name: string }) => x.name)).toEqual(['现场照片.png', '整改方案.bin', 'report.docx']);
  });

  it('refuses an executable named .png, a plain zip and binary garbage with 415 naming the type', async () => {
    const asPng = await upload('ta.entA', caseA, file('photo.png', exe(), 'image/png'));
    expect(asPng.statusCode).toBe(415);
    expect(asPng.json().error).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', detectedType: 'exe' });
    expect(asPng.json().error.message).toContain('检测到的类型：exe');

    const elfEn = await upload('ta.entA', caseA, file('photo.png', elf()), 'en-US');
    expect(elfEn.statusCode).toBe(415);
    expect(elfEn.json().error.message).toContain('detected: elf');

    const plainZip = await upload('ta.entA', caseA, file('files.docx', zip([['a.txt', 'x']])));
    expect(plainZip.json().error).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', detectedType: 'zip' });

    const junk = await upload('ta.entA', caseA, file('notes.txt', garbage(), 'text/plain'));
    expect(junk.statusCode).toBe(415);
    expect(junk.json().error.message).toContain('无法识别的二进制内容');
  });

  it('accepts UTF-8 text as text/plain', async () => {
    const res = await upload('ta.unit2', caseA, file('说明.txt', '协办单位意见：同意。\n'));
    expect(res.statusCode).toBe(201);
    expect(res.json().mime).toBe('text/plain; charset=utf-8');
  });

  it('answers 413 with the limit for a file over 10 MB and 400 for an empty or missing file', async () => {
    const big = await upload('ta.entA', caseA, file('big.txt', Buffer.alloc(10_485_761, 0x61)));
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'ATTACHMENT_TOO_LARGE', limitBytes: 10_485_760 });
    expect(big.json().error.message).toContain('10 MB');
    const exact = await upload('ta.entA', caseA, file('exact.txt', Buffer.alloc(10_485_760, 0x62)));
    expect(exact.statusCode).toBe(201);

    const empty = await upload('ta.entA', caseA, file('empty.txt', ''));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'file' });
    const wrongField = await upload('ta.entA', caseA, form({ field: 'upload', filename: 'a.txt', content: 'abc' }));
    expect(wrongField.statusCode).toBe(400);
    const json = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseA}/attachments`,
      headers: { authorization: `Bearer ${await token('ta.entA')}` },
      payload: { file: 'abc' },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.field).toBe('file');
  });

  it('keeps multipart to its own routes: other routes still refuse it', async () => {
    const body = form({ field: 'title', content: 'x' });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${await token('ta.entA')}`, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(415);
  });

  it('stores the same bytes once on disk for two rows', async () => {
    const bytes = Buffer.from(`同一份文件 ${randomBytes(8).toString('hex')}`, 'utf8');
    const first = await upload('ta.entA', caseA, file('一.txt', bytes));
    const second = await upload('ta.hub', caseA, file('二.txt', bytes));
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    const sha = first.json().sha256 as string;
    expect(second.json().sha256).toBe(sha);
    expect(second.json().id).not.toBe(first.json().id);
    // Other blobs of this run may share the two-character shard; this content is there once, finished.
    const shard = await readdir(join(storage, 'attachments', sha.slice(0, 2)));
    expect(shard.filter((name) => name.includes(sha))).toEqual([sha]);
    const rows = await handle.db.selectFrom('attachments').select('id').where('sha256', '=', sha).execute();
    expect(rows).toHaveLength(2);
  });

  it('serves the identical bytes with the sniffed type, an RFC 5987 name, nosniff and private caching', async () => {
    const bytes = png();
    const created = (await upload('ta.entA', caseA, file('现场照片 (2).png', bytes))).json();
    const res = await get('ta.unit1', `/api/v1/attachments/${created.id}`);
    expect(res.statusCode).toBe(200);
    expect(Buffer.compare(res.rawPayload, bytes)).toBe(0);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(
      "attachment; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87%20%282%29.png",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private');
    expect(Number(res.headers['content-length'])).toBe(bytes.length);
  });

  it('answers 404 to another unit, another enterprise and another jurisdiction on list, download and upload', async () => {
    const one = (await get('ta.entA', `/api/v1/cases/${caseA}/attachments`)).json()[0].id as string;
    for (const outsider of ['ta.unit3', 'ta.entB', 'tb.hub', 'tb.unit']) {
      expect((await get(outsider, `/api/v1/cases/${caseA}/attachments`)).statusCode).toBe(404);
      const download = await get(outsider, `/api/v1/attachments/${one}`);
      expect(download.statusCode).toBe(404);
      expect(download.json().error.code).toBe('ATTACHMENT_NOT_FOUND');
      const up = await upload(outsider, caseA, file('x.txt', 'x'));
      expect(up.statusCode).toBe(404);
      expect(up.json().error.code).toBe('CASE_NOT_FOUND');
    }
    expect(
      (await get('ta.entA', `/api/v1/attachments/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).statusCode,
    ).toBe(404);
  });

  it('lets the leader, the discipline commission and the town download what they see, but not upload (403)', async () => {
    await runCaseCommand(deps, w.actors.hub, caseA, 'escalate', { to: 'discipline', reason: '推诿扯皮' });
    const one = (await get('ta.hub', `/api/v1/cases/${caseA}/attachments`)).json()[0].id as string;
    for (const reader of ['ta.leader', 'ta.discipline', 'ta.town']) {
      expect((await get(reader, `/api/v1/cases/${caseA}/attachments`)).statusCode).toBe(200);
      expect((await get(reader, `/api/v1/attachments/${one}`)).statusCode).toBe(200);
      const up = await upload(reader, caseA, file('x.txt', 'x'));
      expect(up.statusCode).toBe(403);
      expect(up.json().error.code).toBe('FORBIDDEN');
    }
    for (const writer of ['ta.liaison', 'ta.head1']) {
      expect((await upload(writer, caseA, file(`${writer}.txt`, writer))).statusCode).toBe(201);
    }
  });

  it('answers 409 with the current status on a finished case', async () => {
    const res = await upload('ta.entA', closedCase, file('late.txt', '补充材料'));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'ATTACHMENT_CASE_FINISHED', currentStatus: 'closed' });
    expect((await get('ta.entA', `/api/v1/cases/${closedCase}/attachments`)).json()).toEqual([]);
  });

  it('answers 409 beyond 20 attachments on one case', async () => {
    const id = await driveTo(deps, w, 'screening', '附件很多的诉求');
    for (let i = 0; i < 20; i++)
      expect((await upload('ta.entA', id, file(`${i}.txt`, `第${i}份`))).statusCode).toBe(201);
    const res = await upload('ta.entA', id, file('21.txt', '第21份'));
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'ATTACHMENT_LIMIT', max: 20 });
    expect((await get('ta.entA', `/api/v1/cases/${id}/attachments`)).json()).toHaveLength(20);
  });

  it('records each upload as an attachment_added event and keeps the chain intact', async () => {
    const created = (await upload('ta.entA', caseA, file('链.txt', '留痕'))).json();
    const events = (await get('ta.entA', `/api/v1/cases/${caseA}/events`)).json<
      { type: string; actorId: string; payload: Record<string, unknown> }[]
    >();
    const added = events.filter((e) => e.type === 'attachment_added');
    expect(added.length).toBeGreaterThanOrEqual(10);
    expect(added.at(-1)).toMatchObject({
      actorId: w.actors.entA.userId,
      payload: { attachmentId: created.id, name: '链.txt', sha256: created.sha256, mime: 'text/plain; charset=utf-8' },
    });
    const count = await handle.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseA)
      .executeTakeFirstOrThrow();
    expect(added).toHaveLength(Number(count.n));
    const reports = await verifyChains(handle.db);
    expect(reports.find((r) => r.jurisdiction === 'ta')).toMatchObject({ intact: true });
  });

  it('documents the three endpoints in the OpenAPI file', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths['/api/v1/cases/{id}/attachments'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths['/api/v1/attachments/{id}'].get).toBeDefined();
  });
});
