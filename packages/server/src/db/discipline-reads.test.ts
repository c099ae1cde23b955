import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, getCase } from '../cases/cases.service.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import type { Db } from './database.js';
import { migrateToLatest } from './database.js';
import { TEST_PII } from '../testing/pii.js';

const MIGRATION = '20261203_0015_discipline_reads_red_and_unsatisfied';

/**
 * The migration that opens red-card and unsatisfied cases to the discipline commission flags the
 * cases already there under each jurisdiction's active profile: `ta` stores a profile written
 * before the `discipline` section existed (so it reads both), `tb` one that reads only the
 * unsatisfied cases.
 */
describe.each(ENGINES)(`migration ${MIGRATION} on $name`, (engine) => {
  let handle: Db;
  let deps: Deps;
  let w: World;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    handle = await engine.open({ upTo: '20261203_0013_clock_reference_indexes' });
    deps = { db: handle.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
    w = await seedWorld(handle.db);
    const tz = presetProfiles().get('tz');
    if (!tz) throw new Error('preset tz missing');
    const { discipline: _absent, ...older } = tz;
    await handle.db
      .insertInto('profiles')
      .values({
        jurisdiction_id: w.jurisdictionA,
        version: 1,
        document: JSON.stringify({ ...older, code: 'ta' }),
        note: null,
        created_by: null,
        created_at: deps.clock.now(),
      })
      .execute();
    await handle.db
      .updateTable('jurisdictions')
      .set({ profile_version: 1 })
      .where('id', '=', w.jurisdictionA)
      .execute();
    await handle.db.transaction().execute((trx) =>
      storeProfile(
        trx,
        w.jurisdictionB,
        {
          ...tz,
          code: 'tb',
          discipline: { readsRedCards: false, readsUnsatisfied: true, note: '测试：只查阅不满意件' },
        },
        { userId: null, at: deps.clock.now() },
      ),
    );

    const file = async (key: string, actor: 'entA' | 'hubB', enterpriseId?: string) => {
      ids[key] = (
        await createCase(deps, w.actors[actor], {
          title: `诉求 ${key}`,
          content: '内容',
          ...(enterpriseId ? { enterpriseId } : {}),
        })
      ).id;
    };
    for (const key of ['red', 'unsatisfied', 'yellow', 'satisfied']) await file(key, 'entA');
    for (const key of ['redB', 'unsatisfiedB']) await file(key, 'hubB', w.enterprises.other);

    const card = (caseId: string, jurisdictionId: string, unitId: string, colour: 'yellow' | 'red') => ({
      jurisdiction_id: jurisdictionId,
      case_id: caseId,
      unit_id: unitId,
      clock_id: null,
      colour,
      reason: colour === 'red' ? '连续 2 次黄牌' : '未在规定时间内完成：办结答复',
      escalation: null,
      issued_at: deps.clock.now(),
    });
    await handle.db
      .insertInto('cards')
      .values([
        card(ids.red!, w.jurisdictionA, w.units.dept1, 'yellow'),
        card(ids.red!, w.jurisdictionA, w.units.dept1, 'red'),
        card(ids.yellow!, w.jurisdictionA, w.units.dept1, 'yellow'),
        card(ids.redB!, w.jurisdictionB, w.units.b1, 'red'),
      ])
      .execute();
    const rating = (caseId: string, score: number) => ({
      case_id: caseId,
      round: 1,
      score,
      satisfied: score >= 3,
      comment: null,
      rated_by: null,
      at: deps.clock.now(),
    });
    await handle.db
      .insertInto('ratings')
      .values([rating(ids.unsatisfied!, 1), rating(ids.satisfied!, 5), rating(ids.unsatisfiedB!, 1)])
      .execute();
    expect(await migrateToLatest(handle.db)).toContain(MIGRATION);
  });
  afterAll(() => handle.close());

  it('flags the red-card and unsatisfied cases each jurisdiction’s profile lets the commission read', async () => {
    const rows = await handle.db.selectFrom('cases').select(['id', 'discipline_flag']).execute();
    const flagged = Object.keys(ids)
      .filter((key) => rows.find((r) => r.id === ids[key])?.discipline_flag)
      .sort();
    expect(flagged).toEqual(['red', 'unsatisfied', 'unsatisfiedB']);
  });

  it('opens them on the case page of the commission', async () => {
    expect((await getCase(deps, w.actors.discipline, ids.red!)).id).toBe(ids.red);
    await expect(getCase(deps, w.actors.discipline, ids.yellow!)).rejects.toMatchObject({ status: 404 });
  });
});
