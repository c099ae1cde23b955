import { z } from 'zod';
import { COMPLEXITIES } from '@qisu/core';

const RegionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/);

/**
 * A rule of the routing catalogue (派单目录). A missing or null category or region means "any";
 * a rule names at least one of them. PUT sends the whole rule again.
 */
export const RoutingRuleBody = z.object({
  categoryId: z.uuid().nullable().optional().describe('空为任意分类 / empty: any category'),
  regionCode: RegionCode.nullable().optional().describe('空为任意区划 / empty: any region'),
  leadUnitId: z.uuid(),
  coUnitIds: z.array(z.uuid()).max(10).default([]),
  complexity: z.enum(COMPLEXITIES).nullable().optional().describe('默认复杂程度 / default complexity'),
  note: z.string().trim().max(500).nullable().optional(),
});
/** A rule body after parsing. */
export type RoutingRuleInput = z.infer<typeof RoutingRuleBody>;

/** The rule in the path. */
export const RoutingRuleIdParams = z.object({ id: z.uuid() });

/** Filters and paging of the catalogue. */
export const ListRoutingRulesQuery = z.object({
  categoryId: z.uuid().optional(),
  unitId: z.uuid().optional().describe('牵头或协办 / as lead or co-unit'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** What the suggestion is for; both are optional ("any"). */
export const SuggestQuery = z.object({
  categoryId: z.uuid().optional(),
  regionCode: RegionCode.optional(),
});

const UnitRef = z.object({ id: z.string(), name: z.string(), active: z.boolean() });

/** One rule with the names the screens show. */
export const RoutingRuleView = z.object({
  id: z.string(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  leadUnit: UnitRef,
  coUnits: z.array(UnitRef),
  complexity: z.enum(COMPLEXITIES).nullable(),
  note: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable().describe('修改人姓名 / name of who changed it last'),
});

/** One page of the catalogue and the total. */
export const RoutingRuleList = z.object({ items: z.array(RoutingRuleView), total: z.number() });

/** How specific a matching rule is, most specific first; `none` when nothing matched. */
export const ROUTING_MATCHES = [
  'exact',
  'ancestorRegion',
  'categoryOnly',
  'parentCategory',
  'regionOnly',
  'none',
] as const;

/** The suggestion for a case: the rule, its units and complexity, and why. */
export const RoutingSuggestion = z.object({
  rule: RoutingRuleView.nullable(),
  leadUnit: UnitRef.nullable(),
  coUnits: z.array(UnitRef),
  complexity: z.enum(COMPLEXITIES).nullable(),
  match: z.enum(ROUTING_MATCHES).describe('how specific the matching rule is / 匹配方式'),
  reason: z.object({ zh: z.string(), en: z.string() }),
});
