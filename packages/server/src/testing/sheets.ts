import type ExcelJS from 'exceljs';

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
