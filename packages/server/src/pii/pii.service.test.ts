import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { migrateToLatest } from '../db/database.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { loadEnv } from '../env.js';
import { ENGINES } from '../testing/engines.js';
import { TEST_PII, TEST_PII_KEYS } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { PiiKeyring } from './pii.keyring.js';
import { openPiiKeyring, PII_KEY_FILE, PiiKeysRequiredError, preparePii, sealStoredPii } from './pii.service.js';

const keyOf = (id: string, byte: number) => `${id}:${Buffer.alloc(32, byte).toString('base64')}`;

/** Every stored personal value, raw, in a stable order: what a reader of the tables would see. */
async function storedValues(handle: Db): Promise<string[]> {
  const cases = await handle.db
    .selectFrom('cases')
    .select('contact_mobile as v')
    .where('contact_mobile', 'is not', null)
    .orderBy('id')
    .execute();
  const users = await handle.db.selectFrom('users').select(['mobile', 'id_number']).orderBy('id').execute();
  const enterprises = await handle.db.selectFrom('enterprises').select('contacts').orderBy('id').execute();
  return [
    ...cases.map((r) => r.v ?? ''),
    ...users.flatMap((u) => [u.mobile, u.id_number]).filter((v): v is string => v !== null),
    ...enterprises.flatMap((e) => e.contacts.map((c) => c.mobile).filter((m) => typeof m === 'string')),
  ];
}

/** Cases with plain-text mobiles 1390000NNNN, inserted as rows written before encryption were. */
async function plainCases(handle: Db, jurisdictionId: string, from: number, count: number): Promise<void> {
  await sql`
    INSERT INTO cases (jurisdiction_id, number, channel, contact_mobile, title, content, kind, status, created_at, updated_at)
    SELECT ${jurisdictionId}, 'PLAIN-' || g, 'web', '1390000' || lpad(g::text, 4, '0'), '旧诉求', '内容', 'help',
           'submitted', now(), now()
    FROM generate_series(${from}::int, ${from + count - 1}::int) AS g`.execute(handle.db);
}

/** Puts every personal value of the world back into plain text, as a database before encryption held it. */
async function plainWorld(handle: Db): Promise<void> {
  await handle.db.updateTable('users').set({ mobile: '13812341234', id_number: '330824199001011234' }).execute();
  await handle.db
    .updateTable('enterprises')
    .set({ contacts: JSON.stringify([{ name: '联系人', mobile: '13900001111' }, { name: '无号码' }]) })
    .execute();
}

describe.each(ENGINES)('personal data at rest on $name', (engine) => {
  describe('a database written before encryption', () => {
    let handle: Db;
    let w: World;
    const said: string[] = [];

    beforeAll(async () => {
      handle = await engine.open({ migrate: false });
      const migrator = new Migrator({
        db: handle.db,
        provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
        migrationTableName: 'qisu_migrations',
        migrationLockTableName: 'qisu_migrations_lock',
      });
      const { error } = await migrator.migrateTo('20261203_0016_login_guards');
      if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
      w = await seedWorld(handle.db);
      await plainWorld(handle);
      await plainCases(handle, w.jurisdictionA, 1, 7);
      expect(await migrateToLatest(handle.db)).toContain('20261203_0017_pii_encryption');
    });
    afterAll(() => handle.close());

    it('is encrypted at the first start after the migration, and a second start changes nothing', async () => {
      const before = await storedValues(handle);
      expect(before.some((v) => v.startsWith('enc:'))).toBe(false);
      const ring = await preparePii(handle.db, { keys: TEST_PII_KEYS, dataDir: 'unused' }, (m) => said.push(m));
      expect(said.join('\n')).toMatch(/encrypted stored personal data: 7 cases, 14 users, 3 enterprises/);

      const after = await storedValues(handle);
      expect(after).toHaveLength(before.length);
      for (const [i, stored] of after.entries()) {
        expect(stored).toMatch(/^enc:v1:test1:/);
        expect(stored).not.toContain(before[i]);
        expect(ring.decrypt(stored)).toBe(before[i]);
      }
      const contacts = await handle.db.selectFrom('enterprises').select('contacts').execute();
      expect(contacts.every((e) => e.contacts[1]?.name === '无号码' && e.contacts[1].mobile === undefined)).toBe(true);

      said.length = 0;
      await preparePii(handle.db, { keys: TEST_PII_KEYS, dataDir: 'unused' }, (m) => said.push(m));
      expect(said.join('\n')).not.toMatch(/encrypted stored/);
      expect(await storedValues(handle)).toEqual(after);
    });

    it('goes through the rows a bounded batch at a time, and takes up rows written in plain text later', async () => {
      await plainCases(handle, w.jurisdictionA, 100, 5);
      const progress: number[] = [];
      const report = await sealStoredPii(handle.db, TEST_PII, {
        mode: 'plain',
        batch: 2,
        onProgress: (p) => {
          if (p.table === 'cases') progress.push(p.done);
        },
      });
      expect(report).toMatchObject({ cases: 5, users: 0, enterprises: 0, missingKeys: {}, unreadable: 0 });
      expect(progress).toEqual([2, 4, 5]);
      expect((await storedValues(handle)).every((v) => v.startsWith('enc:v1:test1:'))).toBe(true);
    });
  });

  describe('rotation', () => {
    let handle: Db;
    let w: World;

    beforeAll(async () => {
      handle = await engine.open();
      w = await seedWorld(handle.db);
      await handle.db
        .updateTable('users')
        .set({ id_number: TEST_PII.encrypt('330824199001011234') })
        .where('id', '=', w.actors.hub.userId)
        .execute();
      await plainCases(handle, w.jurisdictionA, 1, 4);
      await sealStoredPii(handle.db, TEST_PII, { mode: 'plain' });
    });
    afterAll(() => handle.close());

    it('re-encrypts every value under the new key, so that the old key can be removed', async () => {
      const before = await storedValues(handle);
      const plain = before.map((v) => TEST_PII.decrypt(v));
      expect(before.every((v) => v.startsWith('enc:v1:test1:'))).toBe(true);

      const rotated = PiiKeyring.fromText(`${keyOf('next', 4)},${TEST_PII_KEYS}`);
      const report = await sealStoredPii(handle.db, rotated, { mode: 'rotate', batch: 3 });
      expect(report).toEqual({ cases: 4, users: 14, enterprises: 3, missingKeys: {}, unreadable: 0 });

      const after = await storedValues(handle);
      const onlyNew = PiiKeyring.fromText(keyOf('next', 4));
      expect(after.every((v) => v.startsWith('enc:v1:next:'))).toBe(true);
      expect(after.some((v) => v.includes('enc:v1:test1:'))).toBe(false);
      expect(after.map((v) => onlyNew.decrypt(v))).toEqual(plain);
      expect(plain).toContain('330824199001011234');

      expect(await sealStoredPii(handle.db, rotated, { mode: 'rotate' })).toMatchObject({
        cases: 0,
        users: 0,
        enterprises: 0,
      });
    });

    it('leaves a value under a key it does not have, names that key, and rotates the rest', async () => {
      const lost = PiiKeyring.fromText(keyOf('lost', 8)).encrypt('13700002222');
      await handle.db.updateTable('cases').set({ contact_mobile: lost }).where('number', '=', 'PLAIN-1').execute();
      await handle.db
        .updateTable('cases')
        .set({ contact_mobile: PiiKeyring.fromText(keyOf('next', 4)).encrypt('13700003333') })
        .where('number', '=', 'PLAIN-2')
        .execute();

      const third = PiiKeyring.fromText(`${keyOf('third', 6)},${keyOf('next', 4)}`);
      const report = await sealStoredPii(handle.db, third, { mode: 'rotate' });
      expect(report.missingKeys).toEqual({ lost: 1 });
      expect(report.cases).toBe(3);
      const rows = await handle.db
        .selectFrom('cases')
        .select(['number', 'contact_mobile'])
        .where('number', 'in', ['PLAIN-1', 'PLAIN-2'])
        .orderBy('number')
        .execute();
      expect(rows[0]?.contact_mobile).toBe(lost);
      expect(third.decrypt(rows[1]?.contact_mobile ?? '')).toBe('13700003333');
      expect(rows[1]?.contact_mobile).toMatch(/^enc:v1:third:/);
    });
  });

  describe('where the keys come from', () => {
    let handle: Db;
    const dirs: string[] = [];
    const freshDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'qisu-pii-'));
      dirs.push(dir);
      return dir;
    };

    beforeAll(async () => {
      handle = await engine.open();
    });
    afterAll(() => handle.close());
    afterEach(() => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });

    it('takes QISU_PII_KEYS when it is set', async () => {
      const source = await openPiiKeyring(handle.db, { keys: TEST_PII_KEYS, dataDir: freshDir() });
      expect(source).toMatchObject({ from: 'env' });
      expect(source.keyring.activeKeyId).toBe('test1');
    });

    it('keeps a key in PostgreSQL itself when QISU_PII_KEYS is not set, the same for every process', async () => {
      const empty = await engine.open();
      try {
        const url = { databaseUrl: 'postgres://db.example/qisu', dataDir: freshDir() };
        const said: string[] = [];
        const first = await openPiiKeyring(empty.db, url);
        const second = await openPiiKeyring(empty.db, url);
        expect(first.from).toBe('new-database');
        expect(second.from).toBe('database');
        expect(second.keyring.activeKeyId).toBe(first.keyring.activeKeyId);
        expect(second.keyring.decrypt(first.keyring.encrypt('13812345678'))).toBe('13812345678');
        await preparePii(empty.db, url, (m) => said.push(m));
        expect(said.join('\n')).toMatch(/QISU_PII_KEYS is not set; the personal-data key is kept in the database/);
        // Once QISU_PII_KEYS is set, the key the database kept still reads what it wrote, for `pii rotate`.
        const configured = await openPiiKeyring(empty.db, { ...url, keys: TEST_PII_KEYS });
        expect(configured.keyring.activeKeyId).toBe('test1');
        expect(configured.keyring.decrypt(first.keyring.encrypt('13812345678'))).toBe('13812345678');
      } finally {
        await empty.close();
      }
    });

    it('refuses PostgreSQL whose data is encrypted under keys it can find nowhere', async () => {
      const encrypted = await engine.open();
      try {
        await seedWorld(encrypted.db);
        const url = { databaseUrl: 'postgres://db.example/qisu', dataDir: freshDir() };
        await expect(openPiiKeyring(encrypted.db, url)).rejects.toThrow(PiiKeysRequiredError);
        await expect(openPiiKeyring(encrypted.db, url)).rejects.toThrow(/set the QISU_PII_KEYS it was encrypted with/);
      } finally {
        await encrypted.close();
      }
    });

    it('makes a key file readable by its owner only on the first embedded start, and reads it after', async () => {
      const dir = freshDir();
      const said: string[] = [];
      const first = await openPiiKeyring(handle.db, { dataDir: dir });
      expect(first.from).toBe('new-file');
      const path = join(dir, PII_KEY_FILE);
      expect(first.path).toBe(path);
      if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readFileSync(path, 'utf8')).toMatch(/^k\d{8}[0-9a-f]{4}:[A-Za-z0-9+/]{43}=\n$/);

      const second = await preparePii(handle.db, { dataDir: dir }, (m) => said.push(m));
      expect(second.activeKeyId).toBe(first.keyring.activeKeyId);
      expect(said.join('\n')).toMatch(/using the personal-data key file .*production must set QISU_PII_KEYS/);
    });

    it('never makes a new key over a database that already holds encrypted values', async () => {
      await seedWorld(handle.db);
      const dir = freshDir();
      await expect(openPiiKeyring(handle.db, { dataDir: dir })).rejects.toThrow(
        new RegExp(`key file ${join(dir, PII_KEY_FILE).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is missing`),
      );
    });
  });
});

describe('QISU_PII_KEYS in the environment', () => {
  it('is checked at start, naming the variable and the entry', () => {
    expect(() => loadEnv({ QISU_PII_KEYS: 'k1:short' })).toThrow(/QISU_PII_KEYS: entry 1 \(k1\)/);
    expect(loadEnv({ QISU_PII_KEYS: '' }).QISU_PII_KEYS).toBeUndefined();
    expect(loadEnv({ QISU_PII_KEYS: TEST_PII_KEYS }).QISU_PII_KEYS).toBe(TEST_PII_KEYS);
  });
});
