import ExcelJS from 'exceljs';
import { CASE_STATUS_LABELS, CHANNEL_LABELS, milestoneZh, MILESTONE_LABELS } from '@qisu/core';
import type { CaseStatus, Channel, Milestone } from '@qisu/core';
import type { Lang } from '../errors.js';
import type { exportCaseRows } from './cases.service.js';

type ExportRow = Awaited<ReturnType<typeof exportCaseRows>>[number];

/** A time as Shanghai staff read it: `2026-03-02 09:30`. */
function shanghaiText(iso: string | null): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

function labelOf<K extends string>(labels: Record<K, { zh: string; en: string }>, code: string, lang: Lang): string {
  const entry = (labels as Record<string, { zh: string; en: string } | undefined>)[code];
  return entry ? entry[lang === 'en' ? 'en' : 'zh'] : code;
}

/** The columns of a worklist export, in order; the mobile is masked as in the list. */
const COLUMNS: { zh: string; en: string; width: number; value: (r: ExportRow, lang: Lang) => string | number }[] = [
  { zh: '诉求编号', en: 'Number', width: 18, value: (r) => r.number },
  { zh: '标题', en: 'Title', width: 36, value: (r) => r.title },
  { zh: '企业名称', en: 'Enterprise', width: 28, value: (r) => r.enterpriseName ?? '' },
  { zh: '统一社会信用代码', en: 'USCC', width: 22, value: (r) => r.enterpriseUscc ?? '' },
  { zh: '联系人', en: 'Contact', width: 10, value: (r) => r.contactName ?? '' },
  { zh: '联系电话', en: 'Mobile', width: 14, value: (r) => r.contactMobile ?? '' },
  { zh: '渠道', en: 'Channel', width: 10, value: (r, l) => labelOf<Channel>(CHANNEL_LABELS, r.channel, l) },
  { zh: '状态', en: 'Status', width: 14, value: (r, l) => labelOf<CaseStatus>(CASE_STATUS_LABELS, r.status, l) },
  { zh: '办理轮次', en: 'Round', width: 8, value: (r) => r.round },
  { zh: '牵头单位', en: 'Lead unit', width: 20, value: (r) => r.leadUnit?.name ?? '' },
  {
    zh: '当前节点',
    en: 'Milestone',
    width: 12,
    value: (r, l) =>
      r.dueMilestone
        ? l === 'en'
          ? labelOf<Milestone>(MILESTONE_LABELS, r.dueMilestone, l)
          : milestoneZh(r.dueMilestone)
        : '',
  },
  { zh: '办理时限', en: 'Due', width: 17, value: (r) => shanghaiText(r.dueAt) },
  {
    zh: '是否超期',
    en: 'Overdue',
    width: 9,
    value: (r, l) => (r.overdue ? (l === 'en' ? 'yes' : '是') : r.dueAt ? (l === 'en' ? 'no' : '否') : ''),
  },
  { zh: '提交时间', en: 'Filed', width: 17, value: (r) => shanghaiText(r.createdAt) },
];

/**
 * A worklist as an .xlsx workbook: a title row naming the list and when it was exported, then a
 * header row and one row per case, frozen under the header so long lists stay readable.
 */
export async function worklistWorkbook(rows: readonly ExportRow[], lang: Lang, exportedAt: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = exportedAt;
  const sheet = book.addWorksheet(lang === 'en' ? 'Cases' : '诉求清单', {
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  const title = sheet.addRow([
    lang === 'en'
      ? `Cases (${rows.length}), exported ${shanghaiText(exportedAt.toISOString())}`
      : `诉求清单（共 ${rows.length} 件，导出于 ${shanghaiText(exportedAt.toISOString())}）`,
  ]);
  title.font = { bold: true, size: 13 };
  sheet.mergeCells(1, 1, 1, COLUMNS.length);
  const header = sheet.addRow(COLUMNS.map((c) => (lang === 'en' ? c.en : c.zh)));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const r of rows) {
    const row = sheet.addRow(COLUMNS.map((c) => c.value(r, lang)));
    if (r.overdue)
      row.getCell(COLUMNS.findIndex((c) => c.zh === '是否超期') + 1).font = { color: { argb: 'FFCF1322' } };
  }
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: COLUMNS.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}
