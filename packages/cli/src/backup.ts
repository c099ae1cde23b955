import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BackupSummary, Db, Env } from '@qisu/server';
import {
  AppError,
  attachmentRoot,
  DataDirBusyError,
  errorMessage,
  fetchLocalBackup,
  inspectBackup,
  LocalBackupRefused,
  openDatabase,
  readLocalServer,
  restoreBackup,
  systemClock,
  writeBackup,
} from '@qisu/server';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** An AppError in both languages, Chinese first, for a person at a terminal. */
function sayAppError(error: AppError): void {
  err(errorMessage(error.code, 'zh', error.params));
  err(errorMessage(error.code, 'en', error.params));
}

/** Runs a backup or restore step, turning its coded refusals into exit code 1 with both messages. */
async function refusals(work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) {
      sayAppError(error);
      return 1;
    }
    if (error instanceof LocalBackupRefused) {
      err(error.message);
      return 3;
    }
    throw error;
  }
}

function describe(summary: BackupSummary): string {
  return (
    `${summary.tables} 张表 / tables, ${summary.rows} 行 / rows, ${summary.attachments} 个附件 / attachments ` +
    `(${summary.attachmentBytes} B), 迁移 / migration ${summary.migration}, ${summary.engine}, ${summary.createdAt}`
  );
}

/** Writes the backup of a database this process opens itself (PostgreSQL, or a folder no server holds). */
async function backupDirect(db: Db, env: Env, file: string): Promise<void> {
  const stream = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  await writeBackup(db, stream, {
    attachmentsRoot: attachmentRoot(env.QISU_DATA_DIR),
    now: systemClock.now(),
    onProgress: err,
  });
}

/**
 * `qisu backup --out <file>`: one consistent snapshot of every table and attachment into one
 * file, while servers keep running. PostgreSQL is read directly; an embedded data folder is
 * opened directly when no server holds it, and otherwise the server that holds it is asked
 * (its local route, found through `qisu.server.json` in the folder). The file is written beside
 * its final name and renamed only after it has been read back whole and its hashes checked.
 * The last line printed is the summary as JSON.
 */
export async function backup(env: Env, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } } });
  if (!values.out) {
    err('用法 / usage: qisu backup --out <file>');
    return 2;
  }
  const target = resolve(values.out);
  const partial = `${target}.partial`;
  mkdirSync(dirname(target), { recursive: true });
  rmSync(partial, { force: true });
  return refusals(async () => {
    try {
      if (env.DATABASE_URL) {
        const db = await openDatabase({ databaseUrl: env.DATABASE_URL });
        try {
          await backupDirect(db, env, partial);
        } finally {
          await db.close();
        }
      } else {
        if (!existsSync(join(resolve(env.QISU_DATA_DIR), 'pglite'))) {
          throw new AppError('BACKUP_NO_DATABASE', { where: resolve(env.QISU_DATA_DIR) });
        }
        let db: Db | null = null;
        try {
          db = await openDatabase({ dataDir: env.QISU_DATA_DIR });
        } catch (error) {
          if (!(error instanceof DataDirBusyError)) throw error;
          const server = readLocalServer(env.QISU_DATA_DIR);
          if (!server) {
            err(error.message);
            err('该进程未提供本地备份入口，请在服务运行时重试或先停止该进程。');
            err('That process offers no local backup; retry while the server runs, or stop the process first.');
            return 3;
          }
          err(
            `数据目录由运行中的服务持有，经由该服务备份 / the data folder is held by a running server; asking it (${server.url}) …`,
          );
          await fetchLocalBackup(server, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
        }
        if (db) {
          try {
            await backupDirect(db, env, partial);
          } finally {
            await db.close();
          }
        }
      }
      const written = createReadStream(partial);
      const summary = await inspectBackup(written).finally(() => written.destroy());
      renameSync(partial, target);
      const bytes = statSync(target).size;
      err(`备份已写入 / backup written: ${target} (${bytes} B): ${describe(summary)}`);
      out(JSON.stringify({ file: target, bytes, ...summary }));
      return 0;
    } finally {
      rmSync(partial, { force: true });
    }
  });
}

/**
 * `qisu restore <file>`: loads a backup into an empty database — PostgreSQL through
 * `DATABASE_URL` (a new database), or an empty or absent data folder — with its attachments,
 * then verifies every event chain. A non-empty target, a damaged file or a backup of a newer
 * schema is refused with exit code 1; a folder a server holds with exit code 3. The last line
 * printed is the summary as JSON.
 */
export async function restore(env: Env, argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const [file] = positionals;
  if (!file || positionals.length !== 1) {
    err('用法 / usage: qisu restore <file>');
    return 2;
  }
  if (!existsSync(file)) {
    err(`文件不存在 / no such file: ${file}`);
    return 2;
  }
  return refusals(async () => {
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
    const input = createReadStream(file);
    try {
      const summary = await restoreBackup(db, input, {
        attachmentsRoot: attachmentRoot(env.QISU_DATA_DIR),
        onProgress: err,
      });
      err(`已恢复 / restored: ${describe(summary)}`);
      let broken = 0;
      for (const chain of summary.chains) {
        if (chain.intact) {
          err(`✓ ${chain.jurisdiction}: ${chain.events} events intact / 链完整`);
        } else {
          broken++;
          err(`✗ ${chain.jurisdiction}: chain broken at seq ${chain.firstBreak?.seq ?? '?'} / 哈希链断裂`);
        }
      }
      out(JSON.stringify({ file: resolve(file), ...summary, chains: summary.chains.length, brokenChains: broken }));
      return 0;
    } finally {
      input.destroy();
      await db.close();
    }
  });
}
