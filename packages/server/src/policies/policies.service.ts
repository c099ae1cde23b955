import type { LedgerFacts, PolicyTargeting, Role } from '@qisu/core';
import { policyMatches, POLICY_WRITER_ROLES } from '@qisu/core';
import { charNgrams, isDictionaryWord, normalizeText, PLACEHOLDERS, segmentWords } from '@qisu/triage';
import mammoth from 'mammoth';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { findCaseVisibleTo } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import type { Selectable } from 'kysely';
import type { PolicyDocumentsTable } from '../db/schema.js';
import { isUnstorableText, unstorableTextError } from '../db/text.js';
import { AppError, invalidField } from '../errors.js';
import type { PassageToStore, RankedPassage } from './policies.repository.js';
import {
  deleteDocument,
  documentPassages,
  findDocument,
  insertDocument,
  listDocuments,
  rankPassages,
} from './policies.repository.js';
import type { PolicyDocumentDto, PolicySearchDto, PolicyTextInput } from './policies.schemas.js';
import { MAX_POLICY_TEXT_CHARS, PolicyImportFields } from './policies.schemas.js';
import { splitPolicyText } from './policies.split.js';
import { enterpriseFacts, hasApplications, markOpened } from './policy-market.repository.js';

/** Staff who may read the library and search it. */
export const POLICY_READERS: readonly Role[] = [
  'hub',
  'leader',
  'unit_handler',
  'unit_head',
  'admin',
  'discipline',
  'liaison',
];
/** Who may list and open policies: staff, and enterprise contacts for the policies meant for them. */
export const POLICY_LIST_READERS: readonly Role[] = [...POLICY_READERS, 'enterprise'];
/** Who keeps the library: import, paste, delete (core's set). */
export const POLICY_WRITERS: readonly Role[] = POLICY_WRITER_ROLES;
/** Who is offered passages for a case while screening it. */
export const POLICY_CASE_READERS: readonly Role[] = ['hub', 'leader', 'admin'];

/** 5 MB, the largest policy file accepted. */
export const POLICY_FILE_MAX_BYTES = 5 * 1_048_576;

// ─── Terms ────────────────────────────────────────────────────────────────────────────────────

const PLACEHOLDER_SET: ReadonlySet<string> = new Set(Object.values(PLACEHOLDERS));

const HAN_WORD = /^\p{Script=Han}{3,}$/u;

/**
 * The terms of a passage: jieba words of the normalised text (`@qisu/triage`, the same recipe as
 * the category model), without stop words, punctuation and the placeholders that stand for
 * personal data; a Han word of three or more characters also yields its character bigrams, since
 * jieba keeps compounds whole (贴息贷款, 贷款额度) and a question may use their parts. Passages and
 * questions go through the same function.
 */
export function passageTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of segmentWords(normalizeText(text))) {
    if (PLACEHOLDER_SET.has(word)) continue;
    terms.push(word);
    if (HAN_WORD.test(word)) terms.push(...charNgrams(word, 2, 2));
  }
  return terms;
}

/**
 * The distinct terms of a question, in order of first use. Every term is kept, single Han
 * characters included. Measured on the demo library with the 48 demo consultations it answers
 * (title + content as the question) and 15 short keyword questions: all terms put the right
 * passage first 48 times (MRR 1.000); dropping single characters changed no ranking and only
 * narrowed the winner's margin; dropping asking words (咨询, 哪些, 如何 …) lost one (MRR 0.986).
 * The compound bigrams above lifted the keyword questions from MRR 0.833 to 0.933 (no more empty
 * answers for 贴息贷款) at the cost of one long question whose first passage became a neighbouring,
 * also fitting one. Idf already discounts what is common.
 */
export function queryTerms(text: string): string[] {
  return [...new Set(passageTerms(text))];
}

/** Term frequencies of a passage. */
function termCounts(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

// ─── Files ────────────────────────────────────────────────────────────────────────────────────

/** An uploaded policy file as the HTTP layer received it. */
export interface IncomingPolicyFile {
  filename: string | undefined;
  bytes: Buffer;
  fields: Record<string, string>;
}

const startsWith = (bytes: Buffer, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const PDF = [0x25, 0x50, 0x44, 0x46];
// eslint-disable-next-line no-control-regex -- control characters are what marks a binary file
const BINARY_CONTROL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/u;

/**
 * The text of an uploaded file: a Word document (.docx, read with mammoth) or UTF-8 plain text
 * (.txt; a byte-order mark is dropped). The type comes from the bytes, not the name. Anything
 * else — an old .doc, a PDF, GBK text, a binary, an empty file, a .docx whose XML spells a NUL
 * or an unpaired surrogate — is a 400 on field `file` that says what to do.
 */
export async function readPolicyFile(file: Pick<IncomingPolicyFile, 'bytes'>): Promise<{
  text: string;
  format: 'text' | 'docx';
}> {
  const { bytes } = file;
  if (bytes.length === 0) throw invalidField('file', '文件为空', 'the file is empty');
  if (bytes.length > POLICY_FILE_MAX_BYTES) throw policyFileTooLarge();
  let text: string;
  let format: 'text' | 'docx';
  if (startsWith(bytes, ZIP)) {
    try {
      text = (await mammoth.extractRawText({ buffer: bytes })).value;
    } catch {
      throw invalidField(
        'file',
        '无法读取该文件，请上传 Word 文档（.docx）或 UTF-8 编码的文本文件（.txt）',
        'the file cannot be read; upload a Word document (.docx) or a UTF-8 text file (.txt)',
      );
    }
    // XML character references decode to anything, `&#0;` and `&#xD800;` included.
    if (isUnstorableText(text)) throw unstorableTextError('file');
    format = 'docx';
  } else if (startsWith(bytes, OLE) || startsWith(bytes, PDF)) {
    throw invalidField(
      'file',
      '不支持旧版 Word（.doc）、Excel 或 PDF 文件，请另存为 .docx 或 UTF-8 编码的 .txt 后导入',
      'old Word (.doc), Excel and PDF files are not supported; save the document as .docx or UTF-8 .txt first',
    );
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw invalidField(
        'file',
        '文件不是 UTF-8 编码的文本，请另存为 UTF-8 编码的 .txt 或 Word 文档（.docx）后导入',
        'the file is not UTF-8 text; save it as UTF-8 .txt or as a Word document (.docx) first',
      );
    }
    if (BINARY_CONTROL.test(text)) {
      throw invalidField(
        'file',
        '文件不是文本文件，请上传 Word 文档（.docx）或 UTF-8 编码的 .txt',
        'the file is not a text file; upload a Word document (.docx) or UTF-8 .txt',
      );
    }
    format = 'text';
  }
  if (text.trim().length === 0) throw invalidField('file', '文件中没有文字内容', 'the file holds no text');
  return { text, format };
}

/** The 413 of an oversized policy file. */
export function policyFileTooLarge(): AppError {
  return new AppError('POLICY_FILE_TOO_LARGE', { limit: '5 MB' }, { limitBytes: POLICY_FILE_MAX_BYTES });
}

// ─── The library ──────────────────────────────────────────────────────────────────────────────

function toDto(row: Selectable<PolicyDocumentsTable> & { issuing_unit_name?: string | null }): PolicyDocumentDto {
  return {
    id: row.id,
    title: row.title,
    docNumber: row.doc_number,
    issuer: row.issuer,
    sourceName: row.source_name,
    format: row.format,
    passageCount: row.passage_count,
    createdAt: row.created_at.toISOString(),
    targeting: {
      industryCodes: row.industry_codes,
      scales: row.scales,
      regionCodes: row.region_codes,
      aboveDesignatedSize: row.above_designated_size,
    },
    issuingUnitId: row.issuing_unit_id,
    issuingUnitName: row.issuing_unit_name ?? null,
    online: row.online,
    automatic: row.automatic,
    benefit: row.benefit,
  };
}

/** A stored policy's targeting tags as core's matcher reads them. */
export function targetingOf(row: Selectable<PolicyDocumentsTable>): PolicyTargeting {
  return {
    industryCodes: row.industry_codes,
    scales: row.scales,
    regionCodes: row.region_codes,
    aboveDesignatedSize: row.above_designated_size,
  };
}

/** The enterprise an enterprise contact acts for, with the ledger facts targeting reads; null for staff. */
async function enterpriseOf(deps: Pick<Deps, 'db'>, actor: Actor): Promise<LedgerFacts | null> {
  if (!actor.roles.includes('enterprise')) return null;
  const row = actor.enterpriseId ? await enterpriseFacts(deps.db, actor.jurisdictionId, actor.enterpriseId) : undefined;
  // A contact without a ledger entry is told of nothing: no policy is proven to be for it.
  if (!row) throw new AppError('FORBIDDEN');
  return ledgerFactsOf(row);
}

/** The facts of a ledger row as core's matcher reads them. */
export function ledgerFactsOf(row: {
  industry_code: string | null;
  scale: LedgerFacts['scale'];
  region_code: string | null;
  above_designated_size: boolean;
}): LedgerFacts {
  return {
    industryCode: row.industry_code,
    scale: row.scale,
    regionCode: row.region_code,
    aboveDesignatedSize: row.above_designated_size,
  };
}

/**
 * The caller's jurisdiction's documents, newest first, optionally those holding `q`. An enterprise
 * contact (政策超市 on the phone) sees only the policies whose targeting its ledger entry meets.
 */
export async function listPolicies(
  deps: Deps,
  actor: Actor,
  query: { q?: string | undefined } = {},
): Promise<PolicyDocumentDto[]> {
  requireRole(actor, POLICY_LIST_READERS);
  const enterprise = await enterpriseOf(deps, actor);
  const rows = await listDocuments(deps.db, actor.jurisdictionId, query.q || undefined);
  return rows.filter((row) => !enterprise || policyMatches(targetingOf(row), enterprise)).map(toDto);
}

/**
 * A document of the caller's jurisdiction with its passages in order; 404 for any other, and for
 * an enterprise contact whose ledger entry the policy is not for. An enterprise contact opening a
 * policy pushed to them records when (the push's "opened" count).
 */
export async function getPolicy(deps: Deps, actor: Actor, id: string) {
  requireRole(actor, POLICY_LIST_READERS);
  const enterprise = await enterpriseOf(deps, actor);
  const row = await findDocument(deps.db, actor.jurisdictionId, id);
  if (!row || (enterprise && !policyMatches(targetingOf(row), enterprise))) throw new AppError('POLICY_NOT_FOUND');
  const passages = await documentPassages(deps.db, row.id);
  if (enterprise) await markOpened(deps.db, actor.userId, row.id, deps.clock.now());
  return { ...toDto(row), passages };
}

/** What a new document is made of, however it arrived. */
export interface NewPolicy {
  title?: string | null | undefined;
  text: string;
  docNumber?: string | null | undefined;
  issuer?: string | null | undefined;
  format: 'text' | 'docx';
  sourceName?: string | null | undefined;
}

/**
 * Stores a document in a jurisdiction's library without checking the actor: split into passages,
 * each segmented into its postings, all in one transaction. Also used by the demo seeder.
 */
export async function storePolicy(
  deps: Pick<Deps, 'db'>,
  input: NewPolicy & { jurisdictionId: string; createdBy: string | null; at: Date },
): Promise<PolicyDocumentDto> {
  if (input.text.length > MAX_POLICY_TEXT_CHARS) {
    throw invalidField(
      'text',
      `正文过长，不能超过 ${MAX_POLICY_TEXT_CHARS} 字`,
      `the text is too long; at most ${MAX_POLICY_TEXT_CHARS} characters`,
    );
  }
  const split = splitPolicyText(input.text, input.title);
  const stem = input.sourceName?.replace(/\.(txt|docx)$/iu, '').trim();
  const title = input.title?.trim() || split.title || stem || null;
  if (!title) {
    throw invalidField(
      'title',
      '请填写标题（正文首行不像标题）',
      'give a title (the first line of the text does not read as one)',
    );
  }
  if (split.passages.length === 0) {
    throw invalidField('text', '正文没有可用的文字', 'the text holds nothing to store');
  }
  const passages: PassageToStore[] = split.passages.map((p) => {
    const terms = passageTerms(p.text);
    return { article: p.article, text: p.text, tokenCount: terms.length, terms: termCounts(terms) };
  });
  const stored = await deps.db.transaction().execute((trx) =>
    insertDocument(
      trx,
      {
        jurisdiction_id: input.jurisdictionId,
        title: title.slice(0, 200),
        doc_number: input.docNumber ?? split.docNumber,
        issuer: input.issuer ?? null,
        source_name: input.sourceName ?? null,
        format: input.format,
        created_by: input.createdBy,
        created_at: input.at,
      },
      passages,
    ),
  );
  return toDto(stored);
}

/** Adds a pasted document to the caller's library (admin, hub). */
export async function createPolicy(deps: Deps, actor: Actor, input: PolicyTextInput): Promise<PolicyDocumentDto> {
  requireRole(actor, POLICY_WRITERS);
  if (input.text.trim().length === 0) throw invalidField('text', '正文不能为空', 'the text is empty');
  return storePolicy(deps, {
    ...input,
    format: 'text',
    jurisdictionId: actor.jurisdictionId,
    createdBy: actor.userId,
    at: deps.clock.now(),
  });
}

/** The last segment of a client's file name, without control characters, at most 200 characters. */
function fileName(name: string | undefined): string | null {
  if (!name) return null;
  // eslint-disable-next-line no-control-regex -- control characters never belong in a stored name
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/gu, '').trim();
  return base.length > 0 ? base.slice(0, 200) : null;
}

/**
 * Imports an uploaded .txt or .docx into the caller's library (admin, hub). The role is checked
 * before `receive` reads the body, so a refused caller uploads nothing.
 */
export async function importPolicy(
  deps: Deps,
  actor: Actor,
  receive: () => Promise<IncomingPolicyFile>,
): Promise<PolicyDocumentDto> {
  requireRole(actor, POLICY_WRITERS);
  const file = await receive();
  const fields = PolicyImportFields.parse(file.fields);
  const { text, format } = await readPolicyFile(file);
  return storePolicy(deps, {
    ...fields,
    text,
    format,
    sourceName: fileName(file.filename),
    jurisdictionId: actor.jurisdictionId,
    createdBy: actor.userId,
    at: deps.clock.now(),
  });
}

/** Removes a document of the caller's library with its passages (admin, hub); 404 for any other. */
export async function deletePolicy(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, POLICY_WRITERS);
  // Applications keep their policy: what was decided and paid stays on record.
  if (await hasApplications(deps.db, id)) {
    const row = await findDocument(deps.db, actor.jurisdictionId, id);
    if (row) throw new AppError('POLICY_HAS_APPLICATIONS');
  }
  const deleted = await deleteDocument(deps.db, actor.jurisdictionId, id);
  if (!deleted) throw new AppError('POLICY_NOT_FOUND');
}

/**
 * The matched terms a reader sees marked: words of two or more characters — never a single
 * character, nor a bare number — that are not a piece of a longer matched word (工业用地 is marked
 * whole, not its bigram 业用), and, for two Han characters, a word of the dictionary rather than a
 * bigram cut across two words (业用, 动合).
 */
export function highlightTerms(matched: readonly string[]): string[] {
  const long = matched.filter((t) => [...t].length >= 2 && /\p{L}/u.test(t));
  return long.filter(
    (t) =>
      !long.some((o) => o !== t && o.length > t.length && o.includes(t)) &&
      (!/^\p{Script=Han}{2}$/u.test(t) || isDictionaryWord(t)),
  );
}

/**
 * The relevance floor of a passage offered for a case (SPEC §6: answers from the policy library).
 * A case's text is long and shares common words with almost any article, so the best-ranked
 * passage is not necessarily about the case. A passage is offered only when both hold:
 * - coverage ≥ 0.45: its BM25 score divided by the query's weight (Σ idf of the case's terms
 *   found in the library — what a passage holding each of them once would score), i.e. it holds
 *   a good share of what the case says that the library knows of;
 * - at least 2 telling words: matched words as marked (`highlightTerms`) found in at most 10 % of
 *   the library's passages (or in one, in a library of fewer than 10), so two generic words (企业,
 *   申请) or one shared compound are not enough.
 * Measured on the demo library (38 passages) with the 112 demo cases of 滕州 and 开化: 16 of the 34
 * consultations keep passages, each on their subject (施工许可, 留抵退税, 排污许可证延续 …); the
 * 18 dropped were offered a neighbouring article on another subject (首台套 → 出口信用保险), or
 * a partial one at best. Of the 78 other demands 68 are offered nothing — the drainage, water
 * pressure, road and outage complaints among them — and the 10 left mostly meet a passage on their
 * subject (人才公寓, 联合验收, 环评).
 */
export const PASSAGE_FLOOR = { coverage: 0.45, tellingWords: 2, maxTermShare: 0.1 } as const;

/** Coverage and telling words of a ranked passage, as `PASSAGE_FLOOR` defines them. */
export function passageRelevance(row: RankedPassage): { coverage: number; telling: string[] } {
  const coverage = row.query_weight > 0 ? row.score / row.query_weight : 0;
  const dfOf = new Map(row.matched.map((t, i) => [t, row.matched_df[i] ?? 0]));
  const telling = highlightTerms(row.matched).filter(
    (t) => (dfOf.get(t) ?? 0) <= Math.max(1, PASSAGE_FLOOR.maxTermShare * row.passages),
  );
  return { coverage, telling };
}

/** Whether a passage clears `PASSAGE_FLOOR`. */
export function aboveFloor(row: RankedPassage): boolean {
  const { coverage, telling } = passageRelevance(row);
  return coverage >= PASSAGE_FLOOR.coverage && telling.length >= PASSAGE_FLOOR.tellingWords;
}

function toSearchDto(rows: readonly RankedPassage[]): PolicySearchDto {
  return {
    items: rows.map((r) => ({
      passageId: r.passage_id,
      documentId: r.document_id,
      documentTitle: r.document_title,
      docNumber: r.doc_number,
      article: r.article,
      text: r.text,
      score: Math.round(r.score * 10_000) / 10_000,
      matched: highlightTerms(r.matched),
    })),
  };
}

/** Ranks a jurisdiction's passages for a question (BM25 over its terms); no terms, no passages. */
export async function rankForQuestion(
  deps: Pick<Deps, 'db'>,
  jurisdictionId: string,
  question: string,
  limit: number,
  options: { floor?: boolean } = {},
): Promise<PolicySearchDto> {
  const terms = queryTerms(question);
  if (!options.floor) return toSearchDto(await rankPassages(deps.db, jurisdictionId, terms, limit));
  // Passages under the floor are dropped after ranking; read more so that `limit` may still be met.
  const ranked = await rankPassages(deps.db, jurisdictionId, terms, limit * 4);
  return toSearchDto(ranked.filter(aboveFloor).slice(0, limit));
}

/** The caller's library's passages for a question, best first. */
export async function searchPolicies(
  deps: Deps,
  actor: Actor,
  query: { q: string; limit: number },
): Promise<PolicySearchDto> {
  requireRole(actor, POLICY_READERS);
  return rankForQuestion(deps, actor.jurisdictionId, query.q, query.limit);
}

/**
 * Passages that may answer a case (its title and content as the question), for screening a
 * consultation: only those above `PASSAGE_FLOOR`, so a complaint about drainage is not offered
 * export tax refunds. The library searched is the case's jurisdiction's, which the caller's scope
 * includes; a case out of scope is 404.
 */
export async function casePolicyPassages(
  deps: Deps,
  actor: Actor,
  caseId: string,
  limit: number,
): Promise<PolicySearchDto> {
  requireRole(actor, POLICY_CASE_READERS);
  const row = await findCaseVisibleTo(deps.db, actor, caseId);
  if (!row) throw new AppError('CASE_NOT_FOUND');
  return rankForQuestion(deps, row.jurisdiction_id, `${row.title}\n${row.content}`, limit, { floor: true });
}
