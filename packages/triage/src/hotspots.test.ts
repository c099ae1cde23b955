import { describe, expect, it } from 'vitest';
import type { HotspotGroup, HotspotItem } from './hotspots.js';
import {
  dimensionTrends,
  findHotspots,
  hotspotHeat,
  hotspotNeighbours,
  hotspotReport,
  hotspotScore,
} from './hotspots.js';

const day = (d: number, hour = 10) => new Date(Date.UTC(2026, 10, d, hour - 8));

/** Six reports of the same outages in one industrial park, in the enterprises' own words. */
const outages: HotspotItem[] = [
  ['智造产业园频繁停电影响生产', '园区本周已经停电三次，每次两到三个小时，生产线被迫停工，请供电部门排查园区线路。'],
  ['智造产业园又停电了', '今天上午产业园再次突然停电，数控机床受损，希望尽快解决园区供电线路问题。'],
  ['反映智造产业园停电问题', '我司位于智造产业园，近期多次无预告停电，订单交付延误，请排查供电线路。'],
  ['智造产业园停电频繁请求排查', '产业园内企业普遍反映停电频繁，冷库货物受损，请供电公司排查线路并提前通知。'],
  ['产业园突然停电造成损失', '智造产业园昨晚突然停电，注塑设备停机，原料报废，请求解决园区供电不稳定。'],
  ['智造产业园供电不稳定', '园区电压忽高忽低并且经常停电，生产无法安排，请有关部门排查产业园线路。'],
].map(([title, body], i) => ({
  id: `p${i + 1}`,
  title: title!,
  body: body!,
  time: day(10 + (i % 3), 9 + i),
  likes: i,
  category: '用电',
  region: '330824101',
  industry: '制造业',
  author: `ent${i + 1}`,
}));

const unrelated: HotspotItem[] = [
  ['办理食品经营许可证需要哪些材料', '新开一家餐饮店，想了解食品经营许可证的申请材料和办理时限。'],
  ['招工困难希望组织招聘会', '公司扩产需要普工五十名，希望人社部门组织专场招聘会。'],
  ['厂区门口道路破损', '厂区门口的道路坑洼严重，大货车进出困难，雨天积水，请求修复。'],
  ['高新技术企业认定补贴进度', '去年通过高新技术企业认定，补贴至今没有到账，想了解审核进度。'],
  ['出口退税办理时间太长', '出口退税申报后等待两个月仍未退回，资金周转紧张。'],
  ['污水管网接入申请', '新建厂房需要接入市政污水管网，不清楚向哪个部门申请。'],
].map(([title, body], i) => ({
  id: `u${i + 1}`,
  title: title!,
  body: body!,
  time: day(9 + i),
  category: i % 2 === 0 ? '审批' : '政策',
  region: '330824102',
  industry: '服务业',
}));

/** Eight enterprises of one park report flooding, one every other week from September to December. */
const steady: HotspotItem[] = [
  '园区道路雨后积水严重',
  '园区道路积水影响货车进出',
  '雨天园区道路积水没过脚踝',
  '园区排水不畅道路积水',
  '园区道路又积水了',
  '园区道路积水问题何时解决',
  '园区道路积水车辆无法通行',
  '反映园区道路积水',
].map((title, i) => ({
  id: `w${i}`,
  title,
  body: `${title}，下雨后园区道路排水管网堵塞积水，请排查园区排水管网。`,
  time: new Date(Date.UTC(2026, 8, 1 + 14 * i, 2)),
  author: `park${i}`,
}));

describe('findHotspots', () => {
  it('puts a burst of similar cases into exactly one group and leaves unrelated cases alone', () => {
    const groups = findHotspots([...unrelated, ...outages], { asOf: day(16), windowDays: 7 });
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group).toMatchObject({ rank: 1, size: 6, reporters: 6, previousSize: 0, growth: 6, likes: 15 });
    expect(new Set(group!.memberIds)).toEqual(new Set(outages.map((o) => o.id)));
    expect(group!.keywords.join(' ')).toMatch(/停电/);
    expect(group!.keywords.join(' ')).toMatch(/产业园|线路|供电/);
    expect(outages.map((o) => o.id)).toContain(group!.representative.id);
    expect(group).toMatchObject({ category: '用电', region: '330824101', industry: '制造业' });
    expect(group!.from).toEqual(outages[0]!.time);
    expect(+group!.to).toBe(Math.max(...outages.map((o) => +o.time)));
    expect(group!.score).toBeCloseTo(hotspotScore(6, 0, 15));
  });

  it('counts only the window: members before it are the previous size, later ones are not counted', () => {
    const spread = outages.map((o, i) => ({ ...o, time: i < 2 ? day(3) : day(12) }));
    const [group] = findHotspots([...unrelated, ...spread], { asOf: day(16), windowDays: 7 });
    expect(group).toMatchObject({ size: 4, previousSize: 2, growth: 1 });
    expect(group!.allMemberIds).toHaveLength(6);
    expect(findHotspots([...unrelated, ...spread], { asOf: day(10), windowDays: 7 })[0]).toMatchObject({
      size: 2,
      previousSize: 0,
    });
    // Without asOf every window is tried and the group keeps its strongest one.
    expect(findHotspots([...unrelated, ...spread], { windowDays: 7 })[0]).toMatchObject({ size: 4, previousSize: 2 });
  });

  it('counts one author once in the score, so one enterprise repeating itself is no crowd', () => {
    const one = outages.map((o) => ({ ...o, author: 'ent1', likes: 0 }));
    const many = outages.map((o) => ({ ...o, likes: 0 }));
    const [alone] = findHotspots([...unrelated, ...one], { asOf: day(16) });
    const [crowd] = findHotspots([...unrelated, ...many], { asOf: day(16) });
    expect(alone).toMatchObject({ size: 6, reporters: 1 });
    expect(crowd).toMatchObject({ size: 6, reporters: 6 });
    expect(alone!.score).toBeLessThan(crowd!.score);
  });

  it('ranks by count, then growth and likes, and cuts at top', () => {
    const other: HotspotItem[] = [
      ['园区污水处理厂臭味扰民', '工业园区污水处理厂夜间排放臭气，周边企业员工宿舍无法开窗。'],
      ['污水处理厂臭味严重', '园区污水处理厂臭气越来越重，员工投诉，请环保部门检查。'],
      ['污水处理厂臭气影响员工', '靠近园区污水处理厂的车间里都是臭味，请尽快治理臭气排放。'],
    ].map(([title, body], i) => ({ id: `s${i}`, title: title!, body: body!, time: day(12), likes: 10 }));
    const groups = findHotspots([...outages, ...other, ...unrelated], { asOf: day(16) });
    expect(groups.map((g) => g.size)).toEqual([6, 3]);
    expect(groups[1]!.likes).toBe(30);
    expect(findHotspots([...outages, ...other, ...unrelated], { asOf: day(16), top: 1 }).map((g) => g.rank)).toEqual([
      1,
    ]);
    expect(hotspotScore(3, 0, 3000)).toBeLessThan(hotspotScore(6, 0, 0) + 7);
    expect(hotspotScore(4, 0, 0)).toBeGreaterThan(hotspotScore(4, 4, 0));
  });

  it('ranks a problem raised steadily for months above a week’s burst by heat, and the burst first by burst', () => {
    const burst = outages.map((o) => ({ ...o, likes: 0 }));
    const all = [...unrelated, ...steady, ...burst];
    const byHeat = findHotspots(all, { windowDays: 7 });
    expect(byHeat[0]).toMatchObject({ allReporters: 8, activeWeeks: 8 });
    expect(byHeat[0]!.heat).toBeCloseTo(8 + 0.5 * 7);
    expect(byHeat[1]).toMatchObject({ allReporters: 6, activeWeeks: 1, heat: 6 });
    // By burst the outages lead: six enterprises in one week against one flood report a week.
    const byBurst = findHotspots(all, { windowDays: 7, order: 'burst' });
    expect(byBurst[0]!.allMemberIds.sort()).toEqual(burst.map((b) => b.id).sort());
    expect(byBurst.some((g) => g.allMemberIds.includes('w0'))).toBe(false);
    expect(hotspotHeat(6, 1, 0)).toBeLessThanOrEqual(hotspotHeat(6, 20, 0));
  });

  it('counts a problem raised steadily for months whole in its period total, and only the latest in its window', () => {
    const all = [...unrelated, ...steady, ...outages];
    const flood = (groups: HotspotGroup[]) => groups.find((g) => g.allMemberIds.includes('w0'))!;
    // Over every window (as `qisu hotspots`): no week holds two reports, so the window has one.
    const byHeat = findHotspots(all, { windowDays: 7 });
    const [summary] = hotspotReport(byHeat).summary;
    expect(summary).toMatchObject({ rank: 1, periodSize: steady.length, size: 1, reporters: 8, weeks: 8 });
    expect(hotspotReport(byHeat).lines[0]).toMatch(/期间 8 件\/cases in period .*\(窗口 1 件\/cases in window /);
    // As the server asks (the window ending now): a month holds the last three of the eight.
    const now = findHotspots(all, { asOf: new Date(Date.UTC(2026, 11, 9)), windowDays: 30 });
    expect(flood(now)).toMatchObject({ size: 3, previousSize: 2 });
    expect(flood(now).allMemberIds).toHaveLength(steady.length);
    expect(hotspotReport(now).summary.find((g) => g.title === flood(now).representative.title)).toMatchObject({
      periodSize: 8,
      size: 3,
    });
  });

  it('reports nothing for an empty input or groups below the minimum size', () => {
    expect(findHotspots([])).toEqual([]);
    expect(findHotspots([...unrelated, ...outages], { asOf: day(16), minSize: 7 })).toEqual([]);
  });
});

describe('dimensionTrends', () => {
  it('counts each value in the window and the window before, most first', () => {
    const items = [...outages, ...unrelated.map((u, i) => ({ ...u, time: day(1 + i) }))];
    const trends = dimensionTrends(items, 'category', { asOf: day(16), windowDays: 7 });
    expect(trends[0]).toEqual({ value: '用电', count: 6, previousCount: 0, growth: 6 });
    expect(trends.find((t) => t.value === '审批')).toMatchObject({ count: 0, previousCount: 2 });
  });
});

describe('hotspotNeighbours', () => {
  it('measures one case against the others as grouping does, and says who shares its group', () => {
    const items = [...unrelated, ...outages];
    const neighbours = hotspotNeighbours(items, 'p1');
    const [group] = findHotspots(items, { asOf: day(16), windowDays: 7 });
    const grouped = neighbours.filter((n) => n.grouped).map((n) => n.id);
    expect(new Set(grouped)).toEqual(new Set(group!.memberIds.filter((id) => id !== 'p1')));
    expect(neighbours.some((n) => n.id === 'p1')).toBe(false);
    const scores = neighbours.map((n) => n.similarity);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(Math.max(...neighbours.filter((n) => n.id.startsWith('u')).map((n) => n.similarity), 0)).toBeLessThan(
      Math.min(...neighbours.filter((n) => n.grouped).map((n) => n.similarity)),
    );
    expect(hotspotNeighbours(items, 'missing')).toEqual([]);
  });
});
