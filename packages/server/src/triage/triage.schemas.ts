import { CASE_STATUSES, COMPLEXITIES } from '@qisu/core';
import { z } from 'zod';
import { LibraryMatchSchema } from '../library/library.schemas.js';
import { RoutingSuggestion } from '../routing/routing.schemas.js';

/** A unit by id and name. */
const Named = z.object({ id: z.string(), name: z.string() });
/** One label of the model's ranking. */
const Ranked = z.object({ label: z.string(), probability: z.number(), categoryId: z.string().nullable() });

/** What screening suggests for a case: a category from the model, units from the catalogue and from past dispatches. */
export const CaseSuggestions = z.object({
  category: z
    .object({
      modelVersion: z.number().int(),
      label: z.string(),
      categoryId: z.string().nullable().describe('the jurisdiction’s category of that name / 本辖区同名分类'),
      confidence: z.number(),
      evidence: z.array(z.object({ term: z.string(), weight: z.number() })),
      ranking: z.array(Ranked),
    })
    .nullable()
    .describe('null when no model is trained / 尚无模型时为空'),
  suggestedCategory: z
    .object({
      id: z.string(),
      name: z.string(),
      path: z.string().describe('with its parents, 水电气讯 / 供电与报装 / 含上级分类的名称'),
      basis: z
        .enum(['case', 'model', 'similar'])
        .describe(
          'the filed category (the model agrees or is unsure), the model’s label, or that label refined by similar cases / 依据',
        ),
      filedDiffers: z.boolean().describe('the case was filed under another category / 与企业所选分类不同'),
    })
    .nullable()
    .describe(
      'the one category screening starts from; routing and learned units are for it / 研判起始分类，派单建议据此匹配',
    ),
  regionCode: z.string().nullable().describe('the case’s region, for re-asking the catalogue / 诉求所在区划'),
  routing: RoutingSuggestion.extend({ basis: z.enum(['case', 'suggestion', 'region']) }).describe(
    'the routing catalogue’s rule for the suggested category and the case’s region, as /routing-rules/suggest answers / 派单目录建议',
  ),
  learned: z
    .object({
      leadUnit: Named,
      complexity: z.enum(COMPLEXITIES).nullable(),
      basis: z.enum(['similar', 'category']),
      support: z.number().int().describe('past dispatched cases considered / 参考的已派单诉求数'),
      agreeing: z.number().int().describe('of them led by this unit / 其中由该单位牵头的件数'),
      reason: z.object({ zh: z.string(), en: z.string() }),
    })
    .nullable()
    .describe('lead unit and complexity learned from past dispatches / 从历史派单学到的牵头单位与复杂程度'),
});

/** A case as the similar-cases panel lists it. */
const CaseBrief = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(CASE_STATUSES),
  score: z.number(),
  enterpriseName: z.string().nullable(),
  createdAt: z.string(),
});

/** Likely duplicates, the enterprise's other open cases, and similar solved cases of a case. */
export const SimilarCases = z.object({
  open: z
    .array(
      CaseBrief.extend({
        score: z
          .number()
          .describe('IDF-weighted word cosine with the case, as hotspot grouping measures it / 与本件的加权词语相似度'),
        duplicate: z
          .boolean()
          .describe('at or above the duplicate threshold, or in the case’s hotspot group of three or more / 疑似重复'),
        sameEnterprise: z.boolean(),
      }),
    )
    .describe(
      'open cases about the same problem, of any enterprise, likely duplicates first / 同一问题的在办诉求（不限企业），疑似重复在前',
    ),
  enterpriseOpen: z
    .array(
      CaseBrief.extend({
        score: z.number().describe('the same likeness; below the similar threshold is 0 / 相似度，低于相似阈值为 0'),
      }),
    )
    .describe(
      'the enterprise’s other open cases that are not alike: context, not to merge into / 该企业其他在办诉求（文本不相似，不作合并对象）',
    ),
  solved: z.array(
    CaseBrief.extend({
      score: z.number().describe('word overlap (Jaccard) with the case / 与本件的词语重合度'),
      closedAt: z.string().nullable(),
      leadUnit: Named.nullable(),
      resolution: z.object({
        kind: z.enum(['answered', 'replied']),
        result: z.string().nullable(),
        text: z.string().nullable(),
        score: z.number().nullable().describe('the enterprise’s last rating / 企业最近评价'),
      }),
    }),
  ),
  library: z
    .array(LibraryMatchSchema)
    .describe('alike experience library entries, most alike first / 相似的经验库条目'),
  thresholds: z.object({
    duplicate: z.number().describe('likeness from which an open case is a likely duplicate / 疑似重复阈值'),
    similar: z.number().describe('likeness from which an open case is listed / 相似在办阈值'),
    solved: z.number().describe('word overlap from which a solved case is listed / 相似已办结阈值'),
  }),
});

/** The state of the last retraining. */
export const Retraining = z
  .object({
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    examples: z.number().int(),
    version: z.number().int().nullable().describe('the version it stored / 训练出的版本'),
    error: z.string().nullable(),
  })
  .describe('the last retraining started in this process / 本进程最近一次重新训练');

/** The category models that may serve the jurisdiction and the last retraining. */
export const ModelsOverview = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      version: z.number().int(),
      scope: z.enum(['jurisdiction', 'all']).describe('this jurisdiction’s own, or for all / 本辖区专用或通用'),
      labels: z.array(z.string()),
      examples: z.number().int(),
      quality: z.object({ accuracy: z.number(), macroF1: z.number(), method: z.string() }).nullable(),
      active: z.boolean(),
      serving: z.boolean().describe('the model that answers this jurisdiction now / 当前为本辖区提供建议'),
      createdAt: z.string(),
    }),
  ),
  retraining: Retraining.nullable(),
});

/** The case in the path. */
export const CaseIdParams = z.object({ id: z.uuid() });
