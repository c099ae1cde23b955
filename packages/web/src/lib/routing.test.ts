import { describe, expect, it } from 'vitest';
import { categoryOptions, ruleBody, ruleDraftProblem } from './routing';

describe('ruleDraftProblem', () => {
  it('needs a category or a region', () => {
    expect(ruleDraftProblem({ leadUnitId: 'u1' })).toEqual({ field: 'categoryId', message: 'admRuleNeedsKey' });
    expect(ruleDraftProblem({ categoryId: '', regionCode: null, leadUnitId: 'u1' })?.field).toBe('categoryId');
    expect(ruleDraftProblem({ regionCode: '330824', leadUnitId: 'u1' })).toBeNull();
    expect(ruleDraftProblem({ categoryId: 'c1', leadUnitId: 'u1' })).toBeNull();
  });

  it('refuses the lead unit among the co-units', () => {
    expect(ruleDraftProblem({ categoryId: 'c1', leadUnitId: 'u1', coUnitIds: ['u2', 'u1'] })).toEqual({
      field: 'coUnitIds',
      message: 'admRuleCoHasLead',
    });
    expect(ruleDraftProblem({ categoryId: 'c1', leadUnitId: 'u1', coUnitIds: ['u2'] })).toBeNull();
  });
});

describe('ruleBody', () => {
  it('sends "any" as null, drops repeated co-units and blank notes', () => {
    expect(
      ruleBody({ categoryId: 'c1', regionCode: '', leadUnitId: 'u1', coUnitIds: ['u2', 'u2'], note: '  ' }),
    ).toEqual({
      categoryId: 'c1',
      regionCode: null,
      leadUnitId: 'u1',
      coUnitIds: ['u2'],
      complexity: null,
      note: null,
    });
    expect(ruleBody({ regionCode: '330824', leadUnitId: 'u1', complexity: 'simple', note: ' 属地 ' })).toMatchObject({
      categoryId: null,
      regionCode: '330824',
      complexity: 'simple',
      note: '属地',
    });
  });
});

describe('categoryOptions', () => {
  const tree = [
    { id: 'c2', code: 'tax', name: '税费服务', nameEn: 'Taxes', parentId: null },
    { id: 'c1', code: 'land', name: '用地用房', nameEn: null, parentId: null },
    { id: 'c11', code: 'land.supply', name: '土地供应', nameEn: 'Land supply', parentId: 'c1' },
  ];
  it('lists parents before their children, in code order, with both names', () => {
    expect(categoryOptions(tree, false)).toEqual([
      { value: 'c1', label: '用地用房' },
      { value: 'c11', label: '用地用房 / 土地供应' },
      { value: 'c2', label: '税费服务' },
    ]);
    expect(categoryOptions(tree, true).map((o) => o.label)).toEqual(['用地用房', '用地用房 / Land supply', 'Taxes']);
  });
});
