import { describe, expect, it } from 'vitest';
import type { OversightUnitFigures } from '../api/models';
import { formatRate, rankUnit, ratio, redBlackLists, unitsWithProblems } from './ranking';

const unit = (name: string, figures: Partial<OversightUnitFigures> = {}): OversightUnitFigures => ({
  unitId: name,
  unitName: name,
  kind: 'department',
  openAssignments: 0,
  overdue: 0,
  yellow: 0,
  red: 0,
  replied: 0,
  repliedOnTime: 0,
  satisfied: 0,
  rated: 0,
  ...figures,
});

describe('the ranking of units (红黑榜)', () => {
  it('weighs a red card 3, an overdue case 2 and a yellow card 1', () => {
    expect(rankUnit(unit('a', { red: 2, overdue: 1, yellow: 3 })).penalty).toBe(11);
    expect(rankUnit(unit('b', { replied: 4, repliedOnTime: 3, rated: 2, satisfied: 1 }))).toMatchObject({
      penalty: 0,
      onTimeRate: 0.75,
      satisfactionRate: 0.5,
    });
    expect(rankUnit(unit('c'))).toMatchObject({ onTimeRate: null, satisfactionRate: null });
  });

  it('puts the most penalised unit at the head of the black list', () => {
    const { worst } = redBlackLists([
      unit('yellowOnly', { yellow: 2 }),
      unit('redOnce', { red: 1 }),
      unit('overdueTwice', { overdue: 2, replied: 2, repliedOnTime: 1 }),
      unit('clean', { replied: 1, repliedOnTime: 1 }),
    ]);
    expect(worst.map((u) => u.unitName)).toEqual(['overdueTwice', 'redOnce', 'yellowOnly']);
  });

  it('breaks a tie in points by the lower on-time rate', () => {
    const { worst } = redBlackLists([
      unit('punctual', { red: 1, replied: 4, repliedOnTime: 4 }),
      unit('late', { red: 1, replied: 4, repliedOnTime: 1 }),
    ]);
    expect(worst.map((u) => u.unitName)).toEqual(['late', 'punctual']);
  });

  it('keeps the red list for units without points that did work, best rates first', () => {
    const { best, worst } = redBlackLists([
      unit('idle'),
      unit('half', { replied: 2, repliedOnTime: 1, rated: 2, satisfied: 2 }),
      unit('perfect', { replied: 3, repliedOnTime: 3, rated: 3, satisfied: 2 }),
      unit('perfectAndPleasing', { replied: 1, repliedOnTime: 1, rated: 1, satisfied: 1 }),
      unit('carded', { yellow: 1, replied: 5, repliedOnTime: 5 }),
    ]);
    expect(best.map((u) => u.unitName)).toEqual(['perfectAndPleasing', 'perfect', 'half']);
    expect(worst.map((u) => u.unitName)).toEqual(['carded']);
  });

  it('cuts each list to its size', () => {
    const many = Array.from({ length: 8 }, (_, i) => unit(`u${i}`, { red: i + 1 }));
    expect(redBlackLists(many, 3).worst.map((u) => u.unitName)).toEqual(['u7', 'u6', 'u5']);
    expect(unitsWithProblems(many, 2).map((u) => u.penalty)).toEqual([24, 21]);
    expect(unitsWithProblems([unit('clean', { replied: 3, repliedOnTime: 3 })])).toEqual([]);
  });

  it('shows a rate to one decimal, or a dash without a denominator', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(formatRate(ratio(2, 3))).toBe('66.7%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
  });
});
