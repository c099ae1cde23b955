import {
  AlignmentType,
  BorderStyle,
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

/*
 * The pieces every Word document of the reports is made of — title, headings, body text, bordered
 * tables across an A4 page — in the fonts a Chinese government document uses (SimHei headings,
 * SimSun text), so that the notice and the service report look like one office wrote them.
 */

/** A rate as the documents print it, one decimal; a dash where there was nothing to divide. */
export const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;

const FONT = 'SimSun';

/** A run of body text. */
export const text = (value: string, bold = false) => new TextRun({ text: value, bold, font: FONT, size: 21 });

/** A paragraph of body text, centred on demand. */
export const paragraph = (value: string, options: { bold?: boolean; center?: boolean } = {}) =>
  new Paragraph({
    children: [text(value, options.bold)],
    ...(options.center ? { alignment: AlignmentType.CENTER } : {}),
    spacing: { after: 120 },
  });

/** A section heading (一、二、…). */
export const heading = (value: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_2,
    children: [new TextRun({ text: value, bold: true, font: 'SimHei', size: 24 })],
    spacing: { before: 240, after: 120 },
  });

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

/** The width of an A4 page's text, in twentieths of a point. */
const TEXT_WIDTH = 9000;

/**
 * A table whose first row is its header, every cell bordered, across the page; `weights` share the
 * page's width among the columns (names wide, figures narrow), equally when absent.
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  weights?: readonly number[],
): Table {
  const shares = weights ?? header.map(() => 1);
  const total = shares.reduce((a, b) => a + b, 0);
  const widths = shares.map((w) => Math.floor((TEXT_WIDTH * w) / total));
  const line = (cells: readonly string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      children: cells.map(
        (cell, i) =>
          new TableCell({
            width: { size: widths[i] ?? 0, type: WidthType.DXA },
            children: [new Paragraph({ children: [text(cell, bold)], alignment: AlignmentType.CENTER })],
            borders: { top: border, bottom: border, left: border, right: border },
          }),
      ),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [line(header, true), ...rows.map((r) => line(r, false))],
  });
}

/** The document's title, centred, then its period in brackets beneath. */
export function title(value: string, period: string): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      heading: HeadingLevel.TITLE,
      children: [new TextRun({ text: value, bold: true, font: 'SimHei', size: 36 })],
      spacing: { after: 120 },
    }),
    paragraph(`（${period}）`, { center: true }),
  ];
}
