import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predict } from '@qisu/triage';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { toyDemands } from '../testing/triage-fixtures.js';
import { activeModel, crossValidate, evaluateActive, trainAndActivate } from './triage.service.js';

describe('cross-validated quality', () => {
  it('measures a separable set as perfect, and declines when a label has fewer cases than folds', () => {
    expect(crossValidate(toyDemands())).toMatchObject({ accuracy: 1, macroF1: 1, method: '5-fold cross-validation' });
    expect(crossValidate(toyDemands().slice(0, 14))).toBeNull();
  });
});

describe.each(ENGINES)('stored category models on $name', (engine) => {
  let handle: Db;
  let w: World;
  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
  });
  afterAll(() => handle.close());

  it('stores each training as the next version, active alone in its scope, with its quality', async () => {
    expect(await activeModel(handle.db, w.jurisdictionA)).toBeNull();
    const first = await trainAndActivate(handle.db, {
      jurisdictionId: null,
      examples: toyDemands(),
      now: new Date('2026-11-02T01:00:00Z'),
    });
    expect(first).toMatchObject({ version: 1, examples: 18, quality: { accuracy: 1, macroF1: 1 } });
    expect(first.labels).toEqual(['用工', '用电', '融资']);
    // The model for all serves a jurisdiction without its own.
    expect((await activeModel(handle.db, w.jurisdictionA))?.version).toBe(1);

    const own = await trainAndActivate(handle.db, {
      jurisdictionId: w.jurisdictionA,
      examples: toyDemands().filter((e) => e.label !== '融资'),
      now: new Date('2026-11-03T01:00:00Z'),
    });
    expect(own.version).toBe(1);
    const served = await activeModel(handle.db, w.jurisdictionA);
    expect(served).toMatchObject({ version: 1, jurisdictionId: w.jurisdictionA });
    expect(served?.model.info.labels).toEqual(['用工', '用电']);
    expect((await activeModel(handle.db, w.jurisdictionB))?.jurisdictionId).toBeNull();

    const second = await trainAndActivate(handle.db, {
      jurisdictionId: null,
      examples: toyDemands(),
      now: new Date('2026-11-04T01:00:00Z'),
    });
    expect(second.version).toBe(2);
    const rows = await handle.db
      .selectFrom('triage_models')
      .select(['version', 'active'])
      .where('jurisdiction_id', 'is', null)
      .orderBy('version')
      .execute();
    expect(rows).toEqual([
      { version: 1, active: false },
      { version: 2, active: true },
    ]);
  });

  it('predicts after reading the stored model back, and scores a labelled set with it', async () => {
    const served = await activeModel(handle.db, w.jurisdictionB);
    if (!served) throw new Error('no model');
    const p = predict(served.model, { title: '变压器增容', body: '厂区变压器需要增容，供电不足' });
    expect(p.label).toBe('用电');
    const report = await evaluateActive(handle.db, w.jurisdictionB, toyDemands());
    expect(report).toMatchObject({ n: 18, accuracy: 1, macroF1: 1, version: 2 });
  });
});
