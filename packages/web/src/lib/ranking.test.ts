import { describe, expect, it } from 'vitest';
import type { OversightUnitFigures, Ranking } from '../api/models';
import { formatRate, rankingPeriods, rankText, ratio, ruleText, unitsWithProblems } from './ranking';

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

const rule = (over: Partial<Ranking['rule']>): Ranking['rule'] => ({
  cadence: 'month',
  method: 'ordered',
  measures: [{ kpi: 'closeRate' }, { kpi: 'satisfactionRate' }],
  subjects: ['unit'],
  listSize: 5,
  note: '',
  ...over,
});

describe('the ranking card', () => {
  it('states an ordered rule and a weighted one as the profile gives them', () => {
    expect(ruleText(rule({}), 'zh-CN')).toBe('按办结率、满意率从高到低排名');
    expect(ruleText(rule({}), 'en-US')).toBe('By Close rate, then Satisfaction rate, highest first');
    const weighted = rule({
      method: 'weighted',
      measures: [
        { kpi: 'onTimeRate', weight: 40 },
        { kpi: 'satisfactionRate', weight: 40 },
        { kpi: 'solveRate', weight: 20 },
      ],
    });
    expect(ruleText(weighted, 'zh-CN')).toBe('加权排名：按时办结率 40% + 满意率 40% + 解决率 20%');
  });

  it('shows a shared rank as a tie and a subject without cases without rank', () => {
    expect(rankText({ rank: 2, tied: true }, 'zh-CN')).toBe('并列 2');
    expect(rankText({ rank: 2, tied: false }, 'zh-CN')).toBe('2');
    expect(rankText({ rank: null, tied: false }, 'en-US')).toBe('—');
  });

  it('offers the period in progress and the complete ones of the cadence, newest first', () => {
    expect(rankingPeriods('month', '2026-12-03', 3).map((p) => [p.code, p.complete])).toEqual([
      ['2026-12', false],
      ['2026-11', true],
      ['2026-10', true],
    ]);
    expect(rankingPeriods('half', '2026-12-03', 3).map((p) => p.code)).toEqual(['2026-H2', '2026-H1', '2025-H2']);
  });

  it('charts units with problems by red cards, then overdue cases, then yellow cards', () => {
    const units = [
      unit('yellowOnly', { yellow: 5 }),
      unit('redOnce', { red: 1 }),
      unit('overdueTwice', { overdue: 2 }),
      unit('clean', { replied: 3, repliedOnTime: 3 }),
    ];
    expect(unitsWithProblems(units).map((u) => u.unitName)).toEqual(['redOnce', 'overdueTwice', 'yellowOnly']);
    expect(unitsWithProblems(units, 1)).toHaveLength(1);
  });

  it('shows a rate to one decimal, or a dash without a denominator', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(formatRate(ratio(2, 3))).toBe('66.7%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
  });
});
