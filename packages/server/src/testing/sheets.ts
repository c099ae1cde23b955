import type ExcelJS from 'exceljs';
import JSZip from 'jszip';

/**
 * A cell as the person reading the sheet sees it: numbers and dates as text, rich text joined,
 * a formula by its result, an empty cell as ''. Tests compare sheets row by row in this form.
 */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value) return String(value.text);
  if ('result' in value) return cellText(value.result);
  if ('error' in value) return String(value.error);
  return JSON.stringify(value);
}

/** Every row of a sheet as text, the first row first; the leading empty slot ExcelJS keeps is dropped. */
export function sheetText(sheet: ExcelJS.Worksheet): string[][] {
  const lines: string[][] = [];
  sheet.eachRow((row) => lines.push((row.values as ExcelJS.CellValue[]).slice(1).map(cellText)));
  return lines;
}

/** The text of a Word document as its reader sees it: its paragraphs in order, and its tables as rows of cell texts. */
export async function docxText(bytes: Buffer): Promise<{ paragraphs: string[]; tables: string[][][] }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (!xml) throw new Error('no word/document.xml in the document');
  const textOf = (part: string) =>
    [...part.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1] ?? '')
      .join('')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...(t[1] ?? '').matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/g)].map((row) =>
      [...(row[1] ?? '').matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((cell) => textOf(cell[1] ?? '')),
    ),
  );
  const body = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const paragraphs = [...body.matchAll(/<w:p[ >]([\s\S]*?)<\/w:p>/g)].map((p) => textOf(p[1] ?? '')).filter(Boolean);
  return { paragraphs, tables };
}
