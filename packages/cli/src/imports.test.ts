import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixtureUscc } from '../../server/src/testing/world.js';
import { TEST_PII_KEYS } from '../../server/src/testing/pii.js';
import { run, worldDataDir } from './testing/run.js';

describe('qisu import', () => {
  const dir = worldDataDir('qisu-cli-import-', { QISU_PII_KEYS: TEST_PII_KEYS });
  const sheet = async (name: string, rows: (string | null)[][]) => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('企业名单');
    for (const row of rows) ws.addRow(row);
    const file = join(dir, name);
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    return file;
  };

  it('imports an enterprise list as the jurisdiction’s hub, and lists the errors of a bad one', async () => {
    const good = await sheet('good.xlsx', [
      ['统一社会信用代码', '企业名称'],
      [fixtureUscc('330824', 801), '命令行导入有限公司'],
    ]);
    const dry = await run(['import', 'enterprises', good, '--jurisdiction', 'ta', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out.trim().split('\n').at(-1)!)).toMatchObject({ dryRun: true, created: 1 });
    const done = await run(['import', 'enterprises', good, '--jurisdiction', 'ta']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out.trim().split('\n').at(-1)!)).toMatchObject({ dryRun: false, created: 1 });
    expect(done.err).toContain('已导入');

    const bad = await sheet('bad.xlsx', [
      ['统一社会信用代码', '企业名称'],
      [fixtureUscc('330824', 802), '命令行二号有限公司'],
      ['91330824000000803X', '命令行三号有限公司'],
    ]);
    const refused = await run(['import', 'enterprises', bad, '--jurisdiction', 'ta']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('第 3 行 统一社会信用代码（A3）：统一社会信用代码无效');

    expect((await run(['import', 'enterprises', good, '--jurisdiction', 'zz'])).code).toBe(1);
    expect((await run(['import', 'enterprises', good])).code).toBe(2);
  });
});
