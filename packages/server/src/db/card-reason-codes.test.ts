import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './database.js';
import { migrateToLatest, openDatabase } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import { seedWorld } from '../testing/world.js';
import type { World } from '../testing/world.js';

/**
 * The migration that keeps card reasons as data reads the reasons of cards issued before it back
 * from their Chinese text. PGlite only: the database is stopped at the migration before it.
 */
describe('migration 20261203_0012_card_reason_codes', () => {
  let handle: Db;
  let w: World;
  const texts = [
    '未在规定时间内完成：办结答复',
    '未在规定时间内完成：contact',
    '督办后仍未按时办理：初步反馈',
    '督办后仍未按时办理（resolve）',
    '连续 3 次黄牌',
    '未在规定时间内完成：某个不认识的节点',
    '人工登记的亮牌',
  ];

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    const migrator = new Migrator({
      db: handle.db,
      provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
      migrationTableName: 'qisu_migrations',
      migrationLockTableName: 'qisu_migrations_lock',
    });
    const { error } = await migrator.migrateTo('20261203_0011_jobs_notifications');
    if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
    w = await seedWorld(handle.db);
    await handle.db
      .insertInto('cards')
      .values(
        texts.map((reason, i) => ({
          jurisdiction_id: w.jurisdictionA,
          case_id: null,
          unit_id: w.units.dept1,
          clock_id: null,
          colour: i % 2 === 0 ? ('yellow' as const) : ('red' as const),
          reason,
          escalation: null,
          issued_at: new Date(Date.UTC(2026, 10, 2, 9, i)),
        })),
      )
      .execute();
    expect(await migrateToLatest(handle.db)).toContain('20261203_0012_card_reason_codes');
  });
  afterAll(() => handle.close());

  it('backfills the reason of each card whose text it can read, and leaves the others NULL', async () => {
    const rows = await handle.db.selectFrom('cards').select(['reason', 'reason_code']).orderBy('issued_at').execute();
    expect(rows).toEqual([
      { reason: texts[0], reason_code: { key: 'missed', milestone: 'resolve' } },
      { reason: texts[1], reason_code: { key: 'missed', milestone: 'contact' } },
      { reason: texts[2], reason_code: { key: 'missed_after_supervision', milestone: 'feedback' } },
      { reason: texts[3], reason_code: { key: 'missed_after_supervision', milestone: 'resolve' } },
      { reason: texts[4], reason_code: { key: 'consecutive_yellows', count: 3 } },
      { reason: texts[5], reason_code: null },
      { reason: texts[6], reason_code: null },
    ]);
  });
});
