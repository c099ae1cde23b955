import { z } from 'zod';
import { PolicyTargetingView } from './policy-market.schemas.js';

/** The most characters a policy text may hold (about 1 000 pages). */
export const MAX_POLICY_TEXT_CHARS = 1_000_000;

const Title = z.string().trim().min(1).max(200);
const DocNumber = z.string().trim().min(1).max(100);
const Issuer = z.string().trim().min(1).max(200);

/** A document pasted as text. Without a title, the text's first line is the title when it reads as one. */
export const PolicyTextBody = z.object({
  title: Title.optional().describe('标题；为空时取正文首行 / title; the first line of the text when empty'),
  text: z.string().max(MAX_POLICY_TEXT_CHARS).describe('正文 / the text'),
  docNumber: DocNumber.nullable().optional().describe('文号，如 开政办发〔2026〕12号 / document number'),
  issuer: Issuer.nullable().optional().describe('发文机关 / issuing body'),
});
/** A pasted document after parsing. */
export type PolicyTextInput = z.infer<typeof PolicyTextBody>;

/** The optional form fields beside the file of an import. */
export const PolicyImportFields = z.object({
  title: Title.optional(),
  docNumber: DocNumber.optional(),
  issuer: Issuer.optional(),
});

/** The document in the path. */
export const PolicyIdParams = z.object({ id: z.uuid() });

/** The case in the path. */
export const CasePassagesParams = z.object({ id: z.uuid() });
/** How many passages to return for a case. */
export const LimitQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(5).describe('最多返回条数 / at most this many'),
});

/** A question for the library. */
export const PolicySearchQuery = z.object({
  q: z.string().trim().min(1).max(2000).describe('问题或关键词 / the question or keywords'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** A document as the library lists it. */
export const PolicyDocumentView = z.object({
  id: z.string(),
  title: z.string(),
  docNumber: z.string().nullable(),
  issuer: z.string().nullable(),
  sourceName: z.string().nullable().describe('导入的文件名 / the imported file’s name'),
  format: z.enum(['text', 'docx']),
  passageCount: z.number().int(),
  createdAt: z.string(),
  targeting: PolicyTargetingView.describe('适用对象（政策超市）/ whom the policy is for'),
  issuingUnitId: z.uuid().nullable().describe('受理审核单位 / the unit that decides applications'),
  issuingUnitName: z.string().nullable(),
  online: z.boolean().describe('可在线申报 / applied for online'),
  automatic: z.boolean().describe('免申即享 / granted without applying'),
  benefit: z.string().nullable().describe('享受内容 / what an eligible enterprise receives'),
});
export type PolicyDocumentDto = z.infer<typeof PolicyDocumentView>;

/** One passage of a document. */
export const PolicyPassageView = z.object({
  id: z.string(),
  seq: z.number().int(),
  article: z.string().nullable().describe('条款，如 第三条、二、（一） / article, e.g. 第三条'),
  text: z.string(),
});

/** A document with its passages in order. */
export const PolicyDocumentDetail = PolicyDocumentView.extend({ passages: z.array(PolicyPassageView) });

/** Passages ranked for a question, best first. */
export const PolicySearchResult = z.object({
  items: z.array(
    z.object({
      passageId: z.string(),
      documentId: z.string(),
      documentTitle: z.string(),
      docNumber: z.string().nullable(),
      article: z.string().nullable(),
      text: z.string(),
      score: z.number().describe('BM25 得分 / BM25 score'),
      matched: z
        .array(z.string())
        .describe(
          '命中的词（两字及以上，供标亮）/ the question’s words found in the passage, of two or more characters, to mark',
        ),
    }),
  ),
});
export type PolicySearchDto = z.infer<typeof PolicySearchResult>;
