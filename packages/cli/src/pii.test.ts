import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, migrateToLatest, openDatabase, PiiKeyring } from '@qisu/server';
import { driveTo } from '../../server/src/testing/drive.js';
import { TEST_PII, TEST_PII_KEYS } from '../../server/src/testing/pii.js';
import { seedWorld } from '../../server/src/testing/world.js';
import { run } from './testing/run.js';

const NEXT = `next:${Buffer.alloc(32, 4).toString('base64')}`;

/** Every stored mobile of the data folder, raw. */
async function storedMobiles(dir: string): Promise<string[]> {
  const db = await openDatabase({ dataDir: dir });
  try {
    const cases = await db.db.selectFrom('cases').select('contact_mobile as v').execute();
    const users = await db.db.selectFrom('users').select('mobile as v').execute();
    const enterprises = await db.db.selectFrom('enterprises').select('contacts').execute();
    return [
      ...[...cases, ...users].map((r) => r.v).filter((v): v is string => v !== null),
      ...enterprises.flatMap((e) => e.contacts.map((c) => c.mobile)),
    ];
  } finally {
    await db.close();
  }
}

describe('qisu pii on an embedded data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qisu-cli-pii-'));
  const saved = { ...process.env };

  beforeAll(async () => {
    delete process.env['DATABASE_URL'];
    process.env['QISU_DATA_DIR'] = dir;
    const db = await openDatabase({ dataDir: dir });
    await migrateToLatest(db.db);
    const w = await seedWorld(db.db);
    await driveTo({ db: db.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII }, w, 'dispatched');
    await db.close();
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a new key that QISU_PII_KEYS accepts', async () => {
    const result = await run(['pii', 'keygen']);
    expect(result.code).toBe(0);
    const line = result.out.trim();
    expect(PiiKeyring.fromText(line).keyIds).toHaveLength(1);
    expect(result.err).toContain('qisu pii rotate');
  });

  it('names the key it lacks and exits 1, leaving those values as they are', async () => {
    process.env['QISU_PII_KEYS'] = NEXT;
    const result = await run(['pii', 'rotate']);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/values are under key "test1", which is not configured/);
    expect((await storedMobiles(dir)).every((v) => v.startsWith('enc:v1:test1:'))).toBe(true);
  });

  it('re-encrypts every value under the first key, with progress, and says the old key may go', async () => {
    process.env['QISU_PII_KEYS'] = `${NEXT},${TEST_PII_KEYS}`;
    const result = await run(['pii', 'rotate']);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/cases: (\d+)\/\1/);
    expect(result.err).toMatch(/users: 14\/14/);
    expect(result.out).toContain('every value is under next; you may now remove test1');
    const stored = await storedMobiles(dir);
    expect(stored.length).toBeGreaterThan(15);
    const onlyNext = PiiKeyring.fromText(NEXT);
    expect(stored.every((v) => v.startsWith('enc:v1:next:') && /^1\d{10}$/.test(onlyNext.decrypt(v)))).toBe(true);

    process.env['QISU_PII_KEYS'] = NEXT;
    const again = await run(['pii', 'rotate']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('re-encrypted: 0 cases, 0 users, 0 enterprises');
  });

  it('answers an unknown subcommand with the usage', async () => {
    const result = await run(['pii', 'spin']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('qisu pii rotate');
  });
});
