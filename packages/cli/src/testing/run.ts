import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { migrateToLatest, openDatabase } from '@qisu/server';
import { seedWorld } from '../../../server/src/testing/world.js';
import { main } from '../index.js';

/** Runs the CLI in-process, as `npx qisu …` would, and captures what it prints on each stream. */
export async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
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

/**
 * A data folder holding the test world (`seedWorld`), made before the calling file's tests and
 * removed after them; while they run the CLI's environment points at it (no `DATABASE_URL`), with
 * `extraEnv` added. Returns the folder, for the files a test writes beside the data.
 */
export function worldDataDir(prefix: string, extraEnv: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const saved = { ...process.env };
  beforeAll(async () => {
    delete process.env['DATABASE_URL'];
    process.env['QISU_DATA_DIR'] = join(dir, 'data');
    Object.assign(process.env, extraEnv);
    const db = await openDatabase({ dataDir: join(dir, 'data') });
    await migrateToLatest(db.db);
    await seedWorld(db.db);
    await db.close();
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
