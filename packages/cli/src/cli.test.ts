import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { ManualClock, migrateToLatest, openDatabase } from '@qisu/server';
import { driveTo } from '../../server/src/testing/drive.js';
import { seedWorld } from '../../server/src/testing/world.js';
import { main } from './index.js';

/** Runs the CLI in-process and captures what it prints. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('qisu CLI on an embedded data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qisu-cli-'));
  const saved = { ...process.env };

  beforeAll(async () => {
    delete process.env['DATABASE_URL'];
    process.env['QISU_DATA_DIR'] = dir;
    const db = await openDatabase({ dataDir: dir });
    await migrateToLatest(db.db);
    const w = await seedWorld(db.db);
    await driveTo({ db: db.db, clock: new ManualClock('2026-11-02T01:00:00Z') }, w, 'closed');
    await db.close();
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints help and refuses an unknown command', async () => {
    expect((await run(['help'])).out).toContain('qisu audit verify');
    const unknown = await run(['fly']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command');
  });

  it('exits 0 when every chain is intact', async () => {
    const result = await run(['audit', 'verify']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/✓ ta: \d+ events intact/);
  });

  it('refuses a data folder that another process holds', async () => {
    const holder = await openDatabase({ dataDir: dir });
    try {
      // The lock names this process; pretend it is another live one.
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'qisu.lock'), JSON.stringify({ pid: process.ppid }));
      const result = await run(['audit', 'verify']);
      expect(result.code).toBe(3);
      expect(result.err).toContain('held by a running process');
    } finally {
      await holder.close();
    }
  });

  it('exits non-zero naming the first broken event after a row is changed', async () => {
    const db = await openDatabase({ dataDir: dir });
    const target = await db.db
      .selectFrom('events')
      .select(['id', 'seq'])
      .where('type', '=', 'replied')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`ALTER TABLE events DISABLE TRIGGER events_append_only`.execute(db.db);
    await sql`UPDATE events SET at = at + interval '1 second' WHERE id = ${target.id}`.execute(db.db);
    await db.close();
    const result = await run(['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`chain broken at seq ${target.seq} (event id ${target.id}`);
  });
});
