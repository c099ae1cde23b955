import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, worldDataDir } from './testing/run.js';

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1) ?? 'null') as unknown;

describe('qisu jurisdiction', () => {
  const dir = worldDataDir('qisu-cli-jurisdiction-');

  it('adds a city on a preset and prints its administrator’s password once', async () => {
    const added = await run([
      'jurisdiction',
      'add',
      'zz',
      '--name',
      '枣庄市',
      '--level',
      'city',
      '--region',
      '370400',
      '--preset',
      'yc',
      '--admin',
      'zz.admin',
    ]);
    expect(added.code, added.err).toBe(0);
    const result = lastJson(added.out) as { code: string; admin: { username: string; password: string } };
    expect(result).toMatchObject({ code: 'zz', admin: { username: 'zz.admin' } });
    expect(added.err).toContain(
      `初始密码（仅显示一次，请登录后修改）/ first password, shown once: ${result.admin.password}`,
    );
    expect(added.err).toContain('营商办 / hub unit: 枣庄市营商环境服务中心');
  });

  it('adds a street from a profile file under its parent', async () => {
    const preset = readFileSync(new URL('../../../profiles/jhj.yaml', import.meta.url), 'utf8');
    const file = join(dir, 'street.yaml');
    writeFileSync(file, preset);
    const added = await run(
      'jurisdiction add qs --name 齐村镇 --level street --region 370404101 --profile'
        .split(' ')
        .concat([file, '--parent', 'zz', '--admin', 'qs.admin']),
    );
    expect(added.code, added.err).toBe(0);
    expect(lastJson(added.out)).toMatchObject({ code: 'qs', parentCode: 'zz', profile: { from: 'file' } });
  });

  it('puts a county under the city, lists who is above whom, and refuses a loop in Chinese', async () => {
    const set = await run(['jurisdiction', 'parent', 'ta', 'zz']);
    expect(set.code, set.err).toBe(0);
    expect(set.err).toContain('ta 的上级辖区已设为 zz');
    const listed = await run(['jurisdiction', 'list']);
    expect(listed.code).toBe(0);
    const rows = lastJson(listed.out) as { code: string; parentCode: string | null }[];
    expect(rows.map((r) => [r.code, r.parentCode])).toEqual([
      ['qs', 'zz'],
      ['ta', 'zz'],
      ['tb', null],
      ['zz', null],
    ]);
    const loop = await run(['jurisdiction', 'parent', 'zz', 'qs']);
    expect(loop.code).toBe(1);
    expect(loop.err).toContain('输入无效 / invalid input: 「qs」在「zz」之下（或就是它），不能成为其上级');
    const cleared = await run(['jurisdiction', 'parent', 'ta', '--none']);
    expect(cleared.code).toBe(0);
    expect(lastJson(cleared.out)).toEqual({ code: 'ta', parentCode: null });
  });

  it('answers a bad call with its usage or the reason, writing nothing', async () => {
    const usage = await run(['jurisdiction', 'add', 'yy', '--name', '某县']);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('用法 / usage: qisu jurisdiction add');
    const taken = await run(
      'jurisdiction add ta --name 重名 --level county --region 330824 --preset kh --admin new.admin'.split(' '),
    );
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('辖区代码「ta」已被使用');
    expect((await run(['jurisdiction', 'parent', 'ta'])).code).toBe(2);
    expect((await run(['jurisdiction', 'rename'])).code).toBe(2);
    const rows = lastJson((await run(['jurisdiction', 'list'])).out) as unknown[];
    expect(rows).toHaveLength(4);
  });
});
