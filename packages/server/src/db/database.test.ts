import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ENGINES } from '../testing/engines.js';
import type { Db } from './database.js';
import { migrateToLatest } from './database.js';

describe.each(ENGINES)('database on $name', (engine) => {
  let handle: Db;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(() => handle.close());

  const regionCount = async () =>
    Number(
      (
        await handle.db
          .selectFrom('regions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('rolls back every write of a failed transaction', async () => {
    const before = await regionCount();
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('regions')
          .values({ code: '110000', name: '北京市', level: 'province', parent_code: null })
          .execute();
        expect(
          Number(
            (
              await trx
                .selectFrom('regions')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ).toBe(before + 1);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await regionCount()).toBe(before);
  });

  it('rolls back when a statement inside the transaction fails', async () => {
    const before = await regionCount();
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('regions')
          .values({ code: '120000', name: '天津市', level: 'province', parent_code: null })
          .execute();
        await trx
          .insertInto('regions')
          .values({ code: '12', name: 'bad code', level: 'x', parent_code: null })
          .execute();
      }),
    ).rejects.toThrow();
    expect(await regionCount()).toBe(before);
  });

  it('applies migrations once: a second run has nothing to do', async () => {
    expect(await migrateToLatest(handle.db)).toEqual([]);
  });

  it('refuses to update, delete or truncate events', async () => {
    await handle.db
      .insertInto('regions')
      .values({ code: '130000', name: '河北省', level: 'province', parent_code: null })
      .execute();
    const j = await handle.db
      .insertInto('jurisdictions')
      .values({
        code: 'evt',
        name: 't',
        full_name: 't',
        level: 'county',
        region_code: '130000',
        brand: null,
        parent_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto('events')
      .values({
        jurisdiction_id: j.id,
        seq: 1,
        case_id: null,
        type: 'probe',
        actor_id: null,
        unit_id: null,
        at: new Date(),
        payload: '{}',
        prev_hash: '0',
        hash: '1',
      })
      .execute();
    await expect(handle.db.updateTable('events').set({ type: 'changed' }).execute()).rejects.toThrow(/append-only/);
    await expect(handle.db.deleteFrom('events').execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE events`.execute(handle.db)).rejects.toThrow(/append-only/);
    const rows = await handle.db.selectFrom('events').select('type').where('jurisdiction_id', '=', j.id).execute();
    expect(rows).toEqual([{ type: 'probe' }]);
  });
});
