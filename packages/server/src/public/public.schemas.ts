import { z } from 'zod';

/** A jurisdiction code as profiles spell it (`kh`, `jhj` …); printed posters may carry it in capitals. */
export const PublicJurisdictionParams = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9]{1,15}$/, { message: 'a jurisdiction code is 2–16 letters or digits' })
    .describe('辖区代码 / jurisdiction code, e.g. kh'),
});

/**
 * What an enterprise that scans the office's QR code may learn without logging in: the
 * jurisdiction's name, its brand and the hub's service line. Nothing about people.
 */
export const PublicJurisdictionView = z.object({
  code: z.string(),
  name: z.string(),
  fullName: z.string(),
  brand: z.string().optional().describe('诉求品牌，如“企呼我应” / the brand of the service'),
  hotline: z.string().optional().describe('营商办服务电话 / the business office’s service line'),
});
export type PublicJurisdictionDto = z.infer<typeof PublicJurisdictionView>;

const publicRate = z.number().min(0).max(1).nullable();

/**
 * The public ranking (晾晒) of a jurisdiction whose profile publishes one: the units of the last
 * complete period of its cadence, with their rank, 红榜 / 黑榜 and rates. No person, no case.
 */
export const PublicRankingView = z.object({
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  period: z.object({
    code: z.string(),
    from: z.string(),
    to: z.string(),
    label: z.object({ zh: z.string(), en: z.string() }),
  }),
  rule: z.object({
    method: z.enum(['ordered', 'weighted']),
    measures: z.array(z.object({ kpi: z.string(), weight: z.number().optional() })),
  }),
  rows: z.array(
    z.object({
      name: z.string(),
      rank: z.number().int().nullable(),
      tied: z.boolean(),
      list: z.enum(['red', 'black']).nullable(),
      received: z.number().int(),
      closed: z.number().int(),
      closeRate: publicRate,
      onTimeRate: publicRate,
      solveRate: publicRate,
      satisfactionRate: publicRate,
    }),
  ),
});
export type PublicRankingDto = z.infer<typeof PublicRankingView>;
