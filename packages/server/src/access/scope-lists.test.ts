import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '@qisu/core';
import { createCase } from '../cases/cases.service.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import type { CardListDto } from '../clocks/clocks.schemas.js';
import { sweepDue } from '../clocks/sweep.service.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { detectHotspots } from '../hotspots/hotspots.service.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { driveTo } from '../testing/drive.js';
import type { TestEngine } from '../testing/engines.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { TEST_PII } from '../testing/pii.js';

/** A Shanghai wall-clock minute, `YYYY-MM-DD HH:MM`, as an instant. */
const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);

/** Reports of one problem (outages in one industrial park), each in its own words. */
const OUTAGES = [
  ['智造产业园频繁停电影响生产', '园区本周已经停电三次，每次两到三个小时，生产线被迫停工，请供电部门排查园区线路。'],
  ['智造产业园又停电了', '今天上午产业园再次突然停电，数控机床受损，希望尽快解决园区供电线路问题。'],
  ['反映智造产业园停电问题', '我司位于智造产业园，近期多次无预告停电，订单交付延误，请排查供电线路。'],
  ['智造产业园停电频繁请求排查', '产业园内企业普遍反映停电频繁，冷库货物受损，请供电公司排查线路并提前通知。'],
  ['产业园突然停电造成损失', '智造产业园昨晚突然停电，注塑设备停机，原料报废，请求解决园区供电不稳定。'],
  ['智造产业园供电不稳定', '园区电压忽高忽低并且经常停电，生产无法安排，请有关部门排查产业园线路。'],
  ['智造产业园停电何时解决', '产业园停电问题已经反映多次，这周又停了两次，供电线路到底什么时候改造？'],
] as const;

interface HotspotBody {
  groups: {
    id: string | null;
    size: number;
    members: { id: string }[];
    fix: { caseId: string } | null;
  }[];
  byDimension: { count: number; previousCount: number }[];
}

/** The world's jurisdiction `ta` on 滕州's preset, changed by `adjust`. */
async function installTz(deps: Deps, w: World, adjust: (p: Profile) => Profile = (p) => p): Promise<void> {
  const tz = presetProfiles().get('tz');
  if (!tz) throw new Error('preset tz missing');
  await deps.db
    .transaction()
    .execute((trx) =>
      storeProfile(trx, w.jurisdictionA, adjust({ ...tz, code: 'ta' }), { userId: null, at: deps.clock.now() }),
    );
}

/**
 * Files a case of `ent` at `day` 08:50 and has `unit` (of `unitId`) dispatched, signed and
 * contacted by 09:30; on 滕州's preset its resolve falls due 5 working days later at 17:30.
 */
async function handled(
  deps: Deps,
  clock: ManualClock,
  w: World,
  day: string,
  who: { ent: 'entA' | 'entB'; unit: 'unit1' | 'unit2'; unitId: string },
  [title, content]: readonly [string, string],
): Promise<string> {
  clock.set(at(`${day} 08:50`));
  const { id } = await createCase(deps, w.actors[who.ent], { title, content });
  clock.set(at(`${day} 09:00`));
  await runCaseCommand(deps, w.actors.hub, id, 'dispatch', { leadUnitId: who.unitId, complexity: 'general' });
  clock.set(at(`${day} 09:10`));
  await runCaseCommand(deps, w.actors[who.unit], id, 'sign', {});
  clock.set(at(`${day} 09:30`));
  await runCaseCommand(deps, w.actors[who.unit], id, 'contact', { note: '已明确专人对接' });
  return id;
}

/** Whether the case page opens for the caller: 200, or 404 (never anything else). */
async function opens(client: Client, caseId: string): Promise<boolean> {
  const res = await client.get(`/api/v1/cases/${caseId}`);
  expect([200, 404], `GET /api/v1/cases/${caseId}`).toContain(res.statusCode);
  return res.statusCode === 200;
}

/** The ids of the case list, as the caller sees it. */
async function caseList(client: Client): Promise<string[]> {
  const res = await client.get('/api/v1/cases?pageSize=200');
  expect(res.statusCode).toBe(200);
  return res
    .json<{ items: { id: string }[] }>()
    .items.map((i) => i.id)
    .sort();
}

/** The card list, or null when the caller may not read it (403). */
async function cards(client: Client, query = ''): Promise<CardListDto | null> {
  const res = await client.get(`/api/v1/cards${query}`);
  if (res.statusCode === 403) return null;
  expect(res.statusCode).toBe(200);
  return res.json<CardListDto>();
}

/** The hotspot view, or null when the caller may not read it (403). */
async function hotspots(client: Client): Promise<HotspotBody | null> {
  const res = await client.get('/api/v1/hotspots');
  if (res.statusCode === 403) return null;
  expect(res.statusCode).toBe(200);
  return res.json<HotspotBody>();
}

/** Every case a list names must open for the same caller; counts may count only those cases. */
async function expectListsWithinScope(client: Client): Promise<void> {
  const visible = await caseList(client);
  for (const id of visible) expect(await opens(client, id), `listed case ${id}`).toBe(true);

  const cardList = await cards(client);
  if (cardList) {
    for (const card of cardList.items) {
      if (card.caseId) expect(await opens(client, card.caseId), `card on ${card.caseNumber}`).toBe(true);
    }
    const counted = cardList.perUnit.reduce((n, u) => n + u.yellow + u.red, 0);
    expect(counted).toBe(cardList.items.length);
  }

  const hot = await hotspots(client);
  if (hot) {
    for (const group of hot.groups) {
      for (const m of group.members) expect(await opens(client, m.id), `hotspot member ${m.id}`).toBe(true);
      if (group.fix) expect(await opens(client, group.fix.caseId), 'hotspot fix').toBe(true);
      expect(group.size).toBeLessThanOrEqual(group.members.length);
    }
    const counted = hot.byDimension.reduce((n, d) => n + d.count + d.previousCount, 0);
    expect(counted).toBeLessThanOrEqual(visible.length);
  }
}

describe.each(ENGINES)('every list within the case page’s scope on $name', (engine: TestEngine) => {
  let handle: Db;
  let app: FastifyInstance;
  const clock = new ManualClock(at('2026-11-02 08:00'));
  let deps: Deps;
  let w: World;
  const as: Partial<Record<keyof World['actors'], Client>> = {};
  const client = (key: keyof World['actors']): Client => {
    const c = as[key];
    if (!c) throw new Error(`no client ${key}`);
    return c;
  };
  let yellowOnly: string; // dept1's first yellow card
  let red: string; // dept1's second yellow in a row, and the red it brings
  let otherUnit: string; // dept2's yellow card, enterprise B's case
  let hubFiled: string[]; // four reports filed by the hub, without an enterprise
  let unsatisfied: string;

  beforeAll(async () => {
    handle = await engine.open();
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    await installTz(deps, w);
    const dept1 = { ent: 'entA', unit: 'unit1', unitId: w.units.dept1 } as const;
    yellowOnly = await handled(deps, clock, w, '2026-11-02', dept1, OUTAGES[0]);
    otherUnit = await handled(
      deps,
      clock,
      w,
      '2026-11-02',
      { ent: 'entB', unit: 'unit2', unitId: w.units.dept2 },
      OUTAGES[1],
    );
    red = await handled(deps, clock, w, '2026-11-03', dept1, OUTAGES[2]);
    hubFiled = [];
    for (const [i, outage] of OUTAGES.slice(3).entries()) {
      clock.set(at(`2026-11-04 0${i + 1}:00`));
      hubFiled.push((await createCase(deps, w.actors.hub, { title: outage[0], content: outage[1] })).id);
    }
    clock.set(at('2026-11-04 10:00'));
    expect(await detectHotspots(deps, w.jurisdictionA)).toMatchObject({ groups: 1, warned: 1 });

    // Resolve due Mon 11-09 (yellowOnly, otherUnit) and Tue 11-10 (red) at 17:30.
    clock.set(at('2026-11-09 17:31'));
    await sweepDue(deps);
    clock.set(at('2026-11-10 17:31'));
    await sweepDue(deps);

    clock.set(at('2026-11-11 09:00'));
    unsatisfied = await driveTo(deps, w, 'replied', '厂区门前道路破损影响货车通行');
    await runCaseCommand(deps, w.actors.entA, unsatisfied, 'rate', { score: 1, comment: '未解决' });

    app = await testApp(handle, clock);
    for (const key of ['hub', 'discipline', 'unit2', 'unit3', 'head1', 'entB', 'liaison'] as const) {
      as[key] = await loginAs(app, `ta.${key}`, TEST_PASSWORD);
    }
    const group = (await hotspots(client('hub')))?.groups.find((g) => g.id !== null);
    if (!group?.id) throw new Error('no stored hotspot group');
    // The systemic fix is a case the discipline commission may not open.
    const linked = await client('hub').post(`/api/v1/hotspots/${group.id}/fix`, { caseId: hubFiled[0] });
    expect(linked.statusCode).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('opens to 滕州’s discipline commission the case with a red card, and the one rated unsatisfied', async () => {
    const discipline = client('discipline');
    expect(await opens(discipline, red)).toBe(true);
    expect(await opens(discipline, unsatisfied)).toBe(true);
    expect(await opens(discipline, yellowOnly)).toBe(false);
    expect(await opens(discipline, otherUnit)).toBe(false);
    expect(await caseList(discipline)).toEqual([red, unsatisfied].sort());
  });

  it('lists to the discipline commission only the cards on the cases it may open', async () => {
    const list = await cards(client('discipline'));
    expect(list?.items.map((c) => [c.caseId, c.colour]).sort()).toEqual([
      [red, 'red'],
      [red, 'yellow'],
    ]);
    expect(list?.perUnit).toEqual([{ unitId: w.units.dept1, unitName: '市场监管局', yellow: 1, red: 1 }]);
    const other = await cards(client('discipline'), `?unitId=${w.units.dept2}`);
    expect(other?.items).toEqual([]);
    // The hub still reads every card.
    expect((await cards(client('hub')))?.items).toHaveLength(4);
  });

  it('shows the discipline commission a hotspot with only the members it may open, and no hidden fix', async () => {
    const hub = await hotspots(client('hub'));
    const all = new Set(hub?.groups.flatMap((g) => g.members.map((m) => m.id)));
    // The hub sees the red-card case among at least four cases hidden from the commission.
    expect(all.has(red)).toBe(true);
    expect(all.size).toBeGreaterThanOrEqual(5);

    const seen = await hotspots(client('discipline'));
    expect(seen?.groups).toEqual([
      expect.objectContaining({ size: 1, members: [expect.objectContaining({ id: red })], fix: null, keywords: [] }),
    ]);
    expect(seen?.byDimension.reduce((n, d) => n + d.count + d.previousCount, 0)).toBeLessThanOrEqual(2);
  });

  it.each(['discipline', 'unit2', 'unit3', 'head1', 'entB', 'liaison'] as const)(
    'names to %s in the card and hotspot lists only cases its case page opens',
    async (key) => {
      await expectListsWithinScope(client(key));
    },
  );

  it('lists to a unit only its own unit’s cards, whatever unit it asks for', async () => {
    const own = await cards(client('unit2'));
    expect(own?.items.map((c) => [c.caseId, c.colour])).toEqual([[otherUnit, 'yellow']]);
    expect((await cards(client('unit3'), `?unitId=${w.units.dept1}`))?.items).toEqual([]);
    expect(await cards(client('entB'))).toBeNull();
    expect(await hotspots(client('liaison'))).toBeNull();
  });
});

describe.each(ENGINES)('a profile that does not let the discipline commission read on $name', (engine: TestEngine) => {
  let handle: Db;
  let app: FastifyInstance;
  const clock = new ManualClock(at('2026-11-02 08:00'));
  let deps: Deps;
  let w: World;

  beforeAll(async () => {
    handle = await engine.open();
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    await installTz(deps, w, (p) => ({
      ...p,
      discipline: { readsRedCards: false, readsUnsatisfied: false, note: '测试：纪委监委仅查阅移交件' },
    }));
    app = await testApp(handle, clock);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('keeps red-card and unsatisfied cases from the commission, in the case page and in every list', async () => {
    const dept1 = { ent: 'entA', unit: 'unit1', unitId: w.units.dept1 } as const;
    await handled(deps, clock, w, '2026-11-02', dept1, OUTAGES[0]);
    const red = await handled(deps, clock, w, '2026-11-03', dept1, OUTAGES[1]);
    clock.set(at('2026-11-09 17:31'));
    await sweepDue(deps);
    clock.set(at('2026-11-10 17:31'));
    await sweepDue(deps);
    clock.set(at('2026-11-11 09:00'));
    const unsatisfied = await driveTo(deps, w, 'replied');
    await runCaseCommand(deps, w.actors.entA, unsatisfied, 'rate', { score: 1 });

    const discipline = await loginAs(app, 'ta.discipline', TEST_PASSWORD);
    expect(await opens(discipline, red)).toBe(false);
    expect(await opens(discipline, unsatisfied)).toBe(false);
    expect(await caseList(discipline)).toEqual([]);
    expect((await cards(discipline))?.items).toEqual([]);

    // A hand-off still opens the case, whatever the reading rights say.
    await runCaseCommand(deps, w.actors.hub, red, 'escalate', { to: 'discipline', reason: '推诿扯皮' });
    expect(await opens(discipline, red)).toBe(true);
    expect((await cards(discipline))?.items.map((c) => c.caseId)).toEqual([red, red]);
  });

  it('opens an unsatisfied case to the commission once the profile lets it read them', async () => {
    await installTz(deps, w, (p) => ({
      ...p,
      discipline: { readsRedCards: false, readsUnsatisfied: true, note: '测试：纪委监委查阅不满意件' },
    }));
    const unsatisfied = await driveTo(deps, w, 'replied');
    await runCaseCommand(deps, w.actors.entA, unsatisfied, 'rate', { score: 1 });
    const discipline = await loginAs(app, 'ta.discipline', TEST_PASSWORD);
    expect(await opens(discipline, unsatisfied)).toBe(true);
    expect(await caseList(discipline)).toContain(unsatisfied);
  });
});
