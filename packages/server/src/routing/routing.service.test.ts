import { describe, expect, it } from 'vitest';
import type { RoutingKey } from './routing.service.js';
import { categoryChain, pickRoutingRule, regionAncestry, routingReason } from './routing.service.js';

const rule = (id: string, categoryId: string | null, regionCode: string | null) => ({ id, categoryId, regionCode });
const pick = (rules: (RoutingKey & { id: string })[], categoryChain: string[], regionCode: string | null) =>
  pickRoutingRule(rules, { categoryChain, regionCode });

describe('regionAncestry', () => {
  it('walks a village up through its town, county, city and province', () => {
    expect(regionAncestry('330824101201')).toEqual(['330824101201', '330824101', '330824', '330800', '330000']);
  });
  it('walks a town up to its county by the first six digits', () => {
    expect(regionAncestry('420112007')).toEqual(['420112007', '420112', '420100', '420000']);
  });
  it('does not repeat a city or a province', () => {
    expect(regionAncestry('370400')).toEqual(['370400', '370000']);
    expect(regionAncestry('370000')).toEqual(['370000']);
  });
});

describe('categoryChain', () => {
  const tree = [
    { id: 'land', parent_id: null },
    { id: 'land.supply', parent_id: 'land' },
    { id: 'loop', parent_id: 'loop' },
  ];
  it('lists the category and then its parents', () => {
    expect(categoryChain(tree, 'land.supply')).toEqual(['land.supply', 'land']);
  });
  it('answers nothing for an unknown category and stops on a cycle', () => {
    expect(categoryChain(tree, 'nope')).toEqual([]);
    expect(categoryChain(tree, 'loop')).toEqual(['loop']);
  });
});

describe('pickRoutingRule', () => {
  const all = [
    rule('exact', 'tax', '330824101'),
    rule('county', 'tax', '330824'),
    rule('category', 'tax', null),
    rule('territory', null, '330824101'),
    rule('territoryCounty', null, '330824'),
    rule('parent', 'land', null),
  ];

  it('prefers the exact category and region', () => {
    expect(pick(all, ['tax'], '330824101')).toEqual({ rule: all[0], match: 'exact' });
  });

  it('falls back to the nearest enclosing region of the category', () => {
    expect(pick(all, ['tax'], '330824102')).toEqual({ rule: all[1], match: 'ancestorRegion' });
    expect(pick(all, ['tax'], '330824101201')).toEqual({ rule: all[0], match: 'ancestorRegion' });
  });

  it('then takes the category in any region', () => {
    expect(pick(all, ['tax'], '330822')).toEqual({ rule: all[2], match: 'categoryOnly' });
    expect(pick(all, ['tax'], null)).toEqual({ rule: all[2], match: 'categoryOnly' });
  });

  it('tries the parent category before rules for any category', () => {
    expect(pick(all, ['land.supply', 'land'], '330824101')).toEqual({ rule: all[5], match: 'parentCategory' });
  });

  it('then takes the territory alone, nearest region first', () => {
    expect(pick(all, ['env'], '330824101')).toEqual({ rule: all[3], match: 'regionOnly' });
    expect(pick(all, ['env'], '330824102')).toEqual({ rule: all[4], match: 'regionOnly' });
    expect(pick(all, [], '330824101')).toEqual({ rule: all[3], match: 'regionOnly' });
  });

  it('answers null when nothing matches', () => {
    expect(pick(all, ['env'], '330822')).toBeNull();
    expect(pick(all, [], null)).toBeNull();
    expect(pick([], ['tax'], '330824101')).toBeNull();
  });

  it('does not depend on the order of the rules', () => {
    const reversed = [...all].reverse();
    expect(pick(reversed, ['tax'], '330824101')?.rule.id).toBe('exact');
    expect(pick(reversed, ['tax'], '330824102')?.rule.id).toBe('county');
  });
});

describe('routingReason', () => {
  it('names the category, the region and the unit, or says that nothing matched', () => {
    const exact = routingReason('exact', { category: '税费服务', region: '华埠镇', unit: '税务局' });
    expect(exact.zh).toContain('税费服务');
    expect(exact.zh).toContain('华埠镇');
    expect(exact.en).toContain('exact');
    const none = routingReason('none', { category: null, region: null, unit: null });
    expect(none.zh).toContain('没有匹配');
    expect(none.en).toContain('No rule');
  });
});
