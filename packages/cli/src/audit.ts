import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChainAnchor, ChainReport, Db, Env } from '@qisu/server';
import {
  anchorFileOf,
  currentChainHeads,
  migrateToLatest,
  openDatabase,
  parseAnchorFile,
  verifyChains,
} from '@qisu/server';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** Opens and migrates the configured database for one piece of work, and closes it after. */
async function withDatabase<T>(env: Env, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.QISU_DATA_DIR });
  try {
    await migrateToLatest(db.db);
    return await work(db);
  } finally {
    await db.close();
  }
}

/** The options of a subcommand, or null after saying what is wrong (exit 2). */
function options<T extends Record<string, { type: 'string' }>>(argv: string[], spec: T) {
  try {
    return parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    err(`参数有误 / bad arguments: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** Reads and checks an anchor file; null after naming each problem (exit 2). */
function readAnchors(path: string): ChainAnchor[] | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    err(
      `无法读取锚点文件 / cannot read the anchor file ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
  const parsed = parseAnchorFile(text);
  if (parsed.ok) return parsed.anchors;
  err(`锚点文件无效 / not a valid anchor file: ${path}`);
  for (const problem of parsed.problems) err(`  ${problem}`);
  return null;
}

const FIELD_ZH: Record<string, string> = {
  status: '状态',
  round: '办理轮次',
  leadUnit: '牵头单位',
  coUnits: '协办单位',
  assignments: '交办记录',
  lastScore: '最近评价',
  ratings: '评价记录',
  unsatisfiedRounds: '不满意轮数',
  disciplineFlag: '纪委可见标记',
};

/** The lines that tell one jurisdiction's report, in English and Chinese. */
export function reportLines(r: ChainReport): string[] {
  const anchors = r.anchors > 0 ? `, ${r.anchors} anchor(s) reached` : '';
  const anchorsZh = r.anchors > 0 ? `，已到达 ${r.anchors} 个锚点` : '';
  if (r.intact) {
    return [
      `✓ ${r.jurisdiction}: ${r.events} events intact, ${r.cases} case(s) match their events${anchors} / 链完整，${r.cases} 件诉求与流转记录一致${anchorsZh}`,
    ];
  }
  const lines: string[] = [];
  if (r.firstBreak) {
    const b = r.firstBreak;
    lines.push(
      `✗ ${r.jurisdiction}: chain broken at seq ${b.seq} (event id ${b.eventId}, type ${b.type}, case ${b.caseId ?? '-'}): ${b.reason}`,
      `  哈希链在第 ${b.seq} 条事件处断裂（事件 ${b.eventId}）：${b.reason}`,
    );
  }
  if (r.firstMismatch) {
    const m = r.firstMismatch;
    const number = m.number ?? m.caseId;
    const more = `(${r.mismatches} case(s) differ / 共 ${r.mismatches} 件不一致)`;
    if (m.field === 'events') {
      lines.push(
        `✗ ${r.jurisdiction}: case ${number}: event seq ${m.seq ?? '-'} records ${m.table ?? '-'}, but the events before it lead to ${m.derived ?? '-'} ${more}`,
        `  诉求 ${number} 的第 ${m.seq ?? '-'} 条事件记录为 ${m.table ?? '-'}，按此前的流转记录应为 ${m.derived ?? '-'}`,
      );
    } else if (m.field === 'case') {
      lines.push(
        m.table === null
          ? `✗ ${r.jurisdiction}: case ${number} (id ${m.caseId}) has events but no row in this jurisdiction ${more}`
          : `✗ ${r.jurisdiction}: case ${number} (id ${m.caseId}, status ${m.table}) has no events ${more}`,
        m.table === null
          ? `  诉求 ${number} 有流转记录，但本辖区数据表中没有该诉求`
          : `  诉求 ${number}（状态 ${m.table}）没有任何流转记录`,
      );
    } else {
      lines.push(
        `✗ ${r.jurisdiction}: case ${number} (id ${m.caseId}) differs from its events in ${m.field}: table ${m.table ?? 'null'}, events lead to ${m.derived ?? 'null'} ${more}`,
        `  诉求 ${number} 的${FIELD_ZH[m.field] ?? m.field}（${m.field}）与流转记录不一致：数据表为 ${m.table ?? 'null'}，按流转记录应为 ${m.derived ?? 'null'}`,
      );
    }
  }
  if (r.anchorBreak) {
    const a = r.anchorBreak;
    const source = a.source === 'file' ? 'the anchor file' : 'the daily anchoring';
    const sourceZh = a.source === 'file' ? '锚点文件' : '每日锚定';
    const why = a.reason === 'missing' ? 'that event is missing' : 'that event hashes differently';
    const whyZh = a.reason === 'missing' ? '该事件已缺失' : '该事件的哈希已不同';
    lines.push(
      `✗ ${r.jurisdiction}: chain no longer reaches the head anchored at seq ${a.seq} (${source}): ${why}`,
      `  哈希链已不能到达${sourceZh}中第 ${a.seq} 条事件的锚点：${whyZh}`,
    );
  }
  return lines;
}

/**
 * `qisu audit verify [--anchors <file>]`: every chain's links and head, every case against its
 * events, and every anchored head (recorded by the daily job, and those of the file). Exit 0
 * when all hold, 1 naming the first problem of each jurisdiction, 2 for a bad anchor file.
 */
export async function auditVerify(env: Env, argv: string[]): Promise<number> {
  const values = options(argv, { anchors: { type: 'string' } });
  if (!values) return 2;
  const anchors = values.anchors === undefined ? [] : readAnchors(values.anchors);
  if (!anchors) return 2;
  return withDatabase(env, async (db) => {
    const started = Date.now();
    const reports = await verifyChains(db.db, { anchors });
    for (const r of reports) for (const line of reportLines(r)) out(line);
    if (reports.length === 0) out('no jurisdictions / 暂无辖区');
    err(`校验用时 / verified in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return reports.every((r) => r.intact) ? 0 : 1;
  });
}

/**
 * `qisu audit anchor --out <file>`: writes every chain's head (jurisdiction code, seq, hash, the
 * event's time) as JSON, to keep somewhere the database's administrators cannot reach. Exit 1
 * when a chain's head row names an event that is missing or differs (that chain is left out).
 */
export async function auditAnchor(env: Env, argv: string[]): Promise<number> {
  const values = options(argv, { out: { type: 'string' } });
  if (!values) return 2;
  if (!values.out) {
    err('缺少 --out <文件> / missing --out <file>');
    return 2;
  }
  const file = values.out;
  return withDatabase(env, async (db) => {
    const { heads, unanchorable } = await currentChainHeads(db.db);
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(file, `${JSON.stringify(anchorFileOf(heads, new Date()), null, 2)}\n`);
    for (const h of heads) out(`⚓ ${h.jurisdiction}: seq ${h.seq} ${h.hash} (${h.at})`);
    for (const code of unanchorable) {
      out(
        `✗ ${code}: the head names a missing or different event; run qisu audit verify / 链头与事件不符，请运行 qisu audit verify`,
      );
    }
    err(`锚点已写入 / anchors written: ${file} (${heads.length} chain(s))`);
    return unanchorable.length === 0 ? 0 : 1;
  });
}
