import { describe, expect, it } from 'vitest';
import { emptyKpiCounts, kpiAverages, kpiRates } from '@qisu/core';
import type { Figures, ServiceGroup } from './service-report.js';
import { serviceFindings } from './service-report.js';

/** The figures of a group from a few counts, the rates worked out as the reports do. */
function figures(counts: Partial<ReturnType<typeof emptyKpiCounts>>): Figures {
  const all = { ...emptyKpiCounts(), ...counts };
  return { ...all, ...kpiRates(all), ...kpiAverages(all) };
}

const group = (name: string, counts: Parameters<typeof figures>[0], previousReceived?: number): ServiceGroup => ({
  name,
  figures: figures(counts),
  ...(previousReceived === undefined ? {} : { previousReceived }),
});

describe('what the service report asks to look at', () => {
  const steady = figures({ received: 20, closed: 20, closedInTime: 20, solved: 18, rated: 20, satisfied: 18 });

  it('says nothing when nothing stands out', () => {
    expect(
      serviceFindings({
        current: steady,
        previous: steady,
        categories: [group('用电', { received: 4, closed: 4, solved: 4, rated: 4, satisfied: 4 }, 4)],
        units: [group('供电公司', { received: 4 })],
      }),
    ).toEqual([]);
  });

  it('names a category that grew by half and by three cases, or appeared, but not a small one', () => {
    const found = serviceFindings({
      current: steady,
      previous: steady,
      categories: [
        group('用工', { received: 6 }, 4), // +2: too few
        group('用地', { received: 9 }, 6), // +3, +50 %
        group('融资', { received: 3 }, 0), // new
        group('环保', { received: 2 }, 0), // too small
      ],
      units: [],
    });
    expect(found).toEqual([
      '“用地”类诉求 9 件，较上期增加 3 件（+50%）。',
      '“融资”类诉求 3 件，上期没有，为新出现的集中问题。',
    ]);
  });

  it('names at most five grown categories, the largest growth first', () => {
    const found = serviceFindings({
      current: steady,
      previous: steady,
      categories: [3, 9, 4, 8, 5, 7, 6].map((n) => group(`类${n}`, { received: n }, 0)),
      units: [],
    });
    expect(found.map((f) => f.slice(0, 4))).toEqual(['“类9”', '“类8”', '“类7”', '“类6”', '“类5”']);
  });

  it('names a category solved or satisfied ten points below the jurisdiction, given three cases', () => {
    const found = serviceFindings({
      current: steady, // 解决率 90 %, 满意率 90 %
      previous: steady,
      categories: [
        group('审批', { received: 5, closed: 5, solved: 3, rated: 5, satisfied: 4 }, 5), // 60 %, 80 %
        group('税务', { received: 2, closed: 2, solved: 0, rated: 2, satisfied: 0 }, 2), // too few
      ],
      units: [],
    });
    expect(found).toEqual([
      '“审批”类诉求解决率 60.0%，低于本地区平均 90.0%，需研究共性原因。',
      '“审批”类诉求满意率 80.0%，低于本地区平均 90.0%，需研究共性原因。',
    ]);
  });

  it('names a rate that fell five points or more, and the units with cases overdue, most first', () => {
    const found = serviceFindings({
      current: figures({ received: 20, closed: 20, closedInTime: 20, solved: 18, rated: 20, satisfied: 17 }),
      previous: steady,
      categories: [],
      units: [group('住建局', { received: 3, overdue: 1 }), group('市场监管局', { received: 5, overdue: 2 })],
    });
    expect(found).toEqual([
      '满意率 85.0%，较上期下降 5.0 个百分点。',
      '市场监管局（2 件）、住建局（1 件）共有 3 件本期诉求至今超期未办结。',
    ]);
  });
});
