import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { verifyChains } from '../events/audit.service.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { sheetText } from '../testing/sheets.js';
import type { World } from '../testing/world.js';
import { fixtureUscc, seedWorld, TEST_PASSWORD } from '../testing/world.js';

const BOUNDARY = 'qisuImportTestBoundary';

/** A multipart body with one file in field `file`. */
function form(bytes: Buffer, filename = 'import.xlsx'): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'content-type: application/octet-stream\r\n\r\n',
    ),
    bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

type Cell = string | number | Date | null;

/** A workbook whose first sheet holds these rows from row 1. */
async function xlsx(rows: Cell[][], sheetName = 'Sheet1'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const ENTERPRISE_HEADER = [
  '统一社会信用代码',
  '企业名称',
  '行业代码',
  '企业规模',
  '规模以上',
  '所属区划',
  '联系人',
  '联系电话',
  '备注',
];
const CASE_HEADER = [
  '标题',
  '内容',
  '企业统一社会信用代码',
  '企业名称',
  '联系人',
  '联系电话',
  '渠道',
  '类别',
  '诉求类型',
  '受理时间',
  '外部编号',
];

/** A code that fails GB 32100-2015's check character. */
const badCheck = (good: string) => good.slice(0, 17) + (good[17] === '0' ? '1' : '0');

describe.each(ENGINES)('import from Excel on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let as: Record<'admin' | 'hub' | 'unit1' | 'liaison' | 'entA' | 'hubB', Client>;

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    const clock = new ManualClock('2026-11-02T01:00:00Z');
    // 滕州's preset (seed 003), so that a filed case starts its clocks.
    await handle.db
      .transaction()
      .execute((trx) =>
        storeProfile(
          trx,
          w.jurisdictionA,
          { ...presetProfiles().get('tz')!, code: 'ta' },
          { userId: null, at: clock.now() },
        ),
      );
    app = await testApp(handle, clock, {
      rateLimitPerMinute: 100_000,
      loginFailuresPerIp: 1000,
    });
    as = {
      admin: await loginAs(app, 'ta.admin', TEST_PASSWORD),
      hub: await loginAs(app, 'ta.hub', TEST_PASSWORD),
      unit1: await loginAs(app, 'ta.unit1', TEST_PASSWORD),
      liaison: await loginAs(app, 'ta.liaison', TEST_PASSWORD),
      entA: await loginAs(app, 'ta.entA', TEST_PASSWORD),
      hubB: await loginAs(app, 'tb.hub', TEST_PASSWORD),
    };
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const upload = (
    client: Client,
    kind: 'enterprises' | 'cases',
    bytes: Buffer,
    options: { dryRun?: boolean; lang?: string; filename?: string } = {},
  ): Promise<LightMyRequestResponse> =>
    app.inject({
      method: 'POST',
      url: `/api/v1/imports/${kind}${options.dryRun ? '?dryRun=true' : ''}`,
      headers: {
        authorization: `Bearer ${client.token}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        ...(options.lang ? { 'accept-language': options.lang } : {}),
      },
      payload: form(bytes, options.filename),
    });

  const count = async (table: 'enterprises' | 'cases' | 'events' | 'clocks', jurisdictionId = w.jurisdictionA) => {
    const row =
      table === 'clocks'
        ? await handle.db
            .selectFrom('clocks')
            .innerJoin('cases', 'cases.id', 'clocks.case_id')
            .where('cases.jurisdiction_id', '=', jurisdictionId)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        : await handle.db
            .selectFrom(table)
            .where('jurisdiction_id', '=', jurisdictionId)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const counts = async () => ({
    enterprises: await count('enterprises'),
    cases: await count('cases'),
    events: await count('events'),
  });

  describe('templates', () => {
    it('gives each template with its header first and a sheet of instructions', async () => {
      for (const [kind, header] of [
        ['enterprises', ENTERPRISE_HEADER],
        ['cases', CASE_HEADER],
      ] as const) {
        const res = await as.hub.get(`/api/v1/imports/templates/${kind}.xlsx`);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('spreadsheetml');
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        const rows = sheetText(book.worksheets[0]!);
        expect(rows).toHaveLength(1);
        for (const name of header) expect(rows[0]).toContain(name);
        expect(book.worksheets[1]!.name).toBe('填写说明');
        expect(sheetText(book.worksheets[1]!).flat().join('')).toContain('整个文件都不导入');
        // The template as it is, with no row filled in, says so.
        const empty = await upload(as.hub, kind, Buffer.from(res.rawPayload));
        expect(empty.statusCode).toBe(400);
        expect(empty.json().error.code).toBe('IMPORT_FILE_INVALID');
        expect(empty.json().error.message).toContain('没有数据');
      }
    });
  });

  describe('enterprises', () => {
    const fresh = [1, 2, 3].map((n) => fixtureUscc('330824', 700 + n));

    it('checks a valid list on a dry run without writing, then imports it in one go', async () => {
      const bytes = await xlsx([
        ENTERPRISE_HEADER,
        [fresh[0]!, '导入一号科技有限公司', 'C2929', '小型', '是', '华埠镇', '王五', '13900002222', '新建厂房'],
        [fresh[1]!, '导入二号贸易有限公司', null, '微型', '否', '330824102', null, null, null],
        [
          ` ${fresh[2]!.toLowerCase()} `,
          '导入三号食品有限公司',
          'C14',
          'medium',
          null,
          null,
          '赵六',
          '139 0000 3333',
          null,
        ],
      ]);
      const before = await count('enterprises');
      const dry = await upload(as.hub, 'enterprises', bytes, { dryRun: true });
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({
        kind: 'enterprises',
        format: 'enterprises',
        dryRun: true,
        rows: 3,
        created: 3,
      });
      expect(
        dry.json().items.map((i: { row: number; action: string; id: unknown }) => [i.row, i.action, i.id]),
      ).toEqual([
        [2, 'create', null],
        [3, 'create', null],
        [4, 'create', null],
      ]);
      expect(await count('enterprises')).toBe(before);

      const res = await upload(as.hub, 'enterprises', bytes);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ dryRun: false, created: 3, updated: 0 });
      expect(await count('enterprises')).toBe(before + 3);
      const first = (await as.hub.get(`/api/v1/enterprises/${res.json().items[0].id}`)).json();
      expect(first).toMatchObject({
        uscc: fresh[0],
        name: '导入一号科技有限公司',
        industryCode: 'C2929',
        scale: 'small',
        aboveDesignatedSize: true,
        regionCode: '330824101',
        contacts: [{ name: '王五', mobile: '13900002222' }],
        notes: '新建厂房',
        liaisonUserId: null,
      });
      const third = (await as.hub.get(`/api/v1/enterprises/${res.json().items[2].id}`)).json();
      expect(third).toMatchObject({ uscc: fresh[2], scale: 'medium', contacts: [{ mobile: '13900003333' }] });
    });

    it('updates an enterprise already registered from the filled cells, keeping the blank ones', async () => {
      const bytes = await xlsx([
        ['企业名称', '统一社会信用代码', '备注', '联系人', '联系电话'],
        ['导入一号科技有限公司', fresh[0]!, '厂房已投产', '王五', '13900004444'],
      ]);
      const before = await count('enterprises');
      const res = await upload(as.admin, 'enterprises', bytes);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ created: 0, updated: 1 });
      expect(res.json().items[0]).toMatchObject({ row: 2, action: 'update' });
      expect(res.json().items[0].notes[0]).toContain('按本行更新');
      expect(await count('enterprises')).toBe(before);
      const entry = (await as.hub.get(`/api/v1/enterprises/${res.json().items[0].id}`)).json();
      expect(entry).toMatchObject({
        notes: '厂房已投产',
        industryCode: 'C2929',
        regionCode: '330824101',
        contacts: [{ name: '王五', mobile: '13900004444' }],
      });
    });

    it('answers 400 naming row 3 and the USCC column for a bad code, and writes nothing', async () => {
      const good = fixtureUscc('330824', 711);
      const bytes = await xlsx([
        ENTERPRISE_HEADER,
        [good, '校验一号有限公司', null, null, null, null, null, null, null],
        [badCheck(fixtureUscc('330824', 712)), '校验二号有限公司', null, null, null, null, null, null, null],
        [fixtureUscc('330824', 713), '校验三号有限公司', null, null, null, null, null, null, null],
      ]);
      const before = await counts();
      const res = await upload(as.hub, 'enterprises', bytes);
      expect(res.statusCode).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('IMPORT_INVALID');
      expect(error.message).toContain('1 处错误');
      expect(error.errors).toEqual([
        {
          row: 3,
          column: '统一社会信用代码',
          cell: 'A3',
          value: badCheck(fixtureUscc('330824', 712)),
          message: '统一社会信用代码无效（校验位错误）',
        },
      ]);
      expect(await counts()).toEqual(before);
      const en = (await upload(as.hub, 'enterprises', bytes, { lang: 'en-US' })).json().error;
      expect(en.message).toContain('1 errors');
      expect(en.errors[0].message).toBe('invalid unified social credit code (wrong check character)');
    });

    it('lists every bad cell of every row, a repeated code included', async () => {
      const code = fixtureUscc('330824', 721);
      const bytes = await xlsx([
        ENTERPRISE_HEADER,
        [code, '甲', 'X99', '巨型', '也许', '北京', '张三', null, null],
        [code, '重复代码有限公司', null, null, null, null, null, '13800000000', null],
        [9133082412345678, '数字格式有限公司', null, null, null, null, null, null, null],
      ]);
      const res = await upload(as.hub, 'enterprises', bytes);
      expect(res.statusCode).toBe(400);
      const errors = res.json().error.errors as { row: number; column: string; message: string }[];
      expect(errors.map((e) => [e.row, e.column])).toEqual([
        [2, '企业名称'],
        [2, '行业代码'],
        [2, '企业规模'],
        [2, '规模以上'],
        [2, '所属区划'],
        [2, '联系电话'],
        [3, '联系人'],
        [4, '统一社会信用代码'],
      ]);
      expect(errors.find((e) => e.column === '所属区划')!.message).toBe('本辖区没有名为“北京”的区划');
      expect(errors.find((e) => e.row === 4)!.message).toContain('设为“文本”');
      // Fixed, row 3 repeats row 2's code.
      const fixed = await xlsx([
        ['统一社会信用代码', '企业名称'],
        [code, '重复代码一号有限公司'],
        [code, '重复代码二号有限公司'],
      ]);
      const repeated = (await upload(as.hub, 'enterprises', fixed)).json().error.errors;
      expect(repeated).toEqual([
        { row: 3, column: '统一社会信用代码', cell: 'A3', value: code, message: '与第 2 行重复' },
      ]);
    });

    it('imports into the caller’s own jurisdiction only', async () => {
      const usccA = fixtureUscc('330824', 1);
      const res = await upload(
        as.hubB,
        'enterprises',
        await xlsx([
          ['统一社会信用代码', '企业名称'],
          [usccA, '乙县分公司'],
        ]),
      );
      expect(res.statusCode).toBe(200);
      expect(res.json().items[0].action).toBe('create');
      const a = (await as.hub.get(`/api/v1/enterprises/${w.enterprises.a}`)).json();
      expect(a.name).toBe('甲县一号材料有限公司');
    });
  });

  describe('refusals of the file', () => {
    it('refuses a file that is not an .xlsx, an old .xls, a header without a required column, and no header', async () => {
      const text = await upload(as.hub, 'enterprises', Buffer.from('统一社会信用代码,企业名称\n'), {
        filename: 'a.csv',
      });
      expect(text.statusCode).toBe(400);
      expect(text.json().error).toMatchObject({ code: 'IMPORT_FILE_INVALID', field: 'file' });
      expect(text.json().error.message).toContain('不是 Excel 表格');

      const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
      expect((await upload(as.hub, 'enterprises', xls)).json().error.message).toContain('.xls');

      const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
      expect((await upload(as.hub, 'cases', broken)).json().error.code).toBe('IMPORT_FILE_INVALID');

      const missing = await upload(
        as.hub,
        'enterprises',
        await xlsx([
          ['企业名称', '行业代码'],
          ['缺列有限公司', 'C2929'],
        ]),
      );
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.message).toBe('无法导入：工作表“Sheet1”第 1 行的表头缺少必填列 “统一社会信用代码”');

      const noHeader = await upload(as.hub, 'cases', await xlsx([['随便写的'], ['一些内容']]));
      expect(noHeader.json().error.message).toContain('未找到表头');
      const empty = await upload(as.hub, 'cases', await xlsx([]));
      expect(empty.json().error.code).toBe('IMPORT_FILE_INVALID');
      const none = await app.inject({
        method: 'POST',
        url: '/api/v1/imports/cases',
        headers: { authorization: `Bearer ${as.hub.token}` },
        payload: { file: 'x' },
      });
      expect(none.statusCode).toBe(400);
    });

    it('answers 413 for a file over 5 MB', async () => {
      const big = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(5 * 1_048_576)]);
      const res = await upload(as.hub, 'cases', big);
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('IMPORT_FILE_TOO_LARGE');
    });
  });

  describe('cases', () => {
    const newUscc = fixtureUscc('330824', 731);
    const listRows = (): Cell[][] => [
      CASE_HEADER,
      [
        '用电增容审批慢',
        '申请增容两个月未批复。',
        fixtureUscc('330824', 1),
        null,
        '李四',
        '13900005555',
        '电话',
        '政策兑现',
        '投诉',
        new Date(Date.UTC(2026, 9, 30, 9, 30)),
        'EXT-001',
      ],
      [
        '新企业的诉求',
        '希望了解招工补贴。',
        newUscc,
        '导入新登记有限公司',
        null,
        null,
        null,
        null,
        '咨询',
        '2026-11-01',
        'EXT-002',
      ],
      [
        '只有企业名称',
        '道路施工影响出入。',
        null,
        '台账里没有的公司',
        null,
        null,
        '12345 热线',
        null,
        null,
        null,
        'EXT-003',
      ],
      ['不带编号的诉求', '园区停车位不足。', null, '甲县二号机械有限公司', null, null, null, null, null, null, null],
    ];

    it('files each row through the cases’ own filing: number, event, clocks, enterprise', async () => {
      const before = await counts();
      const dry = await upload(as.hub, 'cases', await xlsx(listRows()), { dryRun: true });
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({ format: 'list', created: 4, skipped: 0, enterprisesRegistered: 1 });
      expect(await counts()).toEqual(before);

      const res = await upload(as.hub, 'cases', await xlsx(listRows()));
      expect(res.statusCode).toBe(200);
      const result = res.json();
      expect(result).toMatchObject({ created: 4, skipped: 0, enterprisesRegistered: 1 });
      expect(result.items.every((i: { number: string }) => /^TA-2026-\d{6}$/.test(i.number))).toBe(true);
      expect(await counts()).toEqual({
        enterprises: before.enterprises + 1,
        cases: before.cases + 4,
        events: before.events + 4,
      });
      expect(result.items[2].notes[0]).toContain('企业台账中没有“台账里没有的公司”');

      const first = (await as.hub.get(`/api/v1/cases/${result.items[0].id}`)).json();
      expect(first).toMatchObject({
        status: 'submitted',
        channel: 'phone',
        kind: 'complaint',
        category: { id: w.categoryId },
        enterprise: { id: w.enterprises.a },
        externalRef: 'EXT-001',
      });
      expect(first.content).toContain('原受理时间：2026-10-30 09:30');
      // The clocks of 滕州's profile run from the import, as for a case filed by hand.
      const byHand = (await as.hub.post('/api/v1/cases', { title: '手工提交', content: '对照' })).json();
      const manual = (await as.hub.get(`/api/v1/cases/${byHand.id}`)).json();
      expect(first.clocks.length).toBeGreaterThan(0);
      expect(first.clocks.map((c: { milestone: string }) => c.milestone)).toEqual(
        manual.clocks.map((c: { milestone: string }) => c.milestone),
      );
      expect(first.clocks[0].startedAt).toBe('2026-11-02T01:00:00.000Z');
      const second = (await as.hub.get(`/api/v1/cases/${result.items[1].id}`)).json();
      expect(second).toMatchObject({ channel: 'other', kind: 'consultation' });
      const registered = (await as.hub.get(`/api/v1/enterprises/${second.enterprise.id}`)).json();
      expect(registered).toMatchObject({ uscc: newUscc, name: '导入新登记有限公司' });
      const third = (await as.hub.get(`/api/v1/cases/${result.items[2].id}`)).json();
      expect(third).toMatchObject({ channel: 'hotline12345', enterprise: null });
      expect(third.content).toContain('企业名称：台账里没有的公司');
      const fourth = (await as.hub.get(`/api/v1/cases/${result.items[3].id}`)).json();
      expect(fourth.enterprise.id).toBe(w.enterprises.b);

      const events = (await as.hub.get(`/api/v1/cases/${result.items[0].id}/events`)).json();
      expect(events.map((e: { type: string }) => e.type)).toEqual(['created']);
      expect((await verifyChains(handle.db)).every((r) => r.intact)).toBe(true);
    });

    it('does not file a row again whose 外部编号 was imported before', async () => {
      const before = await counts();
      const res = await upload(as.hub, 'cases', await xlsx(listRows()));
      expect(res.statusCode).toBe(200);
      // The three rows with a reference are skipped; the one without is filed again.
      expect(res.json()).toMatchObject({ created: 1, skipped: 3, enterprisesRegistered: 0 });
      expect(res.json().items[0]).toMatchObject({ action: 'skip', id: null });
      expect(res.json().items[0].notes).toContain('外部编号 EXT-001 已导入为诉求 TA-2026-000001，跳过');
      expect(await count('cases')).toBe(before.cases + 1);
      // A reference twice in one file is an error of the second row.
      const twice = await upload(
        as.hub,
        'cases',
        await xlsx([
          ['标题', '内容', '外部编号'],
          ['一', '内容一', 'EXT-900'],
          ['二', '内容二', 'EXT-900'],
        ]),
      );
      expect(twice.statusCode).toBe(400);
      expect(twice.json().error.errors).toEqual([
        { row: 3, column: '外部编号', cell: 'C3', value: 'EXT-900', message: '外部编号与第 2 行重复' },
      ]);
    });

    it('names every bad cell of a case row and writes nothing', async () => {
      const before = await counts();
      const res = await upload(
        as.hub,
        'cases',
        await xlsx([
          CASE_HEADER,
          [null, '没有标题', null, null, null, null, null, null, null, null, null],
          [
            '标题',
            '内容',
            badCheck(newUscc),
            null,
            '张三',
            '12345',
            '飞鸽',
            '不存在的分类',
            '抱怨',
            '2027-01-01',
            null,
          ],
          ['标题', '内容', fixtureUscc('330824', 741), null, null, null, null, null, null, '2026-13-40', null],
        ]),
        { lang: 'en-US' },
      );
      expect(res.statusCode).toBe(400);
      const errors = res.json().error.errors as { row: number; column: string; message: string }[];
      expect(errors.map((e) => [e.row, e.column])).toEqual([
        [2, '标题'],
        [3, '企业统一社会信用代码'],
        [3, '联系电话'],
        [3, '渠道'],
        [3, '诉求类型'],
        [3, '类别'],
        [3, '受理时间'],
        [4, '企业统一社会信用代码'],
        [4, '受理时间'],
      ]);
      expect(errors[0]!.message).toBe('is required');
      expect(errors.find((e) => e.column === '受理时间')!.message).toBe('must not be later than now');
      expect(await counts()).toEqual(before);
    });

    it('re-imports the 附件2 问题台账 the product exports', async () => {
      const exported = await as.hub.get('/api/v1/exports/problem-ledger.xlsx?from=2026-11-01&to=2026-12-01');
      expect(exported.statusCode).toBe(200);
      const bytes = Buffer.from(exported.rawPayload);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      const ledger = sheetText(book.worksheets[0]!);
      const rows = ledger.length - 1;
      expect(rows).toBe(await count('cases'));

      // As exported, every row is a case of this platform already: nothing is filed twice.
      const before = await counts();
      const again = await upload(as.hub, 'cases', bytes);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ format: 'ledger', rows, created: 0, skipped: rows });
      expect(await counts()).toEqual(before);

      // Filled in by a town on the same form — a title and a reporter line above the header, no
      // platform numbers — every row becomes a case.
      const town = new ExcelJS.Workbook();
      const sheet = town.addWorksheet('问题台账');
      sheet.addRow(['企业发展、项目建设问题台账']);
      sheet.addRow(['提报单位：华埠镇', null, null, null, '提报时间：2026-11-02']);
      sheet.addRow(ledger[0]!);
      for (const line of ledger.slice(1)) sheet.addRow([...line.slice(0, 5), '']);
      sheet.addRow(['', '', '问题描述应符合政策要求，简明、准确', '', '', '']);
      const res = await upload(as.hub, 'cases', Buffer.from(await town.xlsx.writeBuffer()));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ format: 'ledger', headerRow: 3, rows, created: rows, skipped: 0 });
      expect(await count('cases')).toBe(before.cases + rows);
      const byTitle = new Map(
        (res.json().items as { label: string; id: string }[]).map((i) => [i.label, i.id] as const),
      );
      const filed = (await as.hub.get(`/api/v1/cases/${byTitle.get('用电增容审批慢')!}`)).json();
      expect(filed).toMatchObject({ enterprise: { id: w.enterprises.a }, channel: 'other', status: 'submitted' });
      expect(filed.content).toMatch(/^申请增容两个月未批复。/);
      // The export masks the contact: kept in the content, the case takes the enterprise's contact.
      expect(filed.content).toContain('企业联系人及联系方式：李四');

      // Another jurisdiction takes the form with the numbers as references: a second import skips them.
      const b1 = await upload(as.hubB, 'cases', bytes);
      expect(b1.json()).toMatchObject({ created: rows, skipped: 0 });
      const b2 = await upload(as.hubB, 'cases', bytes);
      expect(b2.json()).toMatchObject({ created: 0, skipped: rows });
    });

    it('rolls every row back when a late row fails while being written', async () => {
      const title = '回滚测试同名诉求';
      await sql`CREATE UNIQUE INDEX import_rollback_probe ON cases (title) WHERE title = ${sql.lit(title)}`.execute(
        handle.db,
      );
      try {
        const rows: Cell[][] = [CASE_HEADER];
        for (let i = 0; i < 60; i++) {
          const late = i === 2 || i === 56;
          rows.push([
            late ? title : `回滚测试 ${i}`,
            '内容',
            i === 1 ? fixtureUscc('330824', 751) : null,
            i === 1 ? '回滚测试新企业有限公司' : null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
          ]);
        }
        const before = { ...(await counts()), clocks: await count('clocks') };
        const dry = await upload(as.hub, 'cases', await xlsx(rows), { dryRun: true });
        expect(dry.json()).toMatchObject({ created: 60 });
        const res = await upload(as.hub, 'cases', await xlsx(rows));
        expect(res.statusCode).toBe(409);
        expect(res.json().error.code).toBe('IMPORT_WRITE_FAILED');
        expect(res.json().error.message).toMatch(/^第 58 行写入时失败（.+），已全部撤销，未导入任何数据$/);
        expect({ ...(await counts()), clocks: await count('clocks') }).toEqual(before);
        expect((await verifyChains(handle.db)).every((r) => r.intact)).toBe(true);
      } finally {
        await sql`DROP INDEX import_rollback_probe`.execute(handle.db);
      }
    });
  });

  describe('who may import', () => {
    it('refuses a unit handler, a liaison and an enterprise (403) before reading the file', async () => {
      const bytes = await xlsx([
        ['统一社会信用代码', '企业名称'],
        [fixtureUscc('330824', 761), '越权有限公司'],
      ]);
      for (const client of [as.unit1, as.liaison, as.entA]) {
        for (const kind of ['enterprises', 'cases'] as const) {
          const res = await upload(client, kind, bytes);
          expect(res.statusCode).toBe(403);
          expect(res.json().error.code).toBe('FORBIDDEN');
          expect((await client.get(`/api/v1/imports/templates/${kind}.xlsx`)).statusCode).toBe(403);
        }
      }
      const anonymous = await app.inject({
        method: 'POST',
        url: '/api/v1/imports/enterprises',
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        payload: form(bytes),
      });
      expect(anonymous.statusCode).toBe(401);
    });
  });
});
