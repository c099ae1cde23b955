import { z } from 'zod';
import { REPORT_PERIOD_PATTERN } from '@qisu/core';

const at = z.string().describe('ISO 8601');
const text = (max: number) => z.string().trim().min(1).max(max);
const Tags = z.array(z.string().trim().min(1).max(30)).max(20).describe('标签 / tags, e.g. 用电, 园区');

/** `{id}` of a library entry. */
export const LibraryEntryParams = z.object({ id: z.uuid() });

/** A closed case distilled into the library (SPEC §10): problem, resolution, optional policy basis and tags. */
export const CreateLibraryEntryBody = z.object({
  caseId: z.uuid().describe('已销号的诉求 / the closed case it is distilled from'),
  problem: text(2000).describe('问题 / the problem'),
  resolution: text(4000).describe('解决办法 / how it was solved'),
  policyBasis: z.string().trim().max(2000).optional().describe('政策依据 / the policy it rested on'),
  tags: Tags.optional(),
});
export type CreateLibraryEntryInput = z.infer<typeof CreateLibraryEntryBody>;

/** The hub's edit of an entry: any field, and whether it is published as a typical case (典型案例). */
export const UpdateLibraryEntryBody = z
  .object({
    problem: text(2000).optional(),
    resolution: text(4000).optional(),
    policyBasis: z.string().trim().max(2000).nullable().optional(),
    tags: Tags.optional(),
    typical: z.boolean().optional().describe('典型案例 / published as a typical case'),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateLibraryEntryInput = z.infer<typeof UpdateLibraryEntryBody>;

/** Search of the library: words of the problem, resolution or tags; only typical cases when asked. */
export const LibraryQuery = z.object({
  q: z.string().trim().max(200).optional().describe('检索词 / words of the problem, resolution or tags'),
  typical: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('只看典型案例 / typical cases only'),
});
export type LibraryQueryInput = z.infer<typeof LibraryQuery>;

/** The period of the typical-case 简报. */
export const TypicalCasesQuery = z.object({
  period: z
    .string()
    .regex(REPORT_PERIOD_PATTERN, { message: 'period must be YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY' })
    .optional()
    .describe('2026-11, 2026-Q4, 2026-H2 or 2026; the current month when absent'),
});
export type TypicalCasesInput = z.infer<typeof TypicalCasesQuery>;

/** A library entry as every reader sees it. */
export const LibraryEntrySchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNumber: z.string(),
  caseTitle: z.string(),
  problem: z.string(),
  resolution: z.string(),
  policyBasis: z.string().nullable(),
  units: z
    .array(z.object({ id: z.uuid(), name: z.string() }))
    .describe('解决问题的单位，牵头在前 / units that solved it, lead first'),
  category: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  typical: z.boolean().describe('典型案例 / published as a typical case'),
  typicalAt: at.nullable(),
  createdBy: z.string().nullable(),
  createdAt: at,
  updatedAt: at,
});
export type LibraryEntryDto = z.infer<typeof LibraryEntrySchema>;

/** A page of the library, best match first when searched. */
export const LibraryListSchema = z.object({
  items: z.array(
    LibraryEntrySchema.extend({
      score: z.number().nullable().describe('与检索词的匹配度 0–1，未检索时为空 / match with the words, null without'),
    }),
  ),
  total: z.number().int(),
});

/** The answer of POST: the new entry's id. */
export const CreatedLibraryEntry = z.object({ id: z.uuid() });

/** A library entry alike a case, as screening shows it (SPEC §10). */
export const LibraryMatchSchema = z.object({
  id: z.uuid(),
  problem: z.string(),
  resolution: z.string(),
  score: z.number().describe('与本件的词语相似度 / word likeness with the case'),
  typical: z.boolean(),
  caseNumber: z.string(),
  tags: z.array(z.string()),
});
