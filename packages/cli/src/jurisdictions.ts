import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Env, NewJurisdiction } from '@qisu/server';
import {
  addJurisdiction,
  AppError,
  errorMessage,
  listJurisdictions,
  migrateToLatest,
  openDatabase,
  parseProfileText,
  setJurisdictionParent,
  systemClock,
} from '@qisu/server';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

const ADD_USAGE =
  '用法 / usage: qisu jurisdiction add <code> --name <名称> --level city|county|district|street --region <区划代码>\n' +
  '              (--preset <jhj|kh|yc|tz|fc> | --profile <file.yaml>) --admin <username>\n' +
  '              [--full-name <全称>] [--region-name <区划名称>] [--parent <code>] [--hub-unit <营商办名称>]';
const PARENT_USAGE = '用法 / usage: qisu jurisdiction parent <code> (<parent code> | --none)';

/** An AppError as the CLI prints it: the message, then the field's reason in Chinese. */
function printAppError(error: AppError): void {
  const detail = error.extra['detailZh'];
  err(
    typeof detail === 'string' ? `输入无效 / invalid input: ${detail}` : errorMessage(error.code, 'zh', error.params),
  );
}

async function withDeps<T>(
  env: Env,
  work: (deps: { db: Awaited<ReturnType<typeof openDatabase>>['db'] }) => Promise<T>,
) {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
  try {
    await migrateToLatest(db.db);
    return await work({ db: db.db });
  } finally {
    await db.close();
  }
}

async function add(env: Env, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      'full-name': { type: 'string' },
      level: { type: 'string' },
      region: { type: 'string' },
      'region-name': { type: 'string' },
      preset: { type: 'string' },
      profile: { type: 'string' },
      parent: { type: 'string' },
      'hub-unit': { type: 'string' },
      admin: { type: 'string' },
      'admin-name': { type: 'string' },
    },
  });
  const code = positionals[0];
  if (!code || !values.name || !values.level || !values.region || !values.admin) {
    err(ADD_USAGE);
    return 2;
  }
  let profile: Record<string, unknown> | undefined;
  if (values.profile !== undefined) {
    try {
      profile = parseProfileText(readFileSync(values.profile, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      err(`无法读取规则配置文件 / cannot read the profile file ${values.profile}: ${(error as Error).message}`);
      return 2;
    }
  }
  return withDeps(env, async ({ db }) => {
    const added = await addJurisdiction(
      { db, clock: systemClock },
      {
        code,
        name: values.name ?? '',
        fullName: values['full-name'],
        level: values.level as NewJurisdiction['level'],
        regionCode: values.region ?? '',
        regionName: values['region-name'],
        preset: values.preset,
        profile,
        parentCode: values.parent,
        hubUnitName: values['hub-unit'],
        adminUsername: values.admin ?? '',
        adminName: values['admin-name'],
      },
    );
    err(
      `辖区已建立 / jurisdiction added: ${added.code}${added.parentCode ? `（上级 / parent ${added.parentCode}）` : ''}`,
    );
    err(`  营商办 / hub unit: ${added.hubUnit}`);
    err(`  管理员 / administrator: ${added.admin.username}`);
    err(`  初始密码（仅显示一次，请登录后修改）/ first password, shown once: ${added.admin.password}`);
    out(JSON.stringify(added));
    return 0;
  });
}

async function parent(env: Env, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { none: { type: 'boolean' } },
  });
  const [code, parentCode] = positionals;
  if (!code || (parentCode === undefined) === (values.none !== true)) {
    err(PARENT_USAGE);
    return 2;
  }
  return withDeps(env, async ({ db }) => {
    const set = await setJurisdictionParent({ db }, code, parentCode ?? null);
    err(
      set.parentCode
        ? `${set.code} 的上级辖区已设为 ${set.parentCode}；其营商办可将诉求上报至 ${set.parentCode}`
        : `${set.code} 已无上级辖区`,
    );
    out(JSON.stringify(set));
    return 0;
  });
}

/**
 * `qisu jurisdiction list|add|parent`: the jurisdictions a deployment hosts, a new one set up
 * with its profile, hub unit and first administrator, and which one is above which (the level
 * that receives a hand-up). Answers undefined for a subcommand it does not know.
 */
export async function jurisdictionCommand(
  env: Env,
  sub: string | undefined,
  argv: string[],
): Promise<number | undefined> {
  try {
    switch (sub) {
      case 'list':
        return await withDeps(env, async ({ db }) => {
          const rows = await listJurisdictions({ db });
          for (const j of rows) {
            err(
              `  ${j.code.padEnd(8)} ${j.name}（${j.level}，区划 ${j.regionCode}）上级 ${j.parentCode ?? '—'} · ` +
                `规则 v${j.profileVersion ?? '—'} · 用户 ${j.users} · 诉求 ${j.cases}`,
            );
          }
          out(JSON.stringify(rows));
          return 0;
        });
      case 'add':
        return await add(env, argv);
      case 'parent':
        return await parent(env, argv);
      case undefined:
      default:
        return undefined;
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    printAppError(error);
    return 1;
  }
}
