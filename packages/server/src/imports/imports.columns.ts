import { CASE_KINDS, CHANNEL_LABELS, STAFF_INTAKE_CHANNELS } from '@qisu/core';
import type { CaseKind, Channel } from '@qisu/core';
import type { ENTERPRISE_SCALES } from '../enterprises/enterprises.schemas.js';

/**
 * The sheets an import takes, as data: each format's columns with the header people write, the
 * other spellings accepted, whether a value is required, and what the template's instructions
 * say. Headers are matched after {@link normalizeHeader}; the order in the file does not matter.
 */

/** A text in both languages of the API. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** One column of a format. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  /** The header as the template writes it. */
  header: string;
  /** Other headers taken for the same column (normalised like the file's). */
  aliases?: readonly string[];
  /** The column must be in the header row (and, for `required`, filled in every row). */
  required?: boolean;
  width: number;
  /** What the template's instructions sheet says about it. */
  note: string;
  example: string;
  /** Values offered as a drop-down list in the template. */
  choices?: readonly string[];
  /** Kept as text in the template, so Excel does not turn a code into a number. */
  text?: boolean;
}

/** What a sheet holds: the enterprise list, the plain case list, or seed 003's 附件2 问题台账. */
export const SHEET_FORMATS = ['enterprises', 'list', 'ledger'] as const;
export type SheetFormat = (typeof SHEET_FORMATS)[number];

/** What an import route brings in. */
export const IMPORT_KINDS = ['enterprises', 'cases'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The formats each route recognises, by its header row. */
export const FORMATS_OF: Record<ImportKind, readonly SheetFormat[]> = {
  enterprises: ['enterprises'],
  cases: ['list', 'ledger'],
};

/** The limits of one import: file size, data rows, and the errors one answer lists. */
export const IMPORT_MAX_BYTES = 5 * 1_048_576;
export const IMPORT_MAX_ROWS = 5_000;
export const IMPORT_MAX_ERRORS = 500;
/** How far down a sheet the header row is looked for (a form has a title and a reporter line above it). */
export const HEADER_SEARCH_ROWS = 20;

/** The names of enterprise sizes people write (大型 / 大 / large …), by the ledger's code. */
export const SCALE_WORDS: Record<(typeof ENTERPRISE_SCALES)[number], readonly string[]> = {
  large: ['大型', '大', 'large'],
  medium: ['中型', '中', 'medium'],
  small: ['小型', '小', 'small'],
  micro: ['微型', '微', 'micro'],
};

/** 规上 / 规下 and their yes/no spellings. */
export const ABOVE_SIZE_WORDS: Record<'yes' | 'no', readonly string[]> = {
  yes: ['是', '规上', '规模以上', 'y', 'yes', 'true', '1'],
  no: ['否', '规下', '规模以下', 'n', 'no', 'false', '0'],
};

/** The names of case kinds people write, by code (the web's words, and the codes themselves). */
export const KIND_WORDS: Record<CaseKind, readonly string[]> = {
  consultation: ['咨询', 'consultation'],
  help: ['求助', 'help'],
  suggestion: ['建议', 'suggestion'],
  complaint: ['投诉', 'complaint'],
  report: ['举报', 'report'],
};

/** The channels an import may name (those staff log by hand), by their zh and en names and codes. */
export const IMPORT_CHANNELS: readonly Channel[] = STAFF_INTAKE_CHANNELS;

/** The hint the seed's blank 附件2 prints in its first row; a row holding only it is not a case. */
export const LEDGER_HINT = '问题描述应符合政策要求，简明、准确';

const channelChoices = IMPORT_CHANNELS.map((c) => CHANNEL_LABELS[c].zh);
const kindChoices = CASE_KINDS.map((k) => KIND_WORDS[k][0]!);

export const ENTERPRISE_COLUMNS = [
  {
    key: 'uscc',
    header: '统一社会信用代码',
    aliases: ['社会信用代码', '信用代码', 'uscc'],
    required: true,
    width: 24,
    text: true,
    note: '必填。18 位，按 GB 32100-2015 校验。本辖区已登记的代码：按本行更新该企业（空白单元格保留原值）。',
    example: '91330824MA2XXXXXXX',
  },
  {
    key: 'name',
    header: '企业名称',
    aliases: ['企业全称'],
    required: true,
    width: 30,
    note: '必填。2–200 个字。',
    example: '开化县某某材料有限公司',
  },
  {
    key: 'industryCode',
    header: '行业代码',
    aliases: ['国民经济行业代码'],
    width: 12,
    text: true,
    note: 'GB/T 4754 行业代码：门类字母加 2–4 位数字，如 C2929。',
    example: 'C2929',
  },
  {
    key: 'industryName',
    header: '行业名称',
    aliases: ['行业', '所属行业'],
    width: 16,
    note: '最多 100 个字。',
    example: '塑料零件及其他塑料制品制造',
  },
  {
    key: 'scale',
    header: '企业规模',
    aliases: ['规模'],
    width: 10,
    choices: ['大型', '中型', '小型', '微型'],
    note: '大型、中型、小型或微型。',
    example: '小型',
  },
  {
    key: 'aboveDesignatedSize',
    header: '规模以上',
    aliases: ['是否规上', '规上企业', '规上/规下'],
    width: 10,
    choices: ['是', '否'],
    note: '是（规上）或否（规下）；空白为否。',
    example: '是',
  },
  {
    key: 'region',
    header: '所属区划',
    aliases: ['所在区划', '行政区划', '区划代码', '所属镇街'],
    width: 16,
    text: true,
    note: '行政区划代码（6、9 或 12 位），或本辖区内的区划名称，如“华埠镇”。',
    example: '330824101',
  },
  { key: 'grid', header: '网格', width: 14, note: '最多 100 个字。', example: '华埠镇第三网格' },
  {
    key: 'contactName',
    header: '联系人',
    aliases: ['联系人姓名'],
    width: 10,
    note: '与联系电话同时填写或同时空白；已登记企业的同名或同号联系人被更新，其余联系人保留。',
    example: '张三',
  },
  {
    key: 'contactMobile',
    header: '联系电话',
    aliases: ['联系人手机', '手机', '手机号', '手机号码'],
    width: 14,
    text: true,
    note: '11 位手机号。',
    example: '13800000000',
  },
  {
    key: 'notes',
    header: '备注',
    aliases: ['经营情况、困难与计划', '经营情况'],
    width: 30,
    note: '经营情况、困难与计划，最多 5000 个字。',
    example: '',
  },
] as const satisfies readonly ColumnSpec[];

export const CASE_LIST_COLUMNS = [
  {
    key: 'title',
    header: '标题',
    aliases: ['诉求标题'],
    required: true,
    width: 24,
    note: '必填。最多 200 个字。',
    example: '厂房消防验收遇阻',
  },
  {
    key: 'content',
    header: '内容',
    aliases: ['诉求内容'],
    required: true,
    width: 50,
    note: '必填。企业反映的问题、困难或诉求，最多 20000 个字。',
    example: '消防验收材料已提交两个月，尚无答复，请协调。',
  },
  {
    key: 'uscc',
    header: '企业统一社会信用代码',
    aliases: ['统一社会信用代码', '社会信用代码', '信用代码'],
    width: 24,
    text: true,
    note: '按代码关联台账中的企业；代码尚未登记时须同时填写企业名称，导入时登记该企业。',
    example: '',
  },
  {
    key: 'enterpriseName',
    header: '企业名称',
    width: 28,
    note: '未填代码时按名称关联台账中的企业；台账中没有（或有多家同名）时不关联，企业名称写入诉求内容。',
    example: '',
  },
  {
    key: 'contactName',
    header: '联系人',
    width: 10,
    note: '与联系电话同时填写；都空白时取企业的第一联系人。',
    example: '张三',
  },
  {
    key: 'contactMobile',
    header: '联系电话',
    aliases: ['联系人电话', '手机', '手机号'],
    width: 14,
    text: true,
    note: '手机号，或带区号的固定电话（如 0570-6012345）。',
    example: '13800000000',
  },
  {
    key: 'channel',
    header: '渠道',
    aliases: ['来源渠道', '受理渠道'],
    width: 12,
    choices: channelChoices,
    note: `${channelChoices.join('、')}之一；空白为“其他”。`,
    example: '电话',
  },
  {
    key: 'category',
    header: '类别',
    aliases: ['诉求分类', '分类'],
    width: 16,
    note: '本辖区的诉求分类名称或编码；多级可写“一级/二级”。空白由营商办研判时选定。',
    example: '',
  },
  {
    key: 'kind',
    header: '诉求类型',
    aliases: ['类型'],
    width: 10,
    choices: kindChoices,
    note: `${kindChoices.join('、')}之一；空白为“求助”。`,
    example: '求助',
  },
  {
    key: 'receivedAt',
    header: '受理时间',
    aliases: ['反映时间', '提交时间'],
    width: 18,
    note: '原受理时间，如 2026-11-03 或 2026-11-03 09:30，不晚于导入时；记入诉求内容。办理时限自导入时起算。',
    example: '2026-11-03 09:30',
  },
  {
    key: 'externalRef',
    header: '外部编号',
    aliases: ['来源编号', '原编号', '工单编号'],
    width: 18,
    text: true,
    note: '来源系统的编号，最多 200 个字；同一渠道、同一编号再次导入时不重复建件（跳过）。',
    example: 'TZ-2026-0001',
  },
] as const satisfies readonly ColumnSpec[];

/** 附件2 企业发展、项目建设问题台账, as seed 003 prints it and the product exports it (plus an optional 外部编号). */
export const LEDGER_COLUMNS = [
  { key: 'seq', header: '序号', width: 6, note: '', example: '' },
  { key: 'enterpriseName', header: '企业名称', width: 28, note: '', example: '' },
  {
    key: 'description',
    header: '存在问题、困难、诉求描述',
    aliases: ['存在问题困难诉求描述', '问题描述'],
    required: true,
    width: 60,
    note: '',
    example: '',
  },
  { key: 'suggestedUnit', header: '建议解决部门', width: 24, note: '', example: '' },
  {
    key: 'contact',
    header: '企业联系人及联系方式',
    aliases: ['联系人及联系方式'],
    width: 22,
    note: '',
    example: '',
  },
  { key: 'remark', header: '备注', width: 24, note: '', example: '' },
  { key: 'externalRef', header: '外部编号', width: 18, note: '', example: '' },
] as const satisfies readonly ColumnSpec[];

export type EnterpriseColumn = (typeof ENTERPRISE_COLUMNS)[number]['key'];
export type CaseListColumn = (typeof CASE_LIST_COLUMNS)[number]['key'];
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]['key'];

/** The columns of each format. */
export const COLUMNS_OF: Record<SheetFormat, readonly ColumnSpec[]> = {
  enterprises: ENTERPRISE_COLUMNS,
  list: CASE_LIST_COLUMNS,
  ledger: LEDGER_COLUMNS,
};

/**
 * A header as it is compared: without spaces, required marks (`*`) and a trailing note in
 * brackets (`行业代码（GB/T 4754）`, `企业名称(必填)`), lower case.
 */
export function normalizeHeader(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/^[*＊]+|[*＊]+$/g, '')
    .replace(/[（(][^（()）]*[)）]$/u, '')
    .replace(/[*＊]+$/g, '')
    .toLowerCase();
}

/** The column a header names in a format, or undefined. */
export function columnOfHeader(format: SheetFormat, header: string): ColumnSpec | undefined {
  const wanted = normalizeHeader(header);
  if (!wanted) return undefined;
  return COLUMNS_OF[format].find(
    (c) => normalizeHeader(c.header) === wanted || (c.aliases ?? []).some((a) => normalizeHeader(a) === wanted),
  );
}
