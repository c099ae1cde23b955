import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { verifyChains } from './audit.service.js';
import type { NewEvent } from './events.service.js';
import { appendEvent, appendEvents } from './events.service.js';
import { eventHash } from './hash-chain.js';

describe.each(ENGINES)('appending to a chain on $name', (engine) => {
  let handle: Db;
  let w: World;
  beforeAll(async () => {
    handle = await engine.open({ poolSize: 10 });
    w = await seedWorld(handle.db);
  });
  afterAll(() => handle.close());

  const event = (type: string): NewEvent => ({
    jurisdictionId: w.jurisdictionA,
    caseId: null,
    type,
    actorId: null,
    unitId: null,
    at: new Date('2026-11-02T01:00:00Z'),
    payload: { type },
  });

  const head = (db: Kysely<Database> = handle.db) =>
    db
      .selectFrom('event_chains')
      .select(['last_seq', 'last_hash'])
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .executeTakeFirstOrThrow();

  it('continues after the committed head when the transaction of the last append rolled back', async () => {
    await handle.db.transaction().execute((trx) => appendEvent(trx, event('before')));
    const committed = await head();
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await appendEvent(trx, event('rolled-back'));
        throw new Error('the command failed after its event');
      }),
    ).rejects.toThrow('the command failed');
    const after = await handle.db.transaction().execute((trx) => appendEvent(trx, event('after')));
    expect(after.seq).toBe(committed.last_seq + 1);
    expect((await verifyChains(handle.db, { jurisdictionIds: [w.jurisdictionA] }))[0]?.intact).toBe(true);
  });

  it('continues after a head that another writer moved since this process last appended', async () => {
    await handle.db.transaction().execute((trx) => appendEvent(trx, event('mine')));
    // Another process appends: its event and head are written without this process knowing.
    await handle.db.transaction().execute(async (trx) => {
      const { last_seq, last_hash } = await head(trx);
      const other = event('other');
      const seq = last_seq + 1;
      const hash = eventHash({
        jurisdictionId: w.jurisdictionA,
        seq,
        caseId: null,
        type: other.type,
        actorId: null,
        unitId: null,
        at: other.at.toISOString(),
        payload: other.payload,
        prevHash: last_hash,
      });
      await sql`INSERT INTO events (jurisdiction_id, seq, case_id, type, actor_id, unit_id, at, payload, prev_hash, hash)
                VALUES (${w.jurisdictionA}, ${seq}, NULL, ${other.type}, NULL, NULL, ${other.at},
                        ${JSON.stringify(other.payload)}, ${last_hash}, ${hash})`.execute(trx);
      await sql`UPDATE event_chains SET last_seq = ${seq}, last_hash = ${hash}
                WHERE jurisdiction_id = ${w.jurisdictionA}`.execute(trx);
    });
    const moved = await head();
    const next = await handle.db.transaction().execute((trx) => appendEvent(trx, event('mine again')));
    expect(next.seq).toBe(moved.last_seq + 1);
    expect((await verifyChains(handle.db, { jurisdictionIds: [w.jurisdictionA] }))[0]?.intact).toBe(true);
  });

  it('gives 30 concurrent appends 30 consecutive numbers and an intact chain', async () => {
    const start = (await head()).last_seq;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        handle.db.transaction().execute((trx) => appendEvents(trx, [event(`parallel ${i}`)])),
      ),
    );
    const seqs = results.map((r) => r[0]?.seq ?? 0).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => start + i + 1));
    expect((await verifyChains(handle.db, { jurisdictionIds: [w.jurisdictionA] }))[0]?.intact).toBe(true);
  });
});
