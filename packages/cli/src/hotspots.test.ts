import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './testing/run.js';

/** Messages written for this test: a burst about one compound's night market, one about a bus line, noise. */
const MESSAGES = [
  [
    '桂园小区楼下夜市噪音扰民',
    '桂园小区楼下夜市每晚营业到凌晨两点，噪音很大，油烟飘进住户家里。',
    '2026-03-02T21:00:00+08:00',
    3,
  ],
  [
    '桂园小区夜市油烟噪音',
    '桂园小区旁边的夜市摊位越来越多，油烟和噪音让住户无法休息。',
    '2026-03-03T22:00:00+08:00',
    5,
  ],
  ['投诉桂园小区夜市扰民', '桂园小区门口夜市烧烤油烟大，凌晨还很吵，请城管处理。', '2026-03-04T23:00:00+08:00', 0],
  [
    '桂园小区夜市问题何时解决',
    '桂园小区夜市噪音油烟问题反映多次，夜市摊位仍然营业到凌晨。',
    '2026-03-05T20:00:00+08:00',
    9,
  ],
  ['建议312路公交延长运营时间', '312路公交末班车太早，建议延长运营时间到晚上十点。', '2026-03-03T08:00:00+08:00', 40],
  [
    '312路公交末班车太早',
    '312路公交的末班车八点就结束了，加班的人没法回家，建议延长运营时间。',
    '2026-03-04T09:00:00+08:00',
    2,
  ],
  ['图书馆周末开放时间', '市图书馆周末几点开门？', '2026-03-01T10:00:00+08:00', 0],
  ['社保卡补办流程', '社保卡丢了，怎么补办？需要带什么材料？', '2026-03-02T10:00:00+08:00', 0],
  ['路灯不亮', '河西大道有一段路灯坏了很久，晚上很黑。', '2026-03-06T10:00:00+08:00', 1],
] as const;

describe('qisu hotspots --data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qisu-hot-'));
  const file = join(dir, 'messages.jsonl');
  writeFileSync(
    file,
    MESSAGES.map(([title, body, time, likes], i) => JSON.stringify({ id: i + 1, title, body, time, likes })).join('\n'),
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the top groups with size, likes and a representative title, then their JSON', async () => {
    const result = await run(['hotspots', '--data', file, '--top', '5', '--window-days', '7']);
    expect(result.code, result.err).toBe(0);
    const lines = result.out.trim().split('\n');
    const groups = JSON.parse(lines.pop()!) as { rank: number; size: number; likes: number; title: string }[];
    expect(groups.map((g) => [g.rank, g.size, g.likes])).toEqual([
      [1, 4, 17],
      [2, 2, 42],
    ]);
    expect(groups[0]!.title).toMatch(/桂园小区/);
    expect(groups[1]!.title).toMatch(/312路/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^#1 +热度\/heat 6\.89 +期间 4 件\/cases in period +4 人\/reporters +1 周\/weeks +突增\/burst [\d.]+ \(窗口 4 件\/cases in window [^)]*\) +17 赞\/likes +2026-03-02~2026-03-05 +.*桂园小区/,
    );
    // Titles only: no body text is ever printed.
    for (const [, body] of MESSAGES) expect(result.out).not.toContain(body);
  });

  it('prints the cases of the whole file beside the few of the window when the window is short', async () => {
    // About one night-market report a day: a one-day window holds two of the four at most.
    const result = await run(['hotspots', '--data', file, '--window-days', '1']);
    expect(result.code, result.err).toBe(0);
    const lines = result.out.trim().split('\n');
    const [top] = JSON.parse(lines.pop()!) as { periodSize: number; size: number; title: string }[];
    expect(top).toMatchObject({ periodSize: 4, size: 2 });
    expect(top!.title).toMatch(/桂园小区/);
    expect(lines[0]).toMatch(/期间 4 件\/cases in period .*\(窗口 2 件\/cases in window /);
  });

  it('cuts the list at --top and refuses a missing file argument', async () => {
    const one = await run(['hotspots', '--data', file, '--top', '1']);
    expect(JSON.parse(one.out.trim().split('\n').pop()!)).toHaveLength(1);
    const bad = await run(['hotspots', '--top', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('usage');
    expect((await run(['hotspots', '--data', file, '--order', 'loudest'])).code).toBe(2);
    const burst = await run(['hotspots', '--data', file, '--order', 'burst']);
    expect(burst.err).toContain('by burst');
    expect((await run(['help'])).out).toContain('qisu hotspots --data');
  });
});
