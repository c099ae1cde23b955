import ExcelJS from 'exceljs';
import type { FormCase } from './reports.repository.js';

/** The four ledger forms of seed 003 (附件2–5), by the name of their export path. */
export const FORMS = ['problem-ledger', 'transfer-list', 'resolution-feedback', 'satisfaction'] as const;
export type FormName = (typeof FORMS)[number];

/** The four levels of 附件5, as the form prints them. */
export const SATISFACTION_LEVELS = ['1.非常满意', '2.比较满意', '3.基本满意', '4.不满意'] as const;

/**
 * A rating on the form's four levels: a satisfied rating by its score on the API's 1–5 scale (5
 * 非常满意, 4 比较满意, 3 and below 基本满意 — a two-level 满意 is 5, so it reads 非常满意 only where the
 * scale has nothing between); an unsatisfied one is 不满意 whatever its score.
 */
export function satisfactionLevel(score: number, satisfied: boolean): string {
  if (!satisfied) return SATISFACTION_LEVELS[3];
  if (score >= 5) return SATISFACTION_LEVELS[0];
  if (score === 4) return SATISFACTION_LEVELS[1];
  return SATISFACTION_LEVELS[2];
}

const RESULT_TEXT: Record<string, string> = { solved: '已解决', partly: '部分解决', unsolved: '未解决' };

/** "是" for a solved case, "部分" or "否" otherwise, "办理中" while no answer has been given. */
function solvedText(c: FormCase): string {
  if (c.status === 'answered') return '是';
  if (!c.replyResult) return '办理中';
  return c.replyResult === 'solved' ? '是' : c.replyResult === 'partly' ? '部分' : '否';
}

const problem = (c: FormCase) => `${c.title}：${c.content}`;
const contact = (c: FormCase) => [c.contactName, c.contactMobile].filter(Boolean).join(' ');
const suggestedUnits = (c: FormCase) =>
  c.leadUnitName
    ? c.coUnitNames.length > 0
      ? `${c.leadUnitName}（协办：${c.coUnitNames.join('、')}）`
      : c.leadUnitName
    : '';
const remark = (c: FormCase) => `诉求编号 ${c.number}`;

interface Column {
  header: string;
  width: number;
  value: (c: FormCase, index: number) => string | number;
}

interface FormDefinition {
  /** The form's title as the seed prints it. */
  title: string;
  /** Which annex of seed 003 it is. */
  annex: string;
  /** Whether the seed's form has the 提报单位 / 提报时间 line (附件3 has none). */
  reporter: boolean;
  /** Which cases of the period the form lists. */
  includes: (c: FormCase) => boolean;
  columns: Column[];
}

const seq: Column = { header: '序号', width: 6, value: (_, i) => i + 1 };

/** The forms with exactly the seed's columns, in its order. */
export const FORM_DEFINITIONS: Record<FormName, FormDefinition> = {
  'problem-ledger': {
    title: '企业发展、项目建设问题台账',
    annex: '附件2',
    reporter: true,
    includes: () => true,
    columns: [
      seq,
      { header: '企业名称', width: 28, value: (c) => c.enterpriseName ?? '' },
      { header: '存在问题、困难、诉求描述', width: 60, value: problem },
      { header: '建议解决部门', width: 24, value: suggestedUnits },
      { header: '企业联系人及联系方式', width: 22, value: contact },
      { header: '备注', width: 24, value: remark },
    ],
  },
  'transfer-list': {
    title: '企业发展、项目建设问题转办清单',
    annex: '附件3',
    reporter: false,
    includes: (c) => c.leadUnitName !== null,
    columns: [
      seq,
      { header: '企业名称', width: 28, value: (c) => c.enterpriseName ?? '' },
      { header: '存在问题、困难、诉求描述', width: 60, value: problem },
      { header: '企业联系人及联系方式', width: 22, value: contact },
      { header: '建议解决部门', width: 24, value: suggestedUnits },
    ],
  },
  'resolution-feedback': {
    title: '企业发展、项目建设问题解决反馈表',
    annex: '附件4',
    reporter: true,
    includes: (c) => c.replyResult !== null || c.status === 'answered',
    columns: [
      seq,
      { header: '企业名称', width: 28, value: (c) => c.enterpriseName ?? '' },
      { header: '存在问题、困难、诉求描述', width: 50, value: problem },
      { header: '是否解决', width: 10, value: solvedText },
      {
        header: '解决方式',
        width: 50,
        value: (c) => (c.status === 'answered' ? (c.answerText ?? '') : (c.replyText ?? '')),
      },
      { header: '所属镇街（部门）', width: 24, value: (c) => c.leadUnitName ?? c.hubName },
      {
        header: '镇街（部门）联系人及联系方式',
        width: 26,
        value: (c) => [c.replierName, c.leadUnitPhone].filter(Boolean).join(' '),
      },
      { header: '备注', width: 24, value: remark },
    ],
  },
  satisfaction: {
    title: '企业发展、项目建设问题解决情况满意度评价表',
    annex: '附件5',
    reporter: true,
    includes: (c) => c.ratingScore !== null,
    columns: [
      seq,
      { header: '问题描述', width: 50, value: problem },
      {
        header: '解决情况',
        width: 40,
        value: (c) =>
          [c.replyResult ? RESULT_TEXT[c.replyResult] : null, c.replyText].filter(Boolean).join('：') || solvedText(c),
      },
      { header: '解决部门', width: 24, value: (c) => c.leadUnitName ?? c.hubName },
      {
        header: '满意度评价',
        width: 14,
        value: (c) => (c.ratingScore === null ? '' : satisfactionLevel(c.ratingScore, c.ratingSatisfied ?? false)),
      },
      { header: '意见建议', width: 40, value: (c) => c.ratingComment ?? '' },
    ],
  },
};

/** What the form is about, for its second sheet and the page header. */
export interface FormContext {
  jurisdictionName: string;
  /** The reporting unit (提报单位): the jurisdiction's office. */
  reporter: string;
  /** When it was produced (提报时间), Asia/Shanghai `YYYY-MM-DD`. */
  reportedOn: string;
  /** The period of the cases, `[from, to)`. */
  from: string;
  to: string;
  generatedBy: string;
}

/**
 * One of seed 003's forms as an .xlsx workbook. The first sheet starts with the seed's header row
 * (exactly its columns, in its order), one row per case, frozen under the header; the title,
 * 提报单位 and 提报时间 print in the page header and stand on a second sheet 说明 with the period.
 */
export async function formWorkbook(name: FormName, cases: readonly FormCase[], ctx: FormContext): Promise<Buffer> {
  const form = FORM_DEFINITIONS[name];
  const rows = cases.filter(form.includes);
  const book = new ExcelJS.Workbook();
  book.creator = ctx.generatedBy;
  const reporterLine = form.reporter ? `提报单位：${ctx.reporter}\u3000\u3000提报时间：${ctx.reportedOn}` : '';
  const sheet = book.addWorksheet(form.title.replace('企业发展、项目建设', ''), {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: {
      oddHeader: `&L${form.annex}&C&"SimHei"&14${form.title}${reporterLine ? `&R${reporterLine}` : ''}`,
      oddFooter: '&C第 &P 页，共 &N 页',
    },
  });
  sheet.pageSetup.printTitlesRow = '1:1';
  sheet.columns = form.columns.map((c) => ({ width: c.width }));
  const header = sheet.addRow(form.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  rows.forEach((c, i) => {
    const row = sheet.addRow(form.columns.map((col) => col.value(c, i)));
    row.alignment = { vertical: 'top', wrapText: true };
  });
  const last = rows.length + 1;
  for (let r = 1; r <= last; r++) {
    for (let col = 1; col <= form.columns.length; col++) {
      sheet.getCell(r, col).border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
    }
  }
  if (name === 'satisfaction') {
    const column = form.columns.findIndex((c) => c.header === '满意度评价') + 1;
    for (let r = 2; r <= Math.max(last, 2); r++) {
      sheet.getCell(r, column).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${SATISFACTION_LEVELS.join(',')}"`],
      };
    }
  }

  const about = book.addWorksheet('说明');
  about.columns = [{ width: 14 }, { width: 60 }];
  const lines: [string, string][] = [
    ['表名', `${form.annex} ${form.title}`],
    ['辖区', ctx.jurisdictionName],
    ...(form.reporter
      ? ([
          ['提报单位', ctx.reporter],
          ['提报时间', ctx.reportedOn],
        ] as [string, string][])
      : []),
    ['统计范围', `受理日期 ${ctx.from} 至 ${ctx.to}（不含），上海时间`],
    ['件数', String(rows.length)],
    ['生成人', ctx.generatedBy],
    ['说明', '联系方式已脱敏；完整号码请在诉求详情中查看（查看记入个人信息查阅日志）。'],
  ];
  for (const line of lines) about.addRow(line).getCell(1).font = { bold: true };
  if (name === 'satisfaction') about.addRow(['备注', '满意度评价按满意程度直接划"✔"；本表按企业最后一次评价填写。']);

  return Buffer.from(await book.xlsx.writeBuffer());
}
