import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RuleFilter, RuleRow } from './routing.repository.js';
import {
  allCategories,
  candidateRules,
  deleteRule,
  findCategory,
  findRegion,
  findRule,
  findRuleByKey,
  insertRule,
  jurisdictionCategories as categoryRows,
  jurisdictionRegionCode,
  listRules,
  unitsByIds,
  updateRule,
} from './routing.repository.js';
import type { ROUTING_MATCHES, RoutingRuleInput } from './routing.schemas.js';

// ─── The pure matcher ─────────────────────────────────────────────────────────────────────────

/** How specific the rule that matched is, most specific first. */
export type RoutingMatch = (typeof ROUTING_MATCHES)[number];

/** What the matcher needs of a rule: its category and region, null meaning "any". */
export interface RoutingKey {
  categoryId: string | null;
  regionCode: string | null;
}

/**
 * A region code and the codes that enclose it, nearest first (GB/T 2260): a 12-digit village lies
 * in the 9-digit town of its first 9 digits, a town in the county of its first 6, a county in its
 * city (`xxxx00`) and province (`xx0000`). Assumes a well-formed 6, 9 or 12-digit code.
 */
export function regionAncestry(code: string): string[] {
  const chain = [code];
  if (code.length === 12) chain.push(code.slice(0, 9));
  if (code.length >= 9) chain.push(code.slice(0, 6));
  const county = code.slice(0, 6);
  chain.push(`${county.slice(0, 4)}00`, `${county.slice(0, 2)}0000`);
  return chain.filter((c, i) => chain.indexOf(c) === i);
}

/**
 * Picks the most specific rule for a case: for the case's own category, exact region first, then
 * the nearest enclosing region, then "any region"; then the same for each parent category (nearest
 * first); then rules for any category by the nearest region; otherwise none. `categoryChain` is
 * the case's category followed by its ancestors. Pure, so the screening screen's suggestion and
 * any batch re-routing decide the same way.
 */
export function pickRoutingRule<R extends RoutingKey>(
  rules: readonly R[],
  query: { categoryChain: readonly string[]; regionCode: string | null },
): { rule: R; match: RoutingMatch } | null {
  const byKey = new Map<string, R>();
  for (const rule of rules) byKey.set(`${rule.categoryId ?? '*'}|${rule.regionCode ?? '*'}`, rule);
  const at = (category: string | null, region: string | null) => byKey.get(`${category ?? '*'}|${region ?? '*'}`);
  const regions = query.regionCode ? regionAncestry(query.regionCode) : [];

  for (const [depth, category] of query.categoryChain.entries()) {
    for (const [distance, region] of regions.entries()) {
      const rule = at(category, region);
      if (rule) return { rule, match: depth > 0 ? 'parentCategory' : distance === 0 ? 'exact' : 'ancestorRegion' };
    }
    const any = at(category, null);
    if (any) return { rule: any, match: depth > 0 ? 'parentCategory' : 'categoryOnly' };
  }
  for (const region of regions) {
    const rule = at(null, region);
    if (rule) return { rule, match: 'regionOnly' };
  }
  return null;
}

/** The category and its ancestors, nearest first; guards against a cycle in bad data. */
export function categoryChain(categories: readonly { id: string; parent_id: string | null }[], id: string): string[] {
  const parent = new Map(categories.map((c) => [c.id, c.parent_id]));
  const chain: string[] = [];
  let current: string | null | undefined = id;
  while (current && parent.has(current) && !chain.includes(current)) {
    chain.push(current);
    current = parent.get(current);
  }
  return chain;
}

/** The category and every category below it; empty when the category is not in the list. */
export function categorySubtree(categories: readonly { id: string; parent_id: string | null }[], id: string): string[] {
  const found = new Set(categories.some((c) => c.id === id) ? [id] : []);
  for (let grew = found.size > 0; grew;) {
    grew = false;
    for (const c of categories) {
      if (c.parent_id && found.has(c.parent_id) && !found.has(c.id)) {
        found.add(c.id);
        grew = true;
      }
    }
  }
  return [...found];
}

/** Why this rule was suggested, in both languages, for the screen beside the suggestion. */
export function routingReason(
  match: RoutingMatch,
  names: { category: string | null; region: string | null; unit: string | null },
): { zh: string; en: string } {
  const cat = names.category ?? '';
  const reg = names.region ?? '';
  const unit = names.unit ?? '';
  switch (match) {
    case 'exact':
      return {
        zh: `派单目录精确匹配：分类「${cat}」、区划「${reg}」，由${unit}牵头`,
        en: `Routing catalogue, exact match: category “${cat}” in “${reg}”, led by ${unit}`,
      };
    case 'ancestorRegion':
      return {
        zh: `派单目录匹配：分类「${cat}」、上级区划「${reg}」，由${unit}牵头`,
        en: `Routing catalogue: category “${cat}” in the enclosing region “${reg}”, led by ${unit}`,
      };
    case 'categoryOnly':
      return {
        zh: `派单目录匹配：分类「${cat}」（不限区划），由${unit}牵头`,
        en: `Routing catalogue: category “${cat}” in any region, led by ${unit}`,
      };
    case 'parentCategory':
      return reg
        ? {
            zh: `派单目录匹配：上级分类「${cat}」、区划「${reg}」，由${unit}牵头`,
            en: `Routing catalogue: parent category “${cat}” in “${reg}”, led by ${unit}`,
          }
        : {
            zh: `派单目录匹配：上级分类「${cat}」（不限区划），由${unit}牵头`,
            en: `Routing catalogue: parent category “${cat}” in any region, led by ${unit}`,
          };
    case 'regionOnly':
      return {
        zh: `派单目录按属地匹配：区划「${reg}」（不限分类），由${unit}牵头`,
        en: `Routing catalogue by territory: region “${reg}”, any category, led by ${unit}`,
      };
    case 'none':
      return {
        zh: '派单目录中没有匹配的规则，请人工选择承办单位',
        en: 'No rule of the routing catalogue matches; choose the units by hand',
      };
  }
}

// ─── The catalogue's API ──────────────────────────────────────────────────────────────────────

const READERS = ['hub', 'leader', 'admin'] as const;

async function views(deps: Deps, actor: Actor, rows: RuleRow[]) {
  const coIds = [...new Set(rows.flatMap((r) => r.co_unit_ids))];
  const units = new Map((await unitsByIds(deps.db, actor.jurisdictionId, coIds)).map((u) => [u.id, u]));
  return rows.map((r) => ({
    id: r.id,
    categoryId: r.category_id,
    categoryName: r.category_name,
    regionCode: r.region_code,
    regionName: r.region_name,
    leadUnit: { id: r.lead_unit_id, name: r.lead_unit_name, active: r.lead_unit_active },
    coUnits: r.co_unit_ids.flatMap((id) => {
      const u = units.get(id);
      return u ? [{ id: u.id, name: u.name, active: u.active }] : [];
    }),
    complexity: r.complexity,
    note: r.note,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by_name,
  }));
}

/** The catalogue, a page at a time (hub, leader, admin). */
export async function listRoutingRules(deps: Deps, actor: Actor, filter: RuleFilter) {
  requireRole(actor, READERS);
  const { rows, total } = await listRules(deps.db, actor.jurisdictionId, filter);
  return { items: await views(deps, actor, rows), total };
}

/** Whether a region lies in the jurisdiction's area (its code, or below it). */
async function requireRegionInJurisdiction(deps: Deps, actor: Actor, code: string): Promise<void> {
  const region = await findRegion(deps.db, code);
  const { region_code: own } = await jurisdictionRegionCode(deps.db, actor.jurisdictionId);
  const prefix = own.replace(/0+$/, '');
  if (!region || !code.startsWith(prefix)) {
    throw invalidField('regionCode', '行政区划不存在或不在本辖区', 'unknown region, or outside the jurisdiction');
  }
}

/**
 * Everything a rule refers to must be the caller's jurisdiction's: the category, the region, the
 * lead unit and the co-units (active ones). Answers the normalised rule or a 400 naming the field.
 */
async function validRule(deps: Deps, actor: Actor, input: RoutingRuleInput) {
  const categoryId = input.categoryId ?? null;
  const regionCode = input.regionCode ?? null;
  if (categoryId === null && regionCode === null) {
    throw invalidField('categoryId', '分类和区划至少填写一项', 'a rule needs a category, a region or both');
  }
  if (categoryId) {
    const categories = await jurisdictionCategories(deps.db, actor.jurisdictionId);
    if (!categories.some((c) => c.id === categoryId)) {
      throw invalidField('categoryId', '分类不存在或不属于本辖区', 'no such category in this jurisdiction');
    }
  }
  if (regionCode) await requireRegionInJurisdiction(deps, actor, regionCode);
  const coUnitIds = [...new Set(input.coUnitIds)];
  const units = new Map(
    (await unitsByIds(deps.db, actor.jurisdictionId, [input.leadUnitId, ...coUnitIds])).map((u) => [u.id, u]),
  );
  if (!units.get(input.leadUnitId)?.active) {
    throw invalidField('leadUnitId', '牵头单位不存在、已停用或不属于本辖区', 'no such active lead unit here');
  }
  if (coUnitIds.includes(input.leadUnitId)) {
    throw invalidField('coUnitIds', '协办单位不能与牵头单位相同', 'the lead unit cannot also be a co-unit');
  }
  if (coUnitIds.some((id) => !units.get(id)?.active)) {
    throw invalidField('coUnitIds', '协办单位不存在、已停用或不属于本辖区', 'no such active co-unit here');
  }
  return {
    category_id: categoryId,
    region_code: regionCode,
    lead_unit_id: input.leadUnitId,
    co_unit_ids: coUnitIds,
    complexity: input.complexity ?? null,
    note: input.note ? input.note : null,
  };
}

const conflict = () =>
  new AppError(
    'CONFLICT',
    { detail: '该分类与区划已有派单规则 / a rule for this category and region exists' },
    {
      field: 'categoryId',
    },
  );

async function ruleView(deps: Deps, actor: Actor, id: string) {
  const row = await findRule(deps.db, actor.jurisdictionId, id);
  if (!row) throw new AppError('NOT_FOUND');
  const [view] = await views(deps, actor, [row]);
  if (!view) throw new AppError('NOT_FOUND');
  return view;
}

/** Adds a rule (admin); one rule per category × region, else 409. */
export async function createRoutingRule(deps: Deps, actor: Actor, input: RoutingRuleInput) {
  requireRole(actor, ['admin']);
  const values = await validRule(deps, actor, input);
  if (await findRuleByKey(deps.db, actor.jurisdictionId, values.category_id, values.region_code)) throw conflict();
  const now = deps.clock.now();
  try {
    const { id } = await insertRule(deps.db, {
      ...values,
      jurisdiction_id: actor.jurisdictionId,
      created_by: actor.userId,
      created_at: now,
      updated_by: actor.userId,
      updated_at: now,
    });
    return await ruleView(deps, actor, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}

/** Replaces a rule (admin); another jurisdiction's rule is a 404. */
export async function updateRoutingRule(deps: Deps, actor: Actor, id: string, input: RoutingRuleInput) {
  requireRole(actor, ['admin']);
  if (!(await findRule(deps.db, actor.jurisdictionId, id))) throw new AppError('NOT_FOUND');
  const values = await validRule(deps, actor, input);
  const holder = await findRuleByKey(deps.db, actor.jurisdictionId, values.category_id, values.region_code);
  if (holder && holder.id !== id) throw conflict();
  try {
    await updateRule(deps.db, actor.jurisdictionId, id, {
      ...values,
      updated_by: actor.userId,
      updated_at: deps.clock.now(),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
  return ruleView(deps, actor, id);
}

/** Removes a rule (admin); cases already dispatched keep their units. */
export async function deleteRoutingRule(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, ['admin']);
  if (!(await deleteRule(deps.db, actor.jurisdictionId, id))) throw new AppError('NOT_FOUND');
}

/**
 * The lead unit, co-units and complexity the catalogue suggests for a category and a region (hub,
 * leader, admin). Rules whose lead unit was deactivated are passed over; inactive co-units are
 * left out. A category of another jurisdiction is a 400 on `categoryId`.
 */
export async function suggestRouting(
  deps: Deps,
  actor: Actor,
  query: { categoryId?: string | undefined; regionCode?: string | undefined },
) {
  requireRole(actor, READERS);
  let chain: string[] = [];
  const categories = await jurisdictionCategories(deps.db, actor.jurisdictionId);
  if (query.categoryId) {
    chain = categoryChain(categories, query.categoryId);
    if (chain.length === 0) {
      throw invalidField('categoryId', '分类不存在或不属于本辖区', 'no such category in this jurisdiction');
    }
  }
  const regionCode = query.regionCode ?? null;
  const regions = regionCode ? regionAncestry(regionCode) : [];
  const candidates = await candidateRules(deps.db, actor.jurisdictionId, chain, regions);
  const picked = pickRoutingRule(
    candidates.map((r) => ({ ...r, categoryId: r.category_id, regionCode: r.region_code })),
    { categoryChain: chain, regionCode },
  );
  if (!picked) {
    return {
      rule: null,
      leadUnit: null,
      coUnits: [],
      complexity: null,
      match: 'none' as const,
      reason: routingReason('none', { category: null, region: null, unit: null }),
    };
  }
  const [view] = await views(deps, actor, [picked.rule]);
  if (!view) throw new AppError('NOT_FOUND');
  return {
    rule: view,
    leadUnit: view.leadUnit,
    coUnits: view.coUnits.filter((u) => u.active),
    complexity: view.complexity,
    match: picked.match,
    reason: routingReason(picked.match, {
      category: view.categoryName,
      region: view.regionName ?? view.regionCode,
      unit: view.leadUnit.name,
    }),
  };
}

/** A category of the jurisdiction by id, for commands that confirm or correct a case's category. */
export function categoryOf(db: Kysely<Database> | Transaction<Database>, jurisdictionId: string, id: string) {
  return findCategory(db, jurisdictionId, id);
}

/**
 * The jurisdiction's category tree, flat (a few dozen rows); walk it with `categoryChain` and
 * `categorySubtree`. No access check: categories are the jurisdiction's shared catalogue.
 */
export function jurisdictionCategories(db: Kysely<Database> | Transaction<Database>, jurisdictionId: string) {
  return categoryRows(db, jurisdictionId);
}

/** Every jurisdiction's categories, flat, for training one model for all jurisdictions. */
export function everyCategory(db: Kysely<Database> | Transaction<Database>) {
  return allCategories(db);
}
