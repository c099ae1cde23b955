import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import type { Profile } from '@qisu/core';
import { dueAt, formatShanghai, isDurationSpec, profileProblems, WorkCalendar } from '@qisu/core';
import type { HotspotOrder } from '@qisu/triage';
import { findHotspots, HOTSPOT_ORDERS, hotspotReport, parseHotspotLines } from '@qisu/triage';
import type { Db, Env } from '@qisu/server';
import {
  activeProfile,
  calendarFor,
  casesTrainingSet,
  DataDirBusyError,
  detectHotspots,
  hoursOf,
  ManualClock,
  migrateToLatest,
  openDatabase,
  parseProfileText,
  preparePii,
  presetProfiles,
  evaluateActive,
  sweepDue,
  systemClock,
  trainAndActivate,
} from '@qisu/server';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Opens the database when there is one to read: PostgreSQL, or an existing embedded data
 * folder that no server holds. Returns null (after saying why) when only presets can answer.
 */
async function optionalDatabase(env: Env): Promise<Db | null> {
  if (!env.DATABASE_URL && !existsSync(join(resolve(env.QISU_DATA_DIR), 'pglite'))) return null;
  try {
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
    await migrateToLatest(db.db);
    return db;
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error;
    err(
      `${error.message}\n→ 仅使用预置规则（不含本地日历调整）/ answering from the preset only (without local calendar overrides).`,
    );
    return null;
  }
}

async function jurisdictionOf(db: Db, code: string) {
  return db.db.selectFrom('jurisdictions').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
}

/** Reads an ISO 8601 instant; without an offset it is Shanghai wall-clock time. */
function parseInstant(text: string): Date | null {
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}+08:00`;
  const at = new Date(withZone);
  return Number.isNaN(+at) ? null : at;
}

export async function calendarDue(env: Env, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { jurisdiction: { type: 'string' }, from: { type: 'string' }, duration: { type: 'string' } },
  });
  if (!values.jurisdiction || !values.from || !values.duration) {
    err('用法 / usage: qisu calendar due --jurisdiction <code> --from <ISO 8601> --duration <spec>');
    return 2;
  }
  const from = parseInstant(values.from);
  if (!from) {
    err(`--from 无法解析 / cannot read --from: ${values.from}`);
    return 2;
  }
  if (!isDurationSpec(values.duration)) {
    err(`--duration 无效 / invalid --duration: ${values.duration} (immediate | same-day | Nh | Nwh | Nd | Nwd)`);
    return 2;
  }
  const db = await optionalDatabase(env);
  try {
    let calendar: WorkCalendar | null = null;
    if (db) {
      const j = await jurisdictionOf(db, values.jurisdiction);
      if (j) calendar = await calendarFor(db.db, j.id);
    }
    if (!calendar) {
      const preset = presetProfiles().get(values.jurisdiction);
      if (!preset) {
        err(`未知辖区 / unknown jurisdiction: ${values.jurisdiction}`);
        return 2;
      }
      calendar = new WorkCalendar({ hours: hoursOf(preset) });
    }
    out(formatShanghai(dueAt(calendar, from, values.duration)));
    return 0;
  } finally {
    await db?.close();
  }
}

export function profileValidate(file: string | undefined): number {
  if (!file) {
    err('用法 / usage: qisu profile validate <file.yaml|file.json>');
    return 2;
  }
  let document: unknown;
  try {
    document = parseProfileText(readFileSync(file, 'utf8'));
  } catch (error) {
    err(`无法读取 / cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const problems = profileProblems(document);
  if (problems.length === 0) {
    out(`✓ ${file}: 配置有效 / valid profile`);
    return 0;
  }
  for (const p of problems) out(`✗ ${p.path || '(root)'}: ${p.message}`);
  return 1;
}

export async function profileShow(env: Env, code: string | undefined): Promise<number> {
  if (!code) {
    err('用法 / usage: qisu profile show <code>');
    return 2;
  }
  const db = await optionalDatabase(env);
  try {
    let profile: Profile | undefined;
    if (db) {
      const j = await jurisdictionOf(db, code);
      if (j) profile = await activeProfile(db.db, j.id);
    }
    profile ??= presetProfiles().get(code);
    if (!profile) {
      err(`未知辖区 / unknown jurisdiction: ${code}`);
      return 2;
    }
    process.stdout.write(stringify(profile, { lineWidth: 120 }));
    return 0;
  } finally {
    await db?.close();
  }
}

/** Fires every due clock once and says what it did; `--now` sweeps as of another instant. */
export async function sweep(env: Env, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { now: { type: 'string' } } });
  const at = values.now ? parseInstant(values.now) : null;
  if (values.now && !at) {
    err(`--now 无法解析 / cannot read --now: ${values.now}`);
    return 2;
  }
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
  try {
    await migrateToLatest(db.db);
    const keys = { keys: env.QISU_PII_KEYS, databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR };
    const deps = { db: db.db, pii: await preparePii(db.db, keys, err) };
    const result = await sweepDue({ ...deps, clock: at ? new ManualClock(at) : systemClock });
    // Then hotspot detection; said on stderr so that the last line stays the sweep's JSON.
    const hotspots = await detectHotspots({ ...deps, clock: at ? new ManualClock(at) : systemClock });
    err(`热点 / hotspots: ${JSON.stringify(hotspots)}`);
    out(JSON.stringify(result));
    return 0;
  } finally {
    await db.close();
  }
}

/** Reads labelled cases, one JSON object per line with `title`, `body`, `label`; blank lines are skipped. */
export function readLabelled(file: string): { title: string; body: string; label: string }[] {
  const examples: { title: string; body: string; label: string }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw new Error(`第 ${i + 1} 行不是 JSON / line ${i + 1} is not JSON`);
      }
      const { title, body, label } = (row ?? {}) as Record<string, unknown>;
      if (typeof label !== 'string' || label.trim() === '' || (typeof title !== 'string' && typeof body !== 'string')) {
        throw new Error(`第 ${i + 1} 行缺少 label 或 title/body / line ${i + 1} lacks a label or a title/body`);
      }
      examples.push({
        title: typeof title === 'string' ? title : '',
        body: typeof body === 'string' ? body : '',
        label: label.trim(),
      });
    });
  return examples;
}

/**
 * `--data <file.jsonl> | --from-cases` and `[--jurisdiction <code>]`, checked; prints why and
 * returns null when wrong. `--from-cases` reads the cases the hub has screened with a category.
 */
async function triageArgs(db: Db, argv: string[], fromCasesAllowed: boolean) {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      jurisdiction: { type: 'string' },
      ...(fromCasesAllowed ? { 'from-cases': { type: 'boolean' as const } } : {}),
    },
  });
  const fromCases = fromCasesAllowed && values['from-cases'] === true;
  if (!values.data === !fromCases) {
    err(
      fromCasesAllowed
        ? '需要 --data <file.jsonl> 或 --from-cases（二选一）/ give either --data <file.jsonl> or --from-cases'
        : '需要 --data <file.jsonl> / --data <file.jsonl> is required',
    );
    return null;
  }
  let jurisdictionId: string | null = null;
  if (values.jurisdiction) {
    const j = await jurisdictionOf(db, values.jurisdiction);
    if (!j) {
      err(`辖区不存在 / no such jurisdiction: ${values.jurisdiction}`);
      return null;
    }
    jurisdictionId = j.id;
  }
  const examples = values.data ? readLabelled(values.data) : await casesTrainingSet(db.db, jurisdictionId);
  return { examples, jurisdictionId };
}

/** Trains a category model on a labelled file, measures it, stores it as the next version and activates it. */
export async function triageTrain(env: Env, argv: string[]): Promise<number> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
  try {
    await migrateToLatest(db.db);
    const args = await triageArgs(db, argv, true);
    if (!args) return 2;
    const labels = new Set(args.examples.map((e) => e.label));
    if (labels.size < 2) {
      err(
        `训练至少需要两个分类的诉求，现有 ${args.examples.length} 件、${labels.size} 个分类 / ` +
          `training needs cases of at least two categories; found ${args.examples.length} cases in ${labels.size}`,
      );
      return 1;
    }
    err(`训练中 / training on ${args.examples.length} cases …`);
    const stored = await trainAndActivate(db.db, { ...args, now: systemClock.now() });
    out(JSON.stringify(stored));
    return 0;
  } finally {
    await db.close();
  }
}

/**
 * Predicts every line of a labelled file with the active model; the last line printed is
 * `{"n","accuracy","macroF1","perLabel":{…}}`.
 */
export async function triageEval(env: Env, argv: string[]): Promise<number> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
  try {
    await migrateToLatest(db.db);
    const args = await triageArgs(db, argv, false);
    if (!args) return 2;
    const report = await evaluateActive(db.db, args.jurisdictionId, args.examples);
    if (!report) {
      err('尚无已训练的模型，请先运行 qisu triage train / no trained model yet: run qisu triage train first');
      return 1;
    }
    err(`模型版本 / model version ${report.version}`);
    out(JSON.stringify({ n: report.n, accuracy: report.accuracy, macroF1: report.macroF1, perLabel: report.perLabel }));
    return 0;
  } finally {
    await db.close();
  }
}

/** Window of `qisu hotspots --data` unless told: a file is history, so a month shows a campaign whole. */
export const HOTSPOT_FILE_WINDOW_DAYS = 30;

/**
 * Mines a JSON-lines file of messages for hotspots (`findHotspots`, every window position over
 * the file's span, each group at its peak). Prints one line per group — rank, heat with the
 * group's cases over the whole file, the burst score with the cases and growth of its window,
 * likes, dates, the representative title, never a body — and last a JSON array of the groups.
 */
export function hotspots(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      top: { type: 'string' },
      'window-days': { type: 'string' },
      order: { type: 'string' },
    },
  });
  const top = Number(values.top ?? 10);
  const windowDays = Number(values['window-days'] ?? HOTSPOT_FILE_WINDOW_DAYS);
  const order = (values.order ?? 'heat') as HotspotOrder;
  if (
    !values.data ||
    !Number.isInteger(top) ||
    top < 1 ||
    !(windowDays > 0 && windowDays <= 366) ||
    !HOTSPOT_ORDERS.includes(order)
  ) {
    err('用法 / usage: qisu hotspots --data <file.jsonl> [--top N] [--window-days D] [--order heat|burst]');
    return 2;
  }
  const items = parseHotspotLines(readFileSync(values.data, 'utf8'));
  const by = order === 'heat' ? '按热度 / by heat over the whole file' : '按突增 / by burst in a window';
  err(`${items.length} 条留言，窗口 ${windowDays} 天，${by} / ${items.length} messages, ${windowDays}-day window`);
  const { lines, summary } = hotspotReport(findHotspots(items, { windowDays, top, order }));
  for (const line of lines) out(line);
  out(JSON.stringify(summary));
  return 0;
}
