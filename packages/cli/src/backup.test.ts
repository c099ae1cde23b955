import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { RunningServer } from '@qisu/server';
import { attachmentRoot, loadEnv, ManualClock, migrateToLatest, openDatabase, startServer } from '@qisu/server';
import { addAttachment } from '../../server/src/attachments/attachments.service.js';
import { BlobStore } from '../../server/src/attachments/attachments.storage.js';
import { LOCAL_SERVER_FILE } from '../../server/src/backup/backup.local.js';
import type { Database } from '../../server/src/db/schema.js';
import { driveTo } from '../../server/src/testing/drive.js';
import { seedWorld } from '../../server/src/testing/world.js';
import { TEST_PII, TEST_PII_KEYS } from '../../server/src/testing/pii.js';

const CLI = fileURLToPath(new URL('../bin/qisu.js', import.meta.url));

/** Runs the built `qisu` in its own process with the given environment; never throws on an exit code. */
function qisu(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  if (!existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)))) {
    throw new Error('packages/cli is not built; npm test builds it first');
  }
  const base = { ...process.env };
  delete base['DATABASE_URL'];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...base, QISU_LOG_LEVEL: 'silent', ...env }, timeout: 300_000, maxBuffer: 16 * 1_048_576 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: stdout, err: stderr });
      },
    );
  });
}

/** Every table's row count, read here independently of the backup code. */
async function counts(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables
    WHERE schemaname = current_schema() AND tablename <> 'qisu_migrations_lock' ORDER BY tablename`.execute(db);
  const result: Record<string, number> = {};
  for (const { name } of rows) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(db);
    result[name] = Number(r.rows[0]?.n ?? 0);
  }
  return result;
}

async function countsOf(dataDir: string): Promise<Record<string, number>> {
  const db = await openDatabase({ dataDir });
  try {
    return await counts(db.db);
  } finally {
    await db.close();
  }
}

const FILE_TEXT = '现场积水照片说明：雨后积水约三十厘米，货车无法通行。\n';

describe('qisu backup and restore on embedded data folders', () => {
  const root = mkdtempSync(join(tmpdir(), 'qisu-cli-backup-'));
  const source = join(root, 'source');
  const file = join(root, 'backup.qisu.gz');
  let sha256 = '';
  let made: Awaited<ReturnType<typeof qisu>>;

  beforeAll(async () => {
    const db = await openDatabase({ dataDir: source });
    await migrateToLatest(db.db);
    const clock = new ManualClock('2026-11-02T01:00:00Z');
    const w = await seedWorld(db.db);
    await driveTo({ db: db.db, clock, pii: TEST_PII }, w, 'closed');
    const open = await driveTo({ db: db.db, clock, pii: TEST_PII }, w, 'signed', '园区道路积水');
    const added = await addAttachment(
      { db: db.db, clock, store: new BlobStore(attachmentRoot(source)), maxBytes: 1_048_576, pii: TEST_PII },
      w.actors.entA,
      open,
      () => Promise.resolve({ filename: '说明.txt', bytes: Buffer.from(FILE_TEXT) }),
    );
    sha256 = added.sha256;
    await db.close();
    made = await qisu(['backup', '--out', file], { QISU_DATA_DIR: source });
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('backs a folder up and restores it into an empty one with every row, file and chain', async () => {
    expect(made.code, made.err).toBe(0);
    const summary = JSON.parse(made.out.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ file, engine: 'pglite', attachments: 1 });
    expect(existsSync(`${file}.partial`)).toBe(false);

    const target = join(root, 'target');
    const restored = await qisu(['restore', file], { QISU_DATA_DIR: target });
    expect(restored.code, restored.err).toBe(0);
    expect(restored.err).toMatch(/✓ ta: \d+ events intact/);
    const verified = await qisu(['audit', 'verify'], { QISU_DATA_DIR: target });
    expect(verified.code, verified.out).toBe(0);

    const before = await countsOf(source);
    expect(await countsOf(target)).toEqual(before);
    expect(summary.rows).toBe(Object.values(before).reduce((sum, n) => sum + n, 0));
    expect(readFileSync(new BlobStore(attachmentRoot(target)).pathOf(sha256), 'utf8')).toBe(FILE_TEXT);

    // The same file again into the now full folder: refused, and the folder unchanged.
    const again = await qisu(['restore', file], { QISU_DATA_DIR: target });
    expect(again.code).toBe(1);
    expect(again.err).toContain('目标数据库不是空的');
    expect(again.err).toContain('The target database is not empty');
    expect(await countsOf(target)).toEqual(before);
  }, 300_000);

  it('refuses a damaged file and names the damage in both languages', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const row = lines.findIndex((l) => l.includes('园区道路积水') && l.startsWith('{"id"'));
    lines[row] = lines[row]!.replace('园区道路积水', '园区道路结冰');
    const damaged = join(root, 'damaged.qisu.gz');
    writeFileSync(damaged, gzipSync(Buffer.from(lines.join('\n'))));

    const target = join(root, 'damaged-target');
    const result = await qisu(['restore', damaged], { QISU_DATA_DIR: target });
    expect(result.code).toBe(1);
    expect(result.err).toContain('备份文件无效或已损坏');
    expect(result.err).toContain('does not match its checksum');
    // Nothing loaded: only the migration bookkeeping of the schema the restore built.
    const left = Object.entries(await countsOf(target)).filter(([table, n]) => table !== 'qisu_migrations' && n > 0);
    expect(left).toEqual([]);
  }, 300_000);

  it('backs up through the server that holds the folder, and refuses to restore into it', async () => {
    const env = loadEnv({
      QISU_DATA_DIR: source,
      PORT: '0',
      HOST: '127.0.0.1',
      QISU_DEMO: '0',
      QISU_SWEEP_SECONDS: '0',
      QISU_LOG_LEVEL: 'silent',
      QISU_PII_KEYS: TEST_PII_KEYS,
    });
    let server: RunningServer | null = await startServer(env, () => undefined);
    try {
      expect(existsSync(join(source, LOCAL_SERVER_FILE))).toBe(true);
      const file = join(root, 'served.qisu.gz');
      const made = await qisu(['backup', '--out', file], { QISU_DATA_DIR: source });
      expect(made.code, made.err).toBe(0);
      expect(made.err).toContain('held by a running server');
      const summary = JSON.parse(made.out.trim().split('\n').pop()!);
      expect(summary.perTable).toEqual(await counts(server.db.db));
      expect(summary.attachments).toBe(1);

      const busy = await qisu(['restore', file], { QISU_DATA_DIR: source });
      expect(busy.code).toBe(3);
      expect(busy.err).toContain('held by a running process');

      await server.stop();
      server = null;
      expect(existsSync(join(source, LOCAL_SERVER_FILE))).toBe(false);
      const target = join(root, 'served-target');
      const restored = await qisu(['restore', file], { QISU_DATA_DIR: target });
      expect(restored.code, restored.err).toBe(0);
      expect(await countsOf(target)).toEqual(await countsOf(source));
      expect(readFileSync(new BlobStore(attachmentRoot(target)).pathOf(sha256), 'utf8')).toBe(FILE_TEXT);
    } finally {
      await server?.stop();
    }
  }, 300_000);

  it('says there is nothing to back up in a folder without a database', async () => {
    const result = await qisu(['backup', '--out', join(root, 'none.qisu.gz')], { QISU_DATA_DIR: join(root, 'void') });
    expect(result.code).toBe(1);
    expect(result.err).toContain('没有企诉数据库');
    expect(existsSync(join(root, 'none.qisu.gz'))).toBe(false);
  });
});
