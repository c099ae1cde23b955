import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db/database.js';
import { hasDemoAccounts } from './demo/demo.service.js';
import { listenHost } from './server.js';
import { ENGINES } from './testing/engines.js';
import { seedWorld } from './testing/world.js';

describe('where the server listens', () => {
  it('keeps a server with published demo passwords on this machine unless HOST says otherwise', () => {
    expect(listenHost(undefined, true)).toBe('127.0.0.1');
    expect(listenHost('0.0.0.0', true)).toBe('0.0.0.0');
    expect(listenHost(undefined, false)).toBe('0.0.0.0');
    expect(listenHost('10.0.0.5', false)).toBe('10.0.0.5');
  });
});

describe.each(ENGINES)('demo accounts on $name', (engine) => {
  let handle: Db;
  beforeAll(async () => {
    handle = await engine.open();
    await seedWorld(handle.db);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('finds none in a database without demo data', async () => {
    expect(await hasDemoAccounts(handle.db)).toBe(false);
  });
});
