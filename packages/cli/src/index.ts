import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Env } from '@qisu/server';
import {
  DataDirBusyError,
  loadEnv,
  migrateToLatest,
  openApiDocument,
  openDatabase,
  preparePii,
  seedDemo,
  startServer,
  VERSION,
} from '@qisu/server';

import { calendarDue, profileShow, profileValidate, sweep, triageEval, triageTrain } from './commands.js';
import { hotspots } from './commands.js';
import { auditAnchor, auditVerify } from './audit.js';
import { backup, restore } from './backup.js';
import { importCommand } from './imports.js';
import { jurisdictionCommand } from './jurisdictions.js';
import { pii } from './pii.js';

const USAGE = `qisu ${VERSION} — 企诉 enterprise demands platform

用法 / usage:
  qisu start                 启动服务 / serve the API (PORT, default 3000)
  qisu migrate               应用数据库迁移 / apply database migrations
  qisu seed demo             向空数据库加载演示数据 / load demo data into an empty database
  qisu audit verify [--anchors <file>]
                             校验哈希链、诉求与流转记录是否一致、锚点 / verify every chain, every case
                             against its events, and the anchored heads (of the file too)
  qisu audit anchor --out <file>
                             写出每条链的链头 / write every chain's head (jurisdiction, seq, hash, time)
  qisu calendar due --jurisdiction <code> --from <ISO 8601> --duration <spec>
                             计算到期时间 / when something is due (last line: ISO 8601 +08:00)
  qisu profile validate <file>  校验规则配置文件 / validate a profile file (YAML or JSON)
  qisu profile show <code>   显示辖区当前规则配置 / print a jurisdiction's active profile
  qisu sweep [--now <ISO>]   触发到期预警与亮牌 / fire due warnings and cards once
  qisu triage train (--data <file.jsonl> | --from-cases) [--jurisdiction <code>]
                             训练并启用诉求分类模型 / train and activate the category model
  qisu triage eval --data <file.jsonl> [--jurisdiction <code>]
                             用当前模型评估 / score the active model (last line: JSON)
  qisu hotspots --data <file.jsonl> [--top N] [--window-days D] [--order heat|burst]
                             挖掘热点问题（默认窗口 30 天）/ mine hot issues from messages (last line: JSON)
  qisu pii rotate            用当前密钥重新加密全部个人信息 / re-encrypt every mobile and ID number under the active key
  qisu pii keygen            生成新的个人信息加密密钥 / print a new key for QISU_PII_KEYS
  qisu import enterprises|cases <file.xlsx> --jurisdiction <code> [--as <username>] [--dry-run]
                             从 Excel 导入企业名单或诉求（逐行校验，有错不写入）/ import enterprises or cases
                             from Excel (checked row by row; any error writes nothing)
  qisu jurisdiction list      列出本平台的辖区及上下级 / list the jurisdictions and which is above which
  qisu jurisdiction add <code> --name <名称> --level city|county|district|street --region <区划代码>
                             (--preset <code> | --profile <file>) --admin <username> [--parent <code>]
                             新建辖区：规则配置、营商办、首个管理员（初始密码只显示一次）/ set up a
                             jurisdiction with its profile, hub unit and first administrator
  qisu jurisdiction parent <code> (<parent code> | --none)
                             设定上级辖区（接收上报）/ set the jurisdiction above (it receives hand-ups)
  qisu openapi [--out <file>]  输出接口的 OpenAPI 文档 / write the API's OpenAPI document (no database needed)
  qisu backup --out <file>   备份全部数据与附件（服务运行时亦可）/ back up every table and attachment (also while serving)
  qisu restore <file>        恢复到空数据库或空数据目录 / restore into an empty database or data folder
  qisu help                  显示本帮助 / show this help

环境变量 / environment: DATABASE_URL, QISU_DATA_DIR, PORT, QISU_DEMO, QISU_DEMO_PASSWORD, QISU_PII_KEYS (see README)`;

const say = (message: string) => process.stderr.write(`${message}\n`);

async function withDatabase<T>(
  env: Env,
  work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
): Promise<T> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
  try {
    await migrateToLatest(db.db);
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Writes the OpenAPI document to a file (folders made as needed) or to stdout; the console's build generates its API types from it. */
async function writeOpenApi(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } } });
  const text = `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
  if (!values.out) {
    process.stdout.write(text);
    return 0;
  }
  mkdirSync(dirname(resolve(values.out)), { recursive: true });
  writeFileSync(values.out, text);
  say(`OpenAPI 文档已写入 / OpenAPI document written: ${values.out}`);
  return 0;
}

/** Runs one CLI command and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  try {
    const env = loadEnv();
    switch (command) {
      case 'start': {
        const server = await startServer(env, say);
        const stop = () => {
          say('正在停止 / stopping …');
          server.stop().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        return await new Promise<number>(() => undefined);
      }
      case 'migrate':
        return await withDatabase(env, () => {
          say('数据库已是最新 / database is up to date');
          return Promise.resolve(0);
        });
      case 'seed':
        if (sub !== 'demo') break;
        return await withDatabase(env, async (db) => {
          const keys = { keys: env.QISU_PII_KEYS, databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR };
          const deps = { db: db.db, pii: await preparePii(db.db, keys, say) };
          const report = await seedDemo(deps, { password: env.QISU_DEMO_PASSWORD, onProgress: (m) => say(`  · ${m}`) });
          say(`演示数据已加载 / demo data loaded: ${JSON.stringify(report)}`);
          return 0;
        });
      case 'audit':
        if (sub === 'verify') return await auditVerify(env, argv.slice(2));
        if (sub === 'anchor') return await auditAnchor(env, argv.slice(2));
        break;
      case 'calendar':
        if (sub !== 'due') break;
        return await calendarDue(env, argv.slice(2));
      case 'profile':
        if (sub === 'validate') return profileValidate(argv[2]);
        if (sub === 'show') return await profileShow(env, argv[2]);
        break;
      case 'sweep':
        return await sweep(env, argv.slice(1));
      case 'triage':
        if (sub === 'train') return await triageTrain(env, argv.slice(2));
        if (sub === 'eval') return await triageEval(env, argv.slice(2));
        break;
      case 'hotspots':
        return hotspots(argv.slice(1));
      case 'pii': {
        const code = await pii(env, sub);
        if (code !== undefined) return code;
        break;
      }
      case 'import': {
        const code = await importCommand(env, sub, argv.slice(2));
        if (code !== undefined) return code;
        break;
      }
      case 'jurisdiction': {
        const code = await jurisdictionCommand(env, sub, argv.slice(2));
        if (code !== undefined) return code;
        break;
      }
      case 'openapi':
        return await writeOpenApi(argv.slice(1));
      case 'backup':
        return await backup(env, argv.slice(1));
      case 'restore':
        return await restore(env, argv.slice(1));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case '--version':
      case 'version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
    }
    say(`未知命令 / unknown command: ${argv.join(' ')}\n\n${USAGE}`);
    return 2;
  } catch (error) {
    if (error instanceof DataDirBusyError) {
      say(error.message);
      return 3;
    }
    say(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
