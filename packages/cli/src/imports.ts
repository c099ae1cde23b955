import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Env, ImportKind } from '@qisu/server';
import {
  AppError,
  errorMessage,
  IMPORT_KINDS,
  importAs,
  migrateToLatest,
  openDatabase,
  preparePii,
  systemClock,
} from '@qisu/server';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `qisu import enterprises|cases <file.xlsx> --jurisdiction <code> [--as <username>] [--dry-run]`:
 * the API's import from the command line, acting as a hub user of the jurisdiction. Every error
 * of the sheet is printed as `第 N 行 列（单元格）：问题` and nothing is written (exit 1); the last
 * line of a success is the result as JSON.
 */
export async function importCommand(env: Env, kind: string | undefined, argv: string[]): Promise<number | undefined> {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind ?? '')) return undefined;
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { jurisdiction: { type: 'string' }, as: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file || !values.jurisdiction) {
    err('用法 / usage: qisu import enterprises|cases <file.xlsx> --jurisdiction <code> [--as <username>] [--dry-run]');
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    err(`无法读取文件 / cannot read the file: ${file}`);
    return 2;
  }
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
  try {
    await migrateToLatest(db.db);
    const keys = { keys: env.QISU_PII_KEYS, databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR };
    const deps = { db: db.db, clock: systemClock, pii: await preparePii(db.db, keys, err) };
    const result = await importAs(deps, {
      jurisdiction: values.jurisdiction,
      as: values.as,
      kind: kind as ImportKind,
      bytes,
      dryRun: values['dry-run'] === true,
      lang: 'zh',
    });
    for (const item of result.items) {
      const notes = item.notes.length > 0 ? `（${item.notes.join('；')}）` : '';
      err(`  第 ${item.row} 行 ${item.action} ${item.number ?? ''} ${item.label}${notes}`);
    }
    err(
      `${result.dryRun ? '校验通过，未写入 / checked, nothing written' : '已导入 / imported'}: ` +
        `新建 ${result.created}，更新 ${result.updated}，跳过 ${result.skipped}`,
    );
    out(JSON.stringify({ ...result, items: undefined }));
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'NOT_FOUND') {
      err(`辖区 ${values.jurisdiction} 没有可用于导入的营商办或管理员用户${values.as ? ` ${values.as}` : ''}`);
      return 1;
    }
    err(errorMessage(error.code, 'zh', error.params));
    const listed = (
      error.extra['byLang'] as
        { zh?: { errors?: { row: number; column: string; cell: string | null; message: string }[] } } | undefined
    )?.zh?.errors;
    for (const e of listed ?? []) err(`  第 ${e.row} 行 ${e.column}${e.cell ? `（${e.cell}）` : ''}：${e.message}`);
    return 1;
  } finally {
    await db.close();
  }
}
