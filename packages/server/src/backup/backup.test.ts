import { createReadStream, createWriteStream, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { addAttachment } from '../attachments/attachments.service.js';
import { BlobStore } from '../attachments/attachments.storage.js';
import { ManualClock } from '../clock.js';
import { sweepDue } from '../clocks/sweep.service.js';
import type { Db } from '../db/database.js';
import { knownMigrations, migrateTo } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { verifyChains } from '../events/audit.service.js';
import { driveTo } from '../testing/drive.js';
import type { TestEngine } from '../testing/engines.js';
import { ENGINES, POSTGRES_ENGINE } from '../testing/engines.js';
import { testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { attachmentRoot } from '../attachments/attachments.storage.js';
import { dependencyOrder } from './backup.format.js';
import { fromThisMachine, LOCAL_BACKUP_PATH, LOCAL_TOKEN_HEADER, loopbackUrl, newLocalToken } from './backup.local.js';
import { inspectBackup, restoreBackup, writeBackup } from './backup.service.js';
import { TEST_PII } from '../testing/pii.js';

const T0 = new Date('2026-11-02T01:00:00Z');

/** Every table's row count and a checksum of its content, computed here independently of the backup code. */
async function fingerprint(db: Kysely<Database>): Promise<Record<string, { rows: number; md5: string }>> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    const { rows: tables } = await sql<{ name: string }>`
      SELECT tablename AS name FROM pg_tables
      WHERE schemaname = current_schema() AND tablename <> 'qisu_migrations_lock' ORDER BY tablename`.execute(trx);
    const result: Record<string, { rows: number; md5: string }> = {};
    for (const { name } of tables) {
      const { rows } = await sql<{ n: number; md5: string | null }>`
        SELECT count(*) AS n,
               md5(string_agg(to_jsonb(t)::text, E'\n' ORDER BY to_jsonb(t)::text COLLATE "C")) AS md5
        FROM ${sql.table(name)} AS t`.execute(trx);
      result[name] = { rows: Number(rows[0]?.n ?? 0), md5: rows[0]?.md5 ?? '' };
    }
    return result;
  });
}

/** A world with cases in many states, attachments (one file uploaded twice), cards and outbox rows. */
async function buildWorld(handle: Db, blobs: string): Promise<World> {
  const clock = new ManualClock(T0);
  const deps = { db: handle.db, clock, pii: TEST_PII };
  const w = await seedWorld(handle.db);
  // 峄城区's rules give yellow cards on breach.
  const yc = presetProfiles().get('yc');
  await handle.db
    .transaction()
    .execute((trx) => storeProfile(trx, w.jurisdictionA, { ...yc, code: 'ta' }, { userId: null, at: T0 }));
  const closed = await driveTo(deps, w, 'closed', '夜间施工噪音扰民');
  await driveTo(deps, w, 'merged', '园区路灯不亮');
  await driveTo(deps, w, 'review', '用电报装进度慢');
  const open = await driveTo(deps, w, 'dispatched', '厂区排水不畅');
  const store = new BlobStore(blobs);
  const upload = (caseId: string, filename: string, text: string) =>
    addAttachment({ ...deps, store, maxBytes: 10_485_760 }, w.actors.entA, caseId, () =>
      Promise.resolve({ filename, bytes: Buffer.from(text, 'utf8') }),
    );
  await upload(open, '说明.txt', '排水沟堵塞，雨天积水约三十厘米。\n');
  await upload(open, '补充.txt', '附近企业也受影响。\n'.repeat(40_000));
  await upload(open, '说明（再次）.txt', '排水沟堵塞，雨天积水约三十厘米。\n');
  // Days later the clocks of the open case breach: cards, follow-ups and outbox rows.
  await sweepDue({ db: handle.db, clock: new ManualClock(new Date(+T0 + 30 * 86_400_000)), pii: TEST_PII });
  expect(closed).toBeTruthy();
  return w;
}

async function backupTo(handle: Db, blobs: string, file: string) {
  return writeBackup(handle, createWriteStream(file), { attachmentsRoot: blobs, now: T0 });
}

async function restoreFrom(handle: Db, blobs: string, file: string) {
  const input = createReadStream(file);
  try {
    return await restoreBackup(handle, input, { attachmentsRoot: blobs });
  } finally {
    input.destroy();
  }
}

/** The decompressed lines of a backup file, to damage them on purpose. */
function linesOf(file: string): string[] {
  return gunzipSync(readFileSync(file)).toString('utf8').split('\n');
}

/** Every file below a folder (none when it does not exist). */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

function writeLines(file: string, lines: string[]): void {
  writeFileSync(file, gzipSync(Buffer.from(lines.join('\n'), 'utf8')));
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe('the order tables load in', () => {
  it('puts referenced tables first, ignores self-references and breaks a cycle by name', () => {
    expect(
      dependencyOrder(
        ['users', 'enterprises', 'jurisdictions', 'cases', 'units'],
        [
          { from: 'units', to: 'jurisdictions' },
          { from: 'units', to: 'units' },
          { from: 'users', to: 'enterprises' },
          { from: 'enterprises', to: 'users' },
          { from: 'enterprises', to: 'jurisdictions' },
          { from: 'cases', to: 'enterprises' },
          { from: 'cases', to: 'units' },
        ],
      ),
    ).toEqual(['jurisdictions', 'units', 'enterprises', 'cases', 'users']);
  });
});

describe('who may reach the local backup route', () => {
  it('counts loopback and the server’s own address as this machine, nothing else', () => {
    expect(fromThisMachine('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(fromThisMachine('::1', '::1')).toBe(true);
    expect(fromThisMachine('::ffff:127.0.0.1', '::ffff:127.0.0.1')).toBe(true);
    expect(fromThisMachine('10.0.0.5', '10.0.0.5')).toBe(true);
    expect(fromThisMachine('10.0.0.6', '10.0.0.5')).toBe(false);
    expect(fromThisMachine(undefined, '127.0.0.1')).toBe(false);
    expect(loopbackUrl('0.0.0.0', 3000)).toBe('http://127.0.0.1:3000');
    expect(loopbackUrl('::', 3000)).toBe('http://[::1]:3000');
    expect(loopbackUrl('10.0.0.5', 3000)).toBe('http://10.0.0.5:3000');
  });
});

describe.each(ENGINES)('backup and restore on $name', (engine: TestEngine) => {
  let dir: string;
  let source: Db;
  let sourceBlobs: string;
  let file: string;
  let world: World;
  const targets: Db[] = [];
  const fresh = async () => {
    const db = await engine.open({ migrate: false });
    targets.push(db);
    return db;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qisu-backup-'));
    sourceBlobs = attachmentRoot(dir);
    source = await engine.open();
    world = await buildWorld(source, sourceBlobs);
    file = join(dir, 'world.qisu.gz');
    await backupTo(source, sourceBlobs, file);
  });
  afterAll(async () => {
    for (const t of targets) await t.close();
    await source.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('describes every table, row and blob in the file, and the file checks out whole', async () => {
    const before = await fingerprint(source.db);
    const summary = await inspectBackup(createReadStream(file));
    expect(summary.engine).toBe(engine.name);
    expect(summary.migration).toBe(knownMigrations().at(-1));
    expect(summary.attachments).toBe(2);
    expect(summary.attachmentBytes).toBe(
      Buffer.byteLength('排水沟堵塞，雨天积水约三十厘米。\n') +
        Buffer.byteLength('附近企业也受影响。\n'.repeat(40_000)),
    );
    for (const [table, { rows }] of Object.entries(before)) expect(summary.perTable[table], table).toBe(rows);
    expect(summary.perTable['cards']).toBeGreaterThan(0);
    expect(summary.perTable['outbox']).toBeGreaterThan(0);
    expect(summary.rows).toBe(Object.values(before).reduce((sum, t) => sum + t.rows, 0));
  });

  // Restores a whole world; on a loaded machine PGlite alone takes a minute or more.
  it('restores every row, blob, sequence and chain into an empty database', async () => {
    const target = await fresh();
    const targetBlobs = join(dir, 'target-attachments');
    const restored = await restoreFrom(target, targetBlobs, file);

    expect(await fingerprint(target.db)).toEqual(await fingerprint(source.db));
    expect(restored.chains.length).toBe(2);
    expect(restored.chains.every((c) => c.intact)).toBe(true);
    expect(await verifyChains(target.db)).toEqual(await verifyChains(source.db));
    const store = new BlobStore(targetBlobs);
    for (const a of await target.db.selectFrom('attachments').select(['sha256', 'size']).execute()) {
      expect(readFileSync(store.pathOf(a.sha256)).length).toBe(Number(a.size));
      expect(readFileSync(store.pathOf(a.sha256))).toEqual(readFileSync(new BlobStore(sourceBlobs).pathOf(a.sha256)));
    }

    // The restored system works on: identity values continue after the restored ones.
    // The rows keep their ids, so the source's world (ids and actors) is the target's too.
    const maxEvent = await target.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    await driveTo(
      { db: target.db, clock: new ManualClock(new Date(+T0 + 40 * 86_400_000)), pii: TEST_PII },
      world,
      'signed',
      '新诉求',
    );
    const after = await target.db
      .selectFrom('events')
      .select((eb) => eb.fn.min('id').as('id'))
      .where('id', '>', Number(maxEvent.id))
      .executeTakeFirstOrThrow();
    expect(Number(after.id)).toBeGreaterThan(Number(maxEvent.id));
    expect((await verifyChains(target.db)).every((c) => c.intact)).toBe(true);
  }, 180_000);

  it('refuses a target that already holds rows, and changes nothing there', async () => {
    const before = await fingerprint(source.db);
    const error = await expectCode(restoreFrom(source, join(dir, 'unused'), file), 'BACKUP_TARGET_NOT_EMPTY');
    expect(String(error.params['tables'])).toMatch(/assignments|cases/);
    expect(await fingerprint(source.db)).toEqual(before);
    expect(existsSync(join(dir, 'unused'))).toBe(false);
  });

  it('refuses a changed row, a cut-off file, a changed blob and a file that is no backup, loading nothing', async () => {
    const lines = linesOf(file);
    const caseRow = lines.findIndex((l) => l.includes('夜间施工噪音扰民') && l.startsWith('{"id"'));
    expect(caseRow).toBeGreaterThan(0);
    const edited = join(dir, 'edited.qisu.gz');
    writeLines(
      edited,
      lines.map((l, i) => (i === caseRow ? l.replace('夜间施工噪音扰民', '夜间施工噪声扰民') : l)),
    );
    const blob = lines.findIndex((l) => l.startsWith('{"type":"blob"'));
    const changedBlob = join(dir, 'blob.qisu.gz');
    writeLines(
      changedBlob,
      lines.map((l, i) => (i === blob + 1 ? Buffer.from('被替换的内容').toString('base64') + l.slice(24) : l)),
    );
    const cut = join(dir, 'cut.qisu.gz');
    const whole = readFileSync(file);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const flipped = join(dir, 'flipped.qisu.gz');
    const bytes = Buffer.from(whole);
    const middle = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
    writeFileSync(flipped, bytes);
    const notBackup = join(dir, 'not.qisu.gz');
    writeLines(notBackup, ['{"hello":"world"}']);
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'not even gzip');

    const target = await fresh();
    const blobs = join(dir, 'refused-attachments');
    for (const damaged of [edited, changedBlob, cut, flipped, notBackup, plain]) {
      const error = await expectCode(restoreFrom(target, blobs, damaged), 'BACKUP_INVALID');
      expect(error.params['detailEn'], damaged).toBeTruthy();
      await expectCode(inspectBackup(createReadStream(damaged)), 'BACKUP_INVALID');
    }
    // Nothing was loaded: the target is still empty and takes the good file.
    const counts = await fingerprint(target.db);
    expect(Object.entries(counts).filter(([t, c]) => t !== 'qisu_migrations' && c.rows > 0)).toEqual([]);
    expect(filesUnder(blobs)).toEqual([]);
    const restored = await restoreFrom(target, blobs, file);
    expect(restored.chains.every((c) => c.intact)).toBe(true);
  });

  it('refuses a backup of a newer schema than this build knows', async () => {
    const lines = linesOf(file);
    const header = JSON.parse(lines[0]!);
    header.migration = '29991231_0001_from_the_future';
    const newer = join(dir, 'newer.qisu.gz');
    writeLines(newer, [JSON.stringify(header), ...lines.slice(1)]);
    const error = await expectCode(restoreFrom(await fresh(), join(dir, 'x'), newer), 'BACKUP_SCHEMA_MISMATCH');
    expect(String(error.params['detailEn'])).toContain('newer qisu');
  });

  it('restores a backup taken at an older migration and migrates it forward', async () => {
    const older = await fresh();
    const level = knownMigrations().at(-2)!;
    await migrateTo(older.db, level);
    await seedWorld(older.db);
    const olderFile = join(dir, 'older.qisu.gz');
    const summary = await backupTo(older, join(dir, 'older-attachments'), olderFile);
    expect(summary.migration).toBe(level);

    const target = await fresh();
    const restored = await restoreFrom(target, join(dir, 'older-target'), olderFile);
    expect(restored.migrated).toEqual([knownMigrations().at(-1)]);
    const counts = await fingerprint(target.db);
    expect(counts['users']?.rows).toBe(summary.perTable['users']);
    expect(counts['qisu_migrations']?.rows).toBe(knownMigrations().length);
  });

  it('answers the local backup route only to this machine with the token', async () => {
    const token = newLocalToken();
    const app = await testApp(source, new ManualClock(T0), { localBackup: { token, dataDir: dir } });
    try {
      const without = await app.inject({ method: 'GET', url: LOCAL_BACKUP_PATH });
      expect(without.statusCode).toBe(404);
      const wrong = await app.inject({
        method: 'GET',
        url: LOCAL_BACKUP_PATH,
        headers: { [LOCAL_TOKEN_HEADER]: newLocalToken() },
      });
      expect(wrong.statusCode).toBe(404);
      const remote = await app.inject({
        method: 'GET',
        url: LOCAL_BACKUP_PATH,
        headers: { [LOCAL_TOKEN_HEADER]: token },
        remoteAddress: '10.20.30.40',
      });
      expect(remote.statusCode).toBe(404);
      const relayed = await app.inject({
        method: 'GET',
        url: LOCAL_BACKUP_PATH,
        headers: { [LOCAL_TOKEN_HEADER]: token, 'x-forwarded-for': '203.0.113.9' },
      });
      expect(relayed.statusCode).toBe(404);
      expect(JSON.stringify((await app.inject({ method: 'GET', url: '/api/openapi.json' })).json())).not.toContain(
        LOCAL_BACKUP_PATH,
      );

      const ok = await app.inject({ method: 'GET', url: LOCAL_BACKUP_PATH, headers: { [LOCAL_TOKEN_HEADER]: token } });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toBe('application/gzip');
      const fetched = join(dir, 'fetched.qisu.gz');
      writeFileSync(fetched, ok.rawPayload);
      const summary = await inspectBackup(createReadStream(fetched));
      expect(summary.perTable).toEqual((await inspectBackup(createReadStream(file))).perTable);
    } finally {
      await app.close();
    }
  });
});

describe.runIf(POSTGRES_ENGINE)('backup and restore across engines', () => {
  const pglite = ENGINES.find((e) => e.name === 'pglite')!;
  let dir: string;
  const handles: Db[] = [];
  const open = async (engine: TestEngine, migrate: boolean) => {
    const db = await engine.open({ migrate });
    handles.push(db);
    return db;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qisu-backup-x-'));
  });
  afterAll(async () => {
    for (const h of handles) await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('carries a PGlite backup into PostgreSQL and back unchanged', async () => {
    const lite = await open(pglite, true);
    await buildWorld(lite, join(dir, 'a'));
    await backupTo(lite, join(dir, 'a'), join(dir, 'lite.qisu.gz'));

    const pg = await open(POSTGRES_ENGINE!, false);
    const intoPg = await restoreFrom(pg, join(dir, 'b'), join(dir, 'lite.qisu.gz'));
    expect(intoPg.chains.every((c) => c.intact)).toBe(true);
    expect(await fingerprint(pg.db)).toEqual(await fingerprint(lite.db));

    await backupTo(pg, join(dir, 'b'), join(dir, 'pg.qisu.gz'));
    const back = await open(pglite, false);
    await restoreFrom(back, join(dir, 'c'), join(dir, 'pg.qisu.gz'));
    expect(await fingerprint(back.db)).toEqual(await fingerprint(lite.db));
    // The row lines themselves are the same text on both engines.
    const rowsOf = (file: string) => linesOf(join(dir, file)).slice(1);
    expect(rowsOf('pg.qisu.gz')).toEqual(rowsOf('lite.qisu.gz'));
  });
});
