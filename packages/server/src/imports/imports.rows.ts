import type { Channel } from '@qisu/core';
import { CASE_KINDS, CHANNEL_LABELS, usccProblem } from '@qisu/core';
import type { CreateCaseInput } from '../cases/cases.schemas.js';
import { contactMobile as caseContactMobile, CreateCaseBody } from '../cases/cases.schemas.js';
import { isUnstorableText } from '../db/text.js';
import type { CreateEnterpriseInput } from '../enterprises/enterprises.schemas.js';
import { CreateEnterpriseBody, normalizeUsccInput } from '../enterprises/enterprises.schemas.js';
import { USCC_PROBLEMS } from '../enterprises/enterprises.service.js';
import type { Bilingual, CaseListColumn, ColumnSpec, EnterpriseColumn, LedgerColumn } from './imports.columns.js';
import {
  ABOVE_SIZE_WORDS,
  CASE_LIST_COLUMNS,
  ENTERPRISE_COLUMNS,
  IMPORT_CHANNELS,
  KIND_WORDS,
  LEDGER_COLUMNS,
  SCALE_WORDS,
} from './imports.columns.js';
import type { DataRow, SheetCell } from './imports.sheet.js';
import { excelDateText } from './imports.sheet.js';

/**
 * The rules of one row of an import, as pure functions over the row's cells and lookups the
 * service loads beforehand: each row becomes the input of the enterprises' or the cases' own
 * service, or a list of errors naming the cell. Nothing here reads the database.
 */

/** A problem with one cell: its row and column as the file shows them, and why, in both languages. */
export interface RowError {
  row: number;
  /** The column's header as the file writes it (the template's when the column is absent). */
  column: string;
  /** `C3`, or null when the column is not in the file. */
  cell: string | null;
  value: string | null;
  message: Bilingual;
}

const say = (zh: string, en: string): Bilingual => ({ zh, en });

const MOBILE = /^1[3-9]\d{9}$/;
const INDUSTRY_CODE = /^[A-T](\d{2}|\d{3}|\d{4})?$/;
const CASE_NUMBER_IN_REMARK = /诉求编号[\s:：]*([A-Za-z0-9]+-\d{4}-\d{4,})/;

/** Reads the cells of one row and collects the errors found in it. */
class RowReader<K extends string> {
  readonly errors: RowError[] = [];

  constructor(
    readonly data: DataRow,
    private readonly columns: readonly ColumnSpec<K>[],
  ) {}

  cell(key: K): SheetCell | undefined {
    return this.data.cells[key];
  }

  /** The cell's text ('' when blank or the column is absent); text the database cannot store is an error. */
  text(key: K): string {
    const text = this.cell(key)?.text ?? '';
    if (isUnstorableText(text)) {
      this.fail(key, say('含有无法保存的字符（空字符或不成对的代理字符）', 'holds characters that cannot be stored'));
      return '';
    }
    return text;
  }

  fail(key: K, message: Bilingual): void {
    const cell = this.cell(key);
    const spec = this.columns.find((c) => c.key === key);
    const value = cell?.text ?? '';
    this.errors.push({
      row: this.data.row,
      column: cell?.header ?? spec?.header ?? key,
      cell: cell?.address ?? null,
      value: value === '' ? null : value.length > 100 ? `${value.slice(0, 100)}…` : value,
      message,
    });
  }

  /** A required text of at most `max` characters, or null after an error. */
  required(key: K, max: number, min = 1): string | null {
    const text = this.text(key);
    if (text === '') {
      this.fail(key, say('必填，不能为空', 'is required'));
      return null;
    }
    return this.bounded(key, text, max, min);
  }

  /** An optional text of at most `max` characters: undefined when blank, null after an error. */
  optional(key: K, max: number): string | undefined | null {
    const text = this.text(key);
    if (text === '') return undefined;
    return this.bounded(key, text, max, 1);
  }

  private bounded(key: K, text: string, max: number, min: number): string | null {
    const length = [...text].length;
    if (length > max || length < min) {
      this.fail(
        key,
        min > 1
          ? say(`应为 ${min}–${max} 个字（现为 ${length} 个）`, `must be ${min}–${max} characters (it has ${length})`)
          : say(`不能超过 ${max} 个字（现为 ${length} 个）`, `must be at most ${max} characters (it has ${length})`),
      );
      return null;
    }
    return text;
  }

  /**
   * A USCC from its cell: blank is undefined; a cell Excel holds as a number has lost its last
   * digits (18 digits do not fit a number), so it is refused with what to do.
   */
  uscc(key: K): string | undefined | null {
    const cell = this.cell(key);
    const text = this.text(key);
    if (text === '') return undefined;
    if (typeof cell?.value === 'number') {
      this.fail(
        key,
        say(
          '单元格为数字格式，18 位代码会被 Excel 截断；请将该列设为“文本”后重新填写',
          'the cell is a number, which cuts an 18-character code; format the column as text and type the code again',
        ),
      );
      return null;
    }
    const code = normalizeUsccInput(text);
    const problem = usccProblem(code);
    if (problem) {
      this.fail(
        key,
        say(
          `统一社会信用代码无效（${USCC_PROBLEMS[problem].zh}）`,
          `invalid unified social credit code (${USCC_PROBLEMS[problem].en})`,
        ),
      );
      return null;
    }
    return code;
  }

  /** One of a fixed list of words: the code it names, undefined when blank, null after an error. */
  choice<T extends string>(
    key: K,
    words: Partial<Record<T, readonly string[]>>,
    listZh: string,
    listEn: string,
  ): T | undefined | null {
    const text = this.text(key);
    if (text === '') return undefined;
    const wanted = text.replace(/\s+/g, '').toLowerCase();
    for (const [code, spellings] of Object.entries(words) as [T, readonly string[]][]) {
      if (spellings.some((s) => s.replace(/\s+/g, '').toLowerCase() === wanted)) return code;
    }
    this.fail(key, say(`应为${listZh}之一`, `must be one of ${listEn}`));
    return null;
  }
}

/** Digits only of a phone as typed: spaces and dashes dropped, a leading +86 or 86 too. */
function phoneDigits(text: string): string {
  return text.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}

// ─── Lookups ──────────────────────────────────────────────────────────────────────────────────

/** A value resolved against the jurisdiction's reference data, or why it cannot be. */
export type Resolved = { id: string } | { problem: Bilingual };

/**
 * A region of the jurisdiction by its code (`330824101`, also `330824101 华埠镇`) or its name,
 * which must name one region only.
 */
export function regionResolver(regions: readonly { code: string; name: string }[]): (text: string) => Resolved {
  const codes = new Set(regions.map((r) => r.code));
  return (text) => {
    const code = /^(\d{6}|\d{9}|\d{12})(?:\s|$)/.exec(text)?.[1];
    if (code) {
      return codes.has(code)
        ? { id: code }
        : { problem: say(`${code} 不是本辖区的行政区划代码`, `${code} is not a region code of this jurisdiction`) };
    }
    const named = regions.filter((r) => r.name === text);
    if (named.length === 1) return { id: named[0]!.code };
    if (named.length > 1) {
      return {
        problem: say(
          `本辖区有 ${named.length} 个名为“${text}”的区划，请填写区划代码`,
          `${named.length} regions of this jurisdiction are named “${text}”; use the region code`,
        ),
      };
    }
    return {
      problem: say(`本辖区没有名为“${text}”的区划`, `no region of this jurisdiction is named “${text}”`),
    };
  };
}

/** A category of the jurisdiction by its code, its name (if only one has it) or its path `一级/二级`. */
export function categoryResolver(
  categories: readonly { id: string; code: string; name: string; parentId: string | null }[],
): (text: string) => Resolved {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const pathOf = (c: (typeof categories)[number]): string[] => {
    const names = [c.name];
    for (let p = c.parentId ? byId.get(c.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) {
      names.unshift(p.name);
    }
    return names;
  };
  return (text) => {
    const byCode = categories.find((c) => c.code === text);
    if (byCode) return { id: byCode.id };
    const parts = text
      .split(/\s*[/／>＞]\s*/u)
      .map((p) => p.trim())
      .filter(Boolean);
    const found = categories.filter((c) => {
      const path = pathOf(c);
      return parts.length <= path.length && parts.every((p, i) => path[path.length - parts.length + i] === p);
    });
    if (found.length === 1) return { id: found[0]!.id };
    if (found.length > 1) {
      return {
        problem: say(
          `有 ${found.length} 个分类名为“${text}”，请写成“一级/二级”或填写分类编码`,
          `${found.length} categories are named “${text}”; write “parent/child” or the category code`,
        ),
      };
    }
    return { problem: say(`本辖区没有“${text}”这个诉求分类`, `this jurisdiction has no category “${text}”`) };
  };
}

// ─── Enterprises ──────────────────────────────────────────────────────────────────────────────

/** An enterprise row ready for the ledger: the registration body (absent members: keep the stored value). */
export interface PlannedEnterprise {
  row: number;
  input: CreateEnterpriseInput;
}

/**
 * One row of the enterprise list as the ledger's registration body, checked as the ledger's own
 * form checks it: the USCC by GB 32100-2015, the industry code by GB/T 4754's shape, the scale,
 * the region of the jurisdiction, a contact's name and mobile together.
 */
export function parseEnterpriseRow(
  data: DataRow,
  region: (text: string) => Resolved,
): { planned: PlannedEnterprise; errors: [] } | { planned: null; errors: RowError[] } {
  const r = new RowReader<EnterpriseColumn>(data, ENTERPRISE_COLUMNS);
  const uscc = r.uscc('uscc');
  if (uscc === undefined) r.fail('uscc', say('必填，不能为空', 'is required'));
  const name = r.required('name', 200, 2);
  const industryText = r.text('industryCode').replace(/\s+/g, '').toUpperCase();
  if (industryText && !INDUSTRY_CODE.test(industryText)) {
    r.fail(
      'industryCode',
      say('格式如 C2929：门类字母加 2–4 位数字', 'must look like C2929: a section letter and 2–4 digits'),
    );
  }
  const industryName = r.optional('industryName', 100);
  const scale = r.choice('scale', SCALE_WORDS, '大型、中型、小型、微型', 'large, medium, small, micro');
  const above = r.choice('aboveDesignatedSize', ABOVE_SIZE_WORDS, '是、否', 'yes, no');
  const regionText = r.text('region');
  let regionCode: string | undefined;
  if (regionText) {
    const found = region(regionText);
    if ('problem' in found) r.fail('region', found.problem);
    else regionCode = found.id;
  }
  const grid = r.optional('grid', 100);
  const contactName = r.optional('contactName', 100);
  const mobileText = r.text('contactMobile');
  const mobile = phoneDigits(mobileText);
  if (mobileText && !MOBILE.test(mobile)) {
    r.fail('contactMobile', say('应为 11 位手机号', 'must be an 11-digit mobile number'));
  } else if (mobileText && contactName === undefined) {
    r.fail('contactName', say('填写联系电话时须填写联系人', 'is required when a contact number is given'));
  } else if (!mobileText && contactName) {
    r.fail('contactMobile', say('填写联系人时须填写联系电话', 'is required when a contact is given'));
  }
  const notes = r.optional('notes', 5000);
  if (r.errors.length > 0 || !uscc || !name) return { planned: null, errors: r.errors };

  const input: CreateEnterpriseInput = {
    uscc,
    name,
    ...(industryText ? { industryCode: industryText } : {}),
    ...(industryName ? { industryName } : {}),
    ...(scale ? { scale } : {}),
    ...(above ? { aboveDesignatedSize: above === 'yes' } : {}),
    ...(regionCode ? { regionCode } : {}),
    ...(grid ? { grid } : {}),
    ...(contactName && mobile ? { contacts: [{ name: contactName, mobile }] } : {}),
    ...(notes ? { notes } : {}),
  };
  // The ledger's own body has the last word; the checks above say the same in the sheet's terms.
  const parsed = CreateEnterpriseBody.safeParse(input);
  if (!parsed.success) {
    r.fail('name', say('本行数据无效', 'the row is invalid'));
    return { planned: null, errors: r.errors };
  }
  return { planned: { row: data.row, input: parsed.data }, errors: [] };
}

// ─── Cases ────────────────────────────────────────────────────────────────────────────────────

/** What the service knows beforehand about the jurisdiction, for the rows of a case import. */
export interface CaseLookups {
  /** Now, to refuse a receipt time in the future. */
  now: Date;
  category(text: string): Resolved;
  /** The ledger entry with this USCC, if any. */
  enterpriseByUscc(uscc: string): string | undefined;
  /** The one ledger entry with this name, or why none is linked. */
  enterpriseByName(name: string): Resolved;
  /** Whether a case of the jurisdiction has this number (a form exported from this platform). */
  caseNumberExists(number: string): boolean;
  /** The number of the case already filed with this external reference from this channel. */
  filedAs(channel: Channel, externalRef: string): string | undefined;
}

/** A case row ready for the cases' service. */
export interface PlannedCase {
  row: number;
  input: CreateCaseInput & { channel: Channel };
  /** A ledger entry to register first (a USCC not yet registered, with its name). */
  register: { uscc: string; name: string; contact?: { name: string; mobile: string } } | null;
  /** Why the row is not filed (already on the platform); null when it is. */
  skip: Bilingual | null;
  /** What the import did with the row's values that a person should know. */
  notes: Bilingual[];
}

type CaseRowResult = { planned: PlannedCase; errors: [] } | { planned: null; errors: RowError[] };

/** Shanghai wall time of an instant, `YYYY-MM-DD HH:mm`. */
function shanghaiWall(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * A receipt time as people type it or Excel keeps it — a date cell, a serial number, or text
 * `2026-11-03`, `2026/11/3 9:30`, `2026年11月3日` — as `YYYY-MM-DD[ HH:mm]`; not in the future.
 */
export function parseReceivedAt(
  cell: Pick<SheetCell, 'value' | 'text'>,
  now: Date,
): { text: string } | { problem: Bilingual } {
  let text: string | null = null;
  if (cell.value instanceof Date) text = excelDateText(cell.value);
  else if (typeof cell.value === 'number' && cell.value > 20_000 && cell.value < 80_000) {
    text = excelDateText(new Date(Math.round((cell.value - 25_569) * 86_400_000)));
  } else {
    const m =
      /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*\d{1,2}\s*秒?)?\s*分?)?$/u.exec(
        cell.text,
      );
    if (m) {
      const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map((v) => (v === undefined ? undefined : Number(v)));
      const at = new Date(Date.UTC(y!, mo! - 1, d, h ?? 0, mi ?? 0));
      const real =
        at.getUTCFullYear() === y &&
        at.getUTCMonth() === mo! - 1 &&
        at.getUTCDate() === d &&
        (h === undefined || (h < 24 && mi! < 60));
      const day = excelDateText(at).slice(0, 10);
      if (real) text = h === undefined ? day : `${day} ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
    }
  }
  if (text === null) {
    return {
      problem: say(
        '日期无法识别，请写成 2026-11-03 或 2026-11-03 09:30',
        'not a date; write 2026-11-03 or 2026-11-03 09:30',
      ),
    };
  }
  if (text.slice(0, 4) < '2000') return { problem: say('早于 2000 年', 'is before 2000') };
  const wall = shanghaiWall(now);
  if (text.length === 10 ? text > wall.slice(0, 10) : text > wall) {
    return { problem: say('不能晚于导入时间', 'must not be later than now') };
  }
  return { text };
}

/**
 * The title and content of a 附件2 description. The product writes `标题：内容`; a description
 * without a short lead-in before a colon takes its first clause (up to 30 characters) as the
 * title and stays whole as the content.
 */
export function splitDescription(text: string): { title: string; content: string } {
  const colon = /[：:]/u.exec(text);
  if (colon && colon.index >= 1 && colon.index <= 60) {
    const title = text.slice(0, colon.index).trim();
    const content = text.slice(colon.index + 1).trim();
    if (title && content) return { title, content };
  }
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  const stop = chars.findIndex((c, i) => i > 0 && /[。！？；;!?，,\n]/u.test(c));
  const title =
    stop > 0 && stop <= 30
      ? chars.slice(0, stop).join('')
      : chars.length > 30
        ? `${chars.slice(0, 30).join('')}…`
        : chars.join('');
  return { title, content: text };
}

/**
 * A 附件2 contact cell (`张三 13800000000`): the name and a whole number, or `masked` when the
 * number is masked as the product's exports mask it (`138****0000`).
 */
export function parseContactText(text: string): { name: string | null; phone: string | null; masked: boolean } {
  const masked = /\d{3,4}\*{3,}\d{2,4}/.test(text);
  const phone = /(?:\+?86[\s-]?)?(1[3-9]\d{9})(?!\d)|(0\d{2,3}-?\d{7,8})(?!\d)/.exec(
    text.replace(/(?<=\d)\s(?=\d)/g, ''),
  );
  const rest = text
    .replace(/(?:\+?86[\s-]?)?1[3-9][\d\s]{9,12}|0\d{2,3}-?\d{7,8}|\d{3,4}\*{3,}\d{2,4}/g, ' ')
    .replace(/联系人|联系电话|联系方式|电话|手机/g, ' ')
    .replace(/[\s,，;；、/:：()（）]+/g, ' ')
    .trim();
  const name = rest && [...rest].length <= 100 ? rest : null;
  return { name, phone: phone ? (phone[1] ?? phone[2] ?? null) : null, masked };
}

/** The lines an import adds below a case's content, for what has no field of its own. */
function withLines(content: string, lines: readonly string[]): string {
  return lines.length === 0 ? content : `${content}\n\n${lines.join('\n')}`;
}

const CONTENT_MAX = 20_000;

/** The channels an import takes, by code and by their zh and en names. */
const CHANNEL_WORDS = Object.fromEntries(
  IMPORT_CHANNELS.map((c) => [c, [c, CHANNEL_LABELS[c].zh, CHANNEL_LABELS[c].en]]),
) as Partial<Record<Channel, readonly string[]>>;

/** The enterprise a row names only by name: linked when the ledger has exactly one, else noted. */
function linkByName(name: string, lookups: CaseLookups, notes: Bilingual[], lines: string[]): string | undefined {
  const found = lookups.enterpriseByName(name);
  if ('id' in found) return found.id;
  notes.push(
    say(
      `${found.problem.zh}，诉求不关联企业，企业名称写入诉求内容`,
      `${found.problem.en}; the case names no enterprise, its name is added to the content`,
    ),
  );
  lines.push(`企业名称：${name}`);
  return undefined;
}

/** The case filed from a row already (an earlier import of the same external reference). */
function alreadyFiled(channel: Channel, ref: string | undefined, lookups: CaseLookups): Bilingual | null {
  if (!ref) return null;
  const number = lookups.filedAs(channel, ref);
  return number
    ? say(
        `外部编号 ${ref} 已导入为诉求 ${number}，跳过`,
        `external reference ${ref} was imported before as case ${number}; skipped`,
      )
    : null;
}

/**
 * One row of the plain case list as the body of `POST /api/v1/cases`: title and content, the
 * enterprise by USCC (a code not yet registered is registered with the row's name) or by name,
 * a contact's name and number together, channel (default 其他), category, kind (default 求助),
 * the original receipt time (a line of the content) and the external reference that makes a
 * second import of the row skip it.
 */
export function parseCaseListRow(data: DataRow, lookups: CaseLookups): CaseRowResult {
  const r = new RowReader<CaseListColumn>(data, CASE_LIST_COLUMNS);
  const notes: Bilingual[] = [];
  const lines: string[] = [];
  const title = r.required('title', 200);
  const content = r.required('content', CONTENT_MAX);

  const uscc = r.uscc('uscc');
  const enterpriseName = r.optional('enterpriseName', 200);
  let enterpriseId: string | undefined;
  let register: PlannedCase['register'] = null;
  if (uscc) {
    enterpriseId = lookups.enterpriseByUscc(uscc);
    if (!enterpriseId) {
      if (!enterpriseName) {
        r.fail(
          'uscc',
          say(
            '该代码尚未在企业台账登记，请同时填写企业名称以登记',
            'this code is not registered yet; give the enterprise’s name to register it',
          ),
        );
      } else if ([...enterpriseName].length < 2) {
        r.fail('enterpriseName', say('应为 2–200 个字', 'must be 2–200 characters'));
      } else {
        register = { uscc, name: enterpriseName };
        notes.push(say(`企业台账中登记新企业“${enterpriseName}”`, `registers “${enterpriseName}” on the ledger`));
      }
    }
  } else if (uscc === undefined && enterpriseName) {
    enterpriseId = linkByName(enterpriseName, lookups, notes, lines);
  }

  const contactName = r.optional('contactName', 100);
  const phoneText = r.text('contactMobile');
  const phone = phoneText.replace(/\s/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (phoneText && !caseContactMobile.safeParse(phone).success) {
    r.fail(
      'contactMobile',
      say(
        '应为手机号或带区号的固定电话（如 0570-6012345）',
        'must be a mobile or a landline with its area code (0570-6012345)',
      ),
    );
  } else if (phoneText && contactName === undefined) {
    r.fail('contactName', say('填写联系电话时须填写联系人', 'is required when a contact number is given'));
  } else if (!phoneText && contactName) {
    r.fail('contactMobile', say('填写联系人时须填写联系电话', 'is required when a contact is given'));
  }
  if (register && contactName && MOBILE.test(phone)) register.contact = { name: contactName, mobile: phone };

  const channel =
    r.choice(
      'channel',
      CHANNEL_WORDS,
      IMPORT_CHANNELS.map((c) => `“${CHANNEL_LABELS[c].zh}”`).join('、'),
      IMPORT_CHANNELS.map((c) => CHANNEL_LABELS[c].en).join(', '),
    ) ?? 'other';
  const kind = r.choice(
    'kind',
    KIND_WORDS,
    CASE_KINDS.map((k) => `“${KIND_WORDS[k][0]!}”`).join('、'),
    CASE_KINDS.join(', '),
  );
  const categoryText = r.text('category');
  let categoryId: string | undefined;
  if (categoryText) {
    const found = lookups.category(categoryText);
    if ('problem' in found) r.fail('category', found.problem);
    else categoryId = found.id;
  }
  const receivedCell = r.cell('receivedAt');
  if (receivedCell && r.text('receivedAt')) {
    const received = parseReceivedAt(receivedCell, lookups.now);
    if ('problem' in received) r.fail('receivedAt', received.problem);
    else lines.push(`原受理时间：${received.text}`);
  }
  const externalRef = r.optional('externalRef', 200);

  if (r.errors.length > 0 || !title || !content || externalRef === null) return { planned: null, errors: r.errors };
  const fullContent = withLines(content, lines);
  if ([...fullContent].length > CONTENT_MAX) {
    r.fail(
      'content',
      say(`连同附加信息超过 ${CONTENT_MAX} 个字`, `exceeds ${CONTENT_MAX} characters with the added lines`),
    );
    return { planned: null, errors: r.errors };
  }
  return finish(r, {
    row: data.row,
    input: {
      title,
      content: fullContent,
      channel,
      kind: kind ?? 'help',
      ...(categoryId ? { categoryId } : {}),
      ...(externalRef ? { externalRef } : {}),
      ...(enterpriseId ? { enterpriseId } : {}),
      ...(contactName && phone ? { contactName, contactMobile: phone } : {}),
    },
    register,
    skip: alreadyFiled(channel, externalRef, lookups),
    notes,
  });
}

/**
 * One row of seed 003's 附件2 问题台账 as a case: the description split into title and content,
 * the enterprise linked by name, the contact taken where the cell holds a name and a whole number
 * (the product's exports mask it), the suggested unit and the remark kept as lines of the content.
 * A remark naming a case of this platform (`诉求编号 …`) means the row is already here: skipped;
 * a number of another platform becomes the external reference, so a second import skips it.
 */
export function parseLedgerRow(data: DataRow, lookups: CaseLookups): CaseRowResult {
  const r = new RowReader<LedgerColumn>(data, LEDGER_COLUMNS);
  const notes: Bilingual[] = [];
  const lines: string[] = [];
  const description = r.required('description', CONTENT_MAX);
  const enterpriseName = r.optional('enterpriseName', 200);
  const suggested = r.optional('suggestedUnit', 500);
  const contactText = r.optional('contact', 500);
  const remark = r.optional('remark', 2000);
  const explicitRef = r.optional('externalRef', 200);
  if (r.errors.length > 0 || !description) return { planned: null, errors: r.errors };

  const { title, content } = splitDescription(description);
  if ([...title].length > 200) {
    r.fail('description', say('冒号前的标题超过 200 个字', 'the title before the colon exceeds 200 characters'));
    return { planned: null, errors: r.errors };
  }
  const enterpriseId = enterpriseName ? linkByName(enterpriseName, lookups, notes, lines) : undefined;
  let contact: { contactName: string; contactMobile: string } | undefined;
  if (contactText) {
    const parsed = parseContactText(contactText);
    if (parsed.name && parsed.phone && !parsed.masked)
      contact = { contactName: parsed.name, contactMobile: parsed.phone };
    else {
      lines.push(`企业联系人及联系方式：${contactText}`);
      notes.push(
        say(
          '联系方式不完整或已脱敏，写入诉求内容；诉求联系人取企业的第一联系人',
          'the contact is incomplete or masked, so it is added to the content; the case takes the enterprise’s first contact',
        ),
      );
    }
  }
  if (suggested) lines.push(`建议解决部门：${suggested}`);
  if (remark) lines.push(`备注：${remark}`);

  const number = remark ? CASE_NUMBER_IN_REMARK.exec(remark)?.[1] : undefined;
  let skip: Bilingual | null = null;
  if (number && lookups.caseNumberExists(number)) {
    skip = say(`已在本平台（诉求编号 ${number}），跳过`, `already on this platform as case ${number}; skipped`);
  }
  const externalRef = explicitRef ?? (skip ? undefined : number);
  const fullContent = withLines(content, lines);
  if ([...fullContent].length > CONTENT_MAX) {
    r.fail(
      'description',
      say(`连同附加信息超过 ${CONTENT_MAX} 个字`, `exceeds ${CONTENT_MAX} characters with the added lines`),
    );
    return { planned: null, errors: r.errors };
  }
  return finish(r, {
    row: data.row,
    input: {
      title,
      content: fullContent,
      channel: 'other',
      kind: 'help',
      ...(externalRef ? { externalRef } : {}),
      ...(enterpriseId ? { enterpriseId } : {}),
      ...contact,
    },
    register: null,
    skip: skip ?? alreadyFiled('other', externalRef, lookups),
    notes,
  });
}

/** The planned case once the cases' own body accepts it. */
function finish<K extends string>(r: RowReader<K>, planned: PlannedCase): CaseRowResult {
  const parsed = CreateCaseBody.safeParse(planned.input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'title');
    r.fail(field as K, say('本行数据无效', 'the row is invalid'));
    return { planned: null, errors: r.errors };
  }
  return { planned, errors: [] };
}
