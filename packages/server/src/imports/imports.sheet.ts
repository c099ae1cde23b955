import ExcelJS from 'exceljs';
import { AppError } from '../errors.js';
import type { ColumnSpec, ImportKind, SheetFormat } from './imports.columns.js';
import {
  CASE_LIST_COLUMNS,
  columnOfHeader,
  COLUMNS_OF,
  ENTERPRISE_COLUMNS,
  HEADER_SEARCH_ROWS,
  IMPORT_MAX_ROWS,
  LEDGER_HINT,
} from './imports.columns.js';

/** One cell of a data row: its text as the reader sees it, its raw value, and where it is. */
export interface SheetCell {
  text: string;
  value: ExcelJS.CellValue;
  /** `B3`, as Excel names the cell. */
  address: string;
  /** The column's header as the file writes it. */
  header: string;
}

/** A data row: its number in the sheet (as Excel shows it) and its cells by column key. */
export interface DataRow {
  row: number;
  cells: Partial<Record<string, SheetCell>>;
}

/** The table found in a workbook: which format its header row names, where, and its data rows. */
export interface SheetTable {
  format: SheetFormat;
  sheet: string;
  headerRow: number;
  /** The header of each recognised column, by key, as the file writes it. */
  headers: Partial<Record<string, { header: string; col: number }>>;
  /** Headers of the header row that no column of the format takes. */
  ignored: string[];
  rows: DataRow[];
}

/** A 400 for a file that cannot be imported at all, said in both languages. */
export function fileProblem(zh: string, en: string): AppError {
  return new AppError('IMPORT_FILE_INVALID', { reasonZh: zh, reasonEn: en }, { field: 'file' });
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Buffer, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * The workbook of an uploaded .xlsx. The type comes from the bytes (a zip), not the name; an old
 * .xls, a CSV, a Word document or a broken zip is a 400 that says what to do.
 */
export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  if (bytes.length === 0) throw fileProblem('文件为空', 'the file is empty');
  if (startsWith(bytes, OLE)) {
    throw fileProblem(
      '不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后导入',
      'old Excel (.xls) files are not supported; save the workbook as .xlsx first',
    );
  }
  if (!startsWith(bytes, ZIP)) {
    throw fileProblem(
      '不是 Excel 表格（.xlsx）文件，请使用导入模板',
      'the file is not an Excel workbook (.xlsx); use the import template',
    );
  }
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw fileProblem(
      '文件无法按 Excel 表格（.xlsx）读取，可能已损坏或不是表格',
      'the file cannot be read as an Excel workbook (.xlsx); it may be damaged or not a workbook',
    );
  }
  if (book.worksheets.length === 0) {
    throw fileProblem('文件中没有工作表', 'the workbook has no worksheet');
  }
  return book;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date cell as people read it: Excel keeps dates without a time zone and ExcelJS reads them as
 * UTC, so the UTC fields are the wall time typed (Asia/Shanghai). Midnight prints as the day alone.
 */
export function excelDateText(date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const h = date.getUTCHours();
  const m = date.getUTCMinutes();
  return h === 0 && m === 0 ? day : `${day} ${pad(h)}:${pad(m)}`;
}

/**
 * The text of a cell: numbers without exponent for whole numbers, dates as `YYYY-MM-DD[ HH:mm]`,
 * rich text joined, a link by its text, a formula by its result; trimmed, line ends as `\n`.
 */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number')
    text = Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
  else if (typeof value === 'boolean') text = value ? 'TRUE' : 'FALSE';
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? '' : excelDateText(value);
  else if ('richText' in value) text = value.richText.map((p) => p.text).join('');
  else if ('formula' in value || 'sharedFormula' in value) text = cellText(value.result);
  else if ('hyperlink' in value) text = cellText(value.text);
  else if ('error' in value) text = String(value.error);
  else text = '';
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .trim();
}

/** The headers of a row, by column number (ExcelJS counts from 1). */
function rowTexts(sheet: ExcelJS.Worksheet, r: number): Map<number, string> {
  const texts = new Map<number, string>();
  sheet.getRow(r).eachCell({ includeEmpty: false }, (cell, col) => {
    const text = cellText(cell.value);
    if (text) texts.set(col, text);
  });
  return texts;
}

interface HeaderMatch {
  format: SheetFormat;
  headers: Map<string, { header: string; col: number }>;
  ignored: string[];
}

/** What a row would be as the header of each format; the format that takes the most columns wins. */
function matchHeader(texts: Map<number, string>, formats: readonly SheetFormat[]): HeaderMatch | undefined {
  let best: HeaderMatch | undefined;
  const complete = (m: HeaderMatch) => COLUMNS_OF[m.format].every((c) => !c.required || m.headers.has(c.key));
  for (const format of formats) {
    const headers = new Map<string, { header: string; col: number }>();
    const ignored: string[] = [];
    for (const [col, text] of texts) {
      const column = columnOfHeader(format, text);
      if (column && !headers.has(column.key)) headers.set(column.key, { header: text, col });
      else ignored.push(text);
    }
    const candidate = { format, headers, ignored };
    if (
      !best ||
      headers.size > best.headers.size ||
      (headers.size === best.headers.size && complete(candidate) && !complete(best))
    ) {
      best = candidate;
    }
  }
  return best && best.headers.size >= 2 ? best : undefined;
}

/** Whether a data row holds nothing to import: blank, only a 序号, or only the seed form's hint. */
function isBlank(format: SheetFormat, cells: DataRow['cells']): boolean {
  const filled = Object.entries(cells).filter(([key, cell]) => cell && cell.text !== '' && key !== 'seq');
  if (filled.length === 0) return true;
  return format === 'ledger' && filled.length === 1 && cells['description']?.text === LEDGER_HINT;
}

/**
 * Finds the table of an import: the first sheet whose row (among its first
 * {@link HEADER_SEARCH_ROWS}) names at least two columns of one of `formats` — a form's title
 * and reporter lines may stand above it — and reads the rows below it. Blank rows are left out.
 * No header, a required column missing, no data row, or more than {@link IMPORT_MAX_ROWS} rows
 * is a 400 naming the problem.
 */
export function findTable(book: ExcelJS.Workbook, formats: readonly SheetFormat[]): SheetTable {
  for (const sheet of book.worksheets) {
    const last = Math.min(sheet.rowCount, HEADER_SEARCH_ROWS);
    for (let r = 1; r <= last; r++) {
      const match = matchHeader(rowTexts(sheet, r), formats);
      if (!match) continue;
      const missing = COLUMNS_OF[match.format].filter((c) => c.required && !match.headers.has(c.key));
      if (missing.length > 0) {
        const names = missing.map((c) => `“${c.header}”`).join('、');
        throw fileProblem(
          `工作表“${sheet.name}”第 ${r} 行的表头缺少必填列 ${names}`,
          `the header in row ${r} of sheet "${sheet.name}" lacks the required column(s) ${names}`,
        );
      }
      const rows: DataRow[] = [];
      // Only the rows that exist: a sheet formatted down to row 1 048 576 is not read row by row.
      sheet.eachRow({ includeEmpty: false }, (row, n) => {
        if (n <= r) return;
        const cells: DataRow['cells'] = {};
        for (const [key, { header, col }] of match.headers) {
          const cell = row.getCell(col);
          cells[key] = { text: cellText(cell.value), value: cell.value, address: cell.address, header };
        }
        if (isBlank(match.format, cells)) return;
        rows.push({ row: n, cells });
        if (rows.length > IMPORT_MAX_ROWS) {
          throw fileProblem(
            `数据超过 ${IMPORT_MAX_ROWS} 行，请拆分为多个文件分别导入`,
            `more than ${IMPORT_MAX_ROWS} data rows; split the sheet into several files`,
          );
        }
      });
      if (rows.length === 0) {
        throw fileProblem(
          `工作表“${sheet.name}”的表头（第 ${r} 行）下没有数据`,
          `sheet "${sheet.name}" has no data below its header (row ${r})`,
        );
      }
      return {
        format: match.format,
        sheet: sheet.name,
        headerRow: r,
        headers: Object.fromEntries(match.headers),
        ignored: match.ignored,
        rows,
      };
    }
  }
  const expected = formats
    .map((f) =>
      COLUMNS_OF[f]
        .filter((c) => c.required || c.key === 'name')
        .map((c) => `“${c.header}”`)
        .join('、'),
    )
    .join(' 或 ');
  throw fileProblem(
    `未找到表头：请使用导入模板，表头一行须含 ${expected} 等列名`,
    `no header row found: use the import template; its header row names ${expected} and the other columns`,
  );
}

// ─── Templates ────────────────────────────────────────────────────────────────────────────────

/** The worksheet API ExcelJS has but does not declare: validations over a whole range. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

const TEMPLATE: Record<ImportKind, { sheet: string; title: string; columns: readonly ColumnSpec[] }> = {
  enterprises: { sheet: '企业名单', title: '企业台账导入模板', columns: ENTERPRISE_COLUMNS },
  cases: { sheet: '诉求清单', title: '诉求导入模板', columns: CASE_LIST_COLUMNS },
};

const GENERAL_RULES = [
  '第一个工作表的第一行为表头（列名），从第二行起每行一条；列的顺序可调整，不认识的列不导入。',
  '文件须为 .xlsx 格式，不超过 5 MB、5000 行；请勿合并单元格。',
  '导入前先点“校验”：逐行逐格检查，列出每处错误的行号、列名和原因。',
  '只要有一处错误，整个文件都不导入；全部正确后一次写入，写入中途出错则全部撤销。',
];

const LEDGER_RULES = [
  '也可直接导入滕州“附件2 企业发展、项目建设问题台账”（本平台导出的格式，表头可在标题行之下）：',
  '“存在问题、困难、诉求描述”必填，“问题：说明”形式时冒号前为标题；企业名称按台账关联；',
  '“企业联系人及联系方式”含姓名和完整号码时作为诉求联系人，否则写入诉求内容；“建议解决部门”“备注”写入诉求内容；',
  '备注为本平台诉求编号（诉求编号 XX-2026-000001）的行已在平台中，跳过不重复建件。',
];

/**
 * The empty template of an import: the header row (required columns in red, codes kept as text,
 * drop-down lists where the values are fixed), frozen, and a second sheet 填写说明 with each
 * column's rules and an example, and the rules of the import.
 */
export async function templateWorkbook(kind: ImportKind): Promise<Buffer> {
  const spec = TEMPLATE[kind];
  const book = new ExcelJS.Workbook();
  book.creator = '企诉';
  const sheet = book.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({ width: c.width, ...(c.text ? { style: { numFmt: '@' } } : {}) }));
  const header = sheet.addRow(spec.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    if (c.choices) {
      const letter = sheet.getColumn(i + 1).letter;
      (sheet as unknown as RangeValidations).dataValidations.add(`${letter}2:${letter}${IMPORT_MAX_ROWS + 1}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${c.choices.join(',')}"`],
        showErrorMessage: true,
        errorTitle: c.header,
        error: c.note,
      });
    }
  });

  const about = book.addWorksheet('填写说明');
  about.columns = [{ width: 22 }, { width: 10 }, { width: 80 }, { width: 26 }];
  about.addRow([spec.title]).font = { bold: true, size: 14 };
  about.addRow([]);
  const head = about.addRow(['列名', '是否必填', '填写要求', '示例']);
  head.font = { bold: true };
  for (const c of spec.columns) {
    const row = about.addRow([c.header, c.required ? '必填' : '选填', c.note, c.example]);
    row.alignment = { vertical: 'top', wrapText: true };
    if (c.required) row.getCell(1).font = { color: { argb: 'FFC00000' } };
  }
  about.addRow([]);
  about.addRow(['导入规则']).font = { bold: true };
  for (const line of kind === 'cases' ? [...GENERAL_RULES, ...LEDGER_RULES] : GENERAL_RULES) {
    about.addRow(['', '', line]).alignment = { wrapText: true };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
