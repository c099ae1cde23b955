import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../cases/cases.service.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import type { CardListDto } from './clocks.schemas.js';
import { sweepDue } from './sweep.service.js';
import { TEST_PII } from '../testing/pii.js';

/** A Shanghai wall-clock minute, `YYYY-MM-DD HH:MM`, as an instant. */
const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);

/**
 * The card list on the 滕州 preset (resolve in 5 working days, a yellow card when missed, two
 * yellows in a row a red): two cases of dept1 miss their resolve on successive days, so the sweep
 * issues a yellow, then a yellow and a red for the run.
 */
describe.each(ENGINES)('GET /api/v1/cards on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  let hub: Client;
  let first: string;
  let second: string;

  /** Files a case at `day` 08:50 and has dept1 dispatched, signed and contacted by 09:30 (resolve due 5 wd later). */
  const handled = async (day: string): Promise<string> => {
    clock.set(at(`${day} 08:50`));
    const { id } = await createCase(deps, w.actors.entA, { title: '厂区门前道路破损', content: '请协调修复。' });
    clock.set(at(`${day} 09:00`));
    await runCaseCommand(deps, w.actors.hub, id, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'general' });
    clock.set(at(`${day} 09:10`));
    await runCaseCommand(deps, w.actors.unit1, id, 'sign', {});
    clock.set(at(`${day} 09:30`));
    await runCaseCommand(deps, w.actors.unit1, id, 'contact', { note: '已明确专人对接' });
    return id;
  };

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock(at('2026-11-02 08:00'));
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    const tz = presetProfiles().get('tz');
    if (!tz) throw new Error('preset tz missing');
    await handle.db
      .transaction()
      .execute((trx) => storeProfile(trx, w.jurisdictionA, { ...tz, code: 'ta' }, { userId: null, at: clock.now() }));
    first = await handled('2026-11-02'); // resolve due Mon 11-09 17:30
    second = await handled('2026-11-03'); // resolve due Tue 11-10 17:30
    clock.set(at('2026-11-09 17:31'));
    await sweepDue(deps);
    clock.set(at('2026-11-10 17:31'));
    await sweepDue(deps);
    app = await testApp(handle, clock);
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  /** Case, colour and reason of each card, in a fixed order (cards issued together share their time). */
  const sorted = (rows: (string | null)[][]) => rows.map((r) => r.join(' | ')).sort();
  const reasons = (body: CardListDto) => sorted(body.items.map((c) => [c.caseId, c.colour, c.reason]));

  it('lists the reasons of the cards the sweep issued in Chinese by default', async () => {
    const res = await hub.get('/api/v1/cards');
    expect(res.statusCode).toBe(200);
    expect(reasons(res.json<CardListDto>())).toEqual(
      sorted([
        [first, 'yellow', '未在规定时间内完成：办结答复'],
        [second, 'red', '连续 2 次黄牌'],
        [second, 'yellow', '未在规定时间内完成：办结答复'],
      ]),
    );
  });

  it('lists them in English when the caller asks for en-US', async () => {
    const res = await hub.get('/api/v1/cards', { 'accept-language': 'en-US,en;q=0.9,zh-CN;q=0.5' });
    expect(res.statusCode).toBe(200);
    expect(reasons(res.json<CardListDto>())).toEqual(
      sorted([
        [first, 'yellow', 'Not done within the time limit: resolve'],
        [second, 'red', '2 yellow cards in a row'],
        [second, 'yellow', 'Not done within the time limit: resolve'],
      ]),
    );
  });

  it('shows the same reasons on the case page in the language of the caller', async () => {
    const zh = await hub.get(`/api/v1/cases/${second}`);
    const en = await hub.get(`/api/v1/cases/${second}`, { 'accept-language': 'en-US' });
    expect(zh.statusCode).toBe(200);
    const shown = (res: typeof zh) =>
      res
        .json<{ cards: { colour: string; reason: string }[] }>()
        .cards.map((c) => `${c.colour}: ${c.reason}`)
        .sort();
    expect(shown(zh)).toEqual(['red: 连续 2 次黄牌', 'yellow: 未在规定时间内完成：办结答复']);
    expect(shown(en)).toEqual(['red: 2 yellow cards in a row', 'yellow: Not done within the time limit: resolve']);
  });

  it('keeps the Chinese text and the reason as data on the card, and the reason in the event of a run', async () => {
    const cards = await handle.db
      .selectFrom('cards')
      .select(['case_id', 'colour', 'reason', 'reason_code'])
      .where('case_id', '=', second)
      .orderBy('colour')
      .execute();
    expect(cards).toEqual([
      {
        case_id: second,
        colour: 'red',
        reason: '连续 2 次黄牌',
        reason_code: { key: 'consecutive_yellows', count: 2 },
      },
      {
        case_id: second,
        colour: 'yellow',
        reason: '未在规定时间内完成：办结答复',
        reason_code: { key: 'missed', milestone: 'resolve' },
      },
    ]);
    const issued = await handle.db.selectFrom('events').select('payload').where('type', '=', 'card_issued').execute();
    expect(issued.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        colour: 'red',
        reason: '2 yellow cards in a row',
        reasonCode: { key: 'consecutive_yellows', count: 2 },
      }),
    ]);
  });

  it('shows the stored text of a card whose reason is not kept as data', async () => {
    await handle.db
      .updateTable('cards')
      .set({ reason: '人工登记的亮牌', reason_code: null })
      .where('case_id', '=', first)
      .execute();
    const res = await hub.get('/api/v1/cards', { 'accept-language': 'en-US' });
    const card = res.json<CardListDto>().items.find((c) => c.caseId === first);
    expect(card?.reason).toBe('人工登记的亮牌');
  });
});
