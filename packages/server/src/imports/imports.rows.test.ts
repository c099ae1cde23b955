import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnOfHeader, normalizeHeader } from './imports.columns.js';
import {
  categoryResolver,
  parseContactText,
  parseReceivedAt,
  regionResolver,
  splitDescription,
} from './imports.rows.js';
import { cellText, findTable } from './imports.sheet.js';

const NOW = new Date('2026-11-02T01:00:00Z'); // 2026-11-02 09:00 in Shanghai

describe('headers', () => {
  it.each([
    ['统一社会信用代码', '统一社会信用代码'],
    [' 企业名称（必填）', '企业名称'],
    ['*行业代码(GB/T 4754)', '行业代码'],
    ['联系电话*', '联系电话'],
    ['USCC', 'uscc'],
  ])('normalises %j to %j', (header, expected) => {
    expect(normalizeHeader(header)).toBe(expected);
  });

  it('takes the other spellings of a column', () => {
    expect(columnOfHeader('enterprises', '信用代码')?.key).toBe('uscc');
    expect(columnOfHeader('ledger', '存在问题、困难、诉求描述')?.key).toBe('description');
    expect(columnOfHeader('list', '诉求分类')?.key).toBe('category');
    expect(columnOfHeader('list', '经办人')).toBeUndefined();
  });
});

describe('the 附件2 description', () => {
  it.each([
    ['用电增容审批慢：申请两个月未批复。', { title: '用电增容审批慢', content: '申请两个月未批复。' }],
    [
      '厂区道路破损，影响货车通行，请修复。',
      { title: '厂区道路破损', content: '厂区道路破损，影响货车通行，请修复。' },
    ],
    [
      '企业在申请高新技术企业认定过程中遇到的材料准备问题需要指导并协助对接有关部门',
      {
        title: '企业在申请高新技术企业认定过程中遇到的材料准备问题需要指导并…',
        content: '企业在申请高新技术企业认定过程中遇到的材料准备问题需要指导并协助对接有关部门',
      },
    ],
    ['：只有冒号后', { title: '：只有冒号后', content: '：只有冒号后' }],
  ])('splits %j', (text, expected) => {
    expect(splitDescription(text)).toEqual(expected);
  });
});

describe('the 附件2 contact', () => {
  it.each([
    ['张三 13800001111', { name: '张三', phone: '13800001111', masked: false }],
    ['李四，电话：138 0000 2222', { name: '李四', phone: '13800002222', masked: false }],
    ['王五 0570-6012345', { name: '王五', phone: '0570-6012345', masked: false }],
    ['联系人 139****1111', { name: null, phone: null, masked: true }],
    ['赵六 139****1111', { name: '赵六', phone: null, masked: true }],
    ['办公室', { name: '办公室', phone: null, masked: false }],
  ])('reads %j', (text, expected) => {
    expect(parseContactText(text)).toEqual(expected);
  });
});

describe('the receipt time', () => {
  it.each([
    ['2026-11-01', '2026-11-01'],
    ['2026/11/1 9:05', '2026-11-01 09:05'],
    ['2026年11月2日', '2026-11-02'],
    ['2026-11-02 08:59', '2026-11-02 08:59'],
  ])('reads %j as %j', (text, expected) => {
    expect(parseReceivedAt({ value: text, text }, NOW)).toEqual({ text: expected });
  });

  it('reads date cells as the wall time typed, and Excel serial numbers', () => {
    const cell = new Date(Date.UTC(2026, 9, 30, 9, 30));
    expect(parseReceivedAt({ value: cell, text: cellText(cell) }, NOW)).toEqual({ text: '2026-10-30 09:30' });
    expect(parseReceivedAt({ value: 46_325, text: '46325' }, NOW)).toEqual({ text: '2026-10-30' });
  });

  it.each([['2026-11-02 09:01'], ['2026-11-03'], ['2026-02-30'], ['1999-12-31'], ['下周一'], ['2026-11-02 25:00']])(
    'refuses %j',
    (text) => {
      expect('problem' in parseReceivedAt({ value: text, text }, NOW)).toBe(true);
    },
  );
});

describe('reference data', () => {
  const categories = [
    { id: 'p', code: 'policy', name: '政策兑现', parentId: null },
    { id: 'e', code: 'env', name: '环境保护', parentId: null },
    { id: 'p1', code: 'policy.tax', name: '其他', parentId: 'p' },
    { id: 'e1', code: 'env.noise', name: '其他', parentId: 'e' },
  ];
  const category = categoryResolver(categories);

  it('finds a category by code, unique name or path, and says why not', () => {
    expect(category('policy')).toEqual({ id: 'p' });
    expect(category('环境保护')).toEqual({ id: 'e' });
    expect(category('政策兑现/其他')).toEqual({ id: 'p1' });
    expect(category('环境保护 > 其他')).toEqual({ id: 'e1' });
    expect(category('其他')).toMatchObject({ problem: { zh: expect.stringContaining('一级/二级') } });
    expect(category('交通')).toMatchObject({ problem: { zh: '本辖区没有“交通”这个诉求分类' } });
  });

  it('finds a region of the jurisdiction by code or name', () => {
    const region = regionResolver([
      { code: '330824', name: '开化县' },
      { code: '330824101', name: '华埠镇' },
    ]);
    expect(region('330824101')).toEqual({ id: '330824101' });
    expect(region('330824101 华埠镇')).toEqual({ id: '330824101' });
    expect(region('华埠镇')).toEqual({ id: '330824101' });
    expect(region('110101')).toMatchObject({ problem: { en: '110101 is not a region code of this jurisdiction' } });
  });
});

describe('finding the table', () => {
  it('finds the header below a title, on the first sheet that has one, and leaves blank rows out', () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('封面').addRow(['说明文字']);
    const sheet = book.addWorksheet('台账');
    sheet.addRow(['企业发展、项目建设问题台账']);
    sheet.addRow(['提报单位：华埠镇']);
    sheet.addRow([
      '序号',
      '企业名称',
      '存在问题、困难、诉求描述',
      '建议解决部门',
      '企业联系人及联系方式',
      '备注',
      '经办人',
    ]);
    sheet.addRow([1, '甲公司', '问题一：说明', '', '', '']);
    sheet.addRow([2]);
    sheet.addRow([]);
    sheet.addRow([3, '乙公司', { richText: [{ text: '问题' }, { text: '二' }] }]);
    const table = findTable(book, ['list', 'ledger']);
    expect(table).toMatchObject({ format: 'ledger', sheet: '台账', headerRow: 3, ignored: ['经办人'] });
    expect(table.rows.map((r) => [r.row, r.cells['description']?.text, r.cells['description']?.address])).toEqual([
      [4, '问题一：说明', 'C4'],
      [7, '问题二', 'C7'],
    ]);
  });
});
