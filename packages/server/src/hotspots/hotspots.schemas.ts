import { z } from 'zod';
import { HOTSPOT_ORDERS } from '@qisu/triage';

/** The dimensions hotspots are counted by. */
export const HOTSPOT_DIMENSIONS = ['category', 'region', 'industry'] as const;
/** Where a group stands: found, being fixed by a linked case, resolved. */
export const HOTSPOT_STATUSES = ['open', 'fixing', 'resolved'] as const;

/** Window and dimension of the hotspot view. */
export const HotspotQuery = z.object({
  windowDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(90)
    .optional()
    .describe('窗口天数，缺省取规则配置 / window in days; the profile’s by default'),
  dimension: z.enum(HOTSPOT_DIMENSIONS).default('category').describe('按分类、区划或行业统计 / count by'),
  order: z
    .enum(HOTSPOT_ORDERS)
    .default('heat')
    .describe(
      'heat: 按热度（持续反映的企业数、周数、支持数），burst: 按突增 / by lasting heat, or by a rise in the window',
    ),
});

/** The group in the path. */
export const HotspotIdParams = z.object({ id: z.uuid() });

/** Links a group to the case that fixes its cause (办理一个、解决一类). */
export const HotspotFixBody = z.object({
  caseId: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe('整改诉求的 id 或编号（同辖区）/ id or number of the fixing case (same jurisdiction)'),
  note: z.string().trim().max(1000).optional(),
});

/** Closes a group. */
export const HotspotResolveBody = z.object({ note: z.string().trim().min(1).max(1000) });

const Member = z.object({ id: z.string(), number: z.string(), title: z.string(), status: z.string() });

/** One group of similar cases. `id` is set once the group passed the warning threshold and was stored. */
export const HotspotView = z.object({
  id: z.string().nullable(),
  title: z.string().describe('代表性诉求标题 / the most representative member’s title'),
  keywords: z.array(z.string()),
  size: z.number().int().describe('窗口内件数 / members in the window'),
  periodSize: z
    .number()
    .int()
    .nullable()
    .describe(
      '期间件数：整个统计期（period）内该群组的件数，按热度排序时显示；本期未再聚成的已存群组为空 / members over the whole period (`period`), shown by heat; null for a stored group not found again in it',
    ),
  previousSize: z.number().int().describe('上一窗口内件数 / members in the window before'),
  growth: z.number().describe('(size − previousSize) / max(previousSize, 1)'),
  likes: z.number(),
  score: z.number().describe('突增得分 / how strongly the group rose in the window'),
  heat: z
    .number()
    .nullable()
    .describe(
      '热度：反映企业数 + 0.5×(持续周数−1) + ln(1+支持数) / distinct reporters, weeks raised and support over the period',
    ),
  reporters: z.number().int().nullable().describe('反映企业数（整个统计期）/ distinct reporters over the period'),
  activeWeeks: z.number().int().nullable().describe('被反映的周数 / weeks in which it was raised'),
  category: z.string().nullable(),
  region: z.string().nullable(),
  industry: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  members: z.array(Member),
  warnedAt: z.string().nullable(),
  fix: z
    .object({ caseId: z.string(), number: z.string(), status: z.string(), note: z.string().nullable() })
    .nullable()
    .describe('关联的系统性整改诉求及其实时状态 / the linked systemic fix and its live status'),
  status: z.enum(HOTSPOT_STATUSES),
});

/** The hotspot view of a jurisdiction. */
export const HotspotList = z.object({
  window: z.object({ from: z.string(), to: z.string(), days: z.number().int() }),
  order: z.enum(HOTSPOT_ORDERS),
  period: z.object({ from: z.string(), to: z.string() }).describe('热度统计期 / the period heat counts over'),
  minCases: z.number().int().describe('预警阈值 / warning threshold'),
  groups: z.array(HotspotView),
  byDimension: z.array(
    z.object({
      value: z.string(),
      label: z.string(),
      count: z.number().int(),
      previousCount: z.number().int(),
      growth: z.number(),
    }),
  ),
});
