import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';

interface Ent {
  id: string;
  liaisonUserId: string | null;
  liaisonFromGrid: boolean;
  gridId: string | null;
  gridName: string | null;
  grid: string | null;
  key: boolean;
}
interface Cond {
  id: string;
  kind: string;
  text: string;
  period: string | null;
  recordedByName: string | null;
}

/**
 * The grid ledger (seed 004 三(三)2): grids hand their liaison to the enterprises put into them
 * (never over an enterprise's own), which then sit on that liaison's ledger and solicitation
 * coverage and nobody else's; condition records keep their history; the key flag filters.
 */
describe.each(ENGINES)('the grid ledger on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let w: World;
  let hub: Client;
  let liaison: Client;
  let liaison2: Client;
  let liaison2Id: string;
  let unit1: Client;
  let entA: Client;

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    clock = new ManualClock('2026-11-02T01:00:00Z');
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, loginFailuresPerIp: 1000 });
    const admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    const made = await admin.post('/api/v1/users', {
      username: 'ta.liaison2',
      name: '第二联络员',
      password: TEST_PASSWORD,
      roles: ['liaison'],
      unitId: w.units.town,
    });
    expect(made.statusCode).toBe(201);
    liaison2Id = made.json<{ id: string }>().id;
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    liaison = await loginAs(app, 'ta.liaison', TEST_PASSWORD);
    liaison2 = await loginAs(app, 'ta.liaison2', TEST_PASSWORD);
    unit1 = await loginAs(app, 'ta.unit1', TEST_PASSWORD);
    entA = await loginAs(app, 'ta.entA', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const send = (client: Client, method: 'PUT' | 'DELETE', url: string, body?: object) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${client.token}` },
      ...(body ? { payload: body } : {}),
    });
  const ledgerIds = async (client: Client, query = '') =>
    (await client.get(`/api/v1/enterprises?pageSize=200${query}`)).json<{ items: Ent[] }>().items.map((e) => e.id);
  const fieldOf = (res: { json: <T>() => T }) => res.json<{ error: { field?: string } }>().error.field;

  let gridId: string;

  it('puts an enterprise without a liaison under the grid’s, who then sees it on its ledger and coverage', async () => {
    const created = await hub.post('/api/v1/grids', {
      name: '华埠镇网格',
      townUnitId: w.units.town,
      departmentUnitId: w.units.dept1,
      liaisonUserId: liaison2Id,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ townUnitName: '华埠镇', departmentUnitName: '市场监管局', enterprises: 0 });
    gridId = created.json<{ id: string }>().id;

    expect(await ledgerIds(liaison2)).toEqual([]);
    const put = await send(hub, 'PUT', `/api/v1/enterprises/${w.enterprises.b}`, { gridId });
    expect(put.statusCode).toBe(200);
    expect(put.json<Ent>()).toMatchObject({
      gridId,
      gridName: '华埠镇网格',
      grid: '华埠镇网格',
      liaisonUserId: liaison2Id,
      liaisonFromGrid: true,
    });

    expect(await ledgerIds(liaison2)).toEqual([w.enterprises.b]);
    expect(await ledgerIds(liaison)).not.toContain(w.enterprises.b);
    expect((await liaison.get(`/api/v1/enterprises/${w.enterprises.b}`)).statusCode).toBe(404);
    expect((await liaison2.get(`/api/v1/enterprises/${w.enterprises.b}`)).statusCode).toBe(200);
    // The weekly solicitation coverage follows the ledger.
    const coverage = await liaison2.get('/api/v1/solicitations/coverage?week=2026-W45');
    expect(coverage.statusCode).toBe(200);
    expect(coverage.json()).toMatchObject({ enterprises: 1, missing: [{ id: w.enterprises.b }] });
    expect((await liaison2.get('/api/v1/grids')).json<{ enterprises: number }[]>()[0]?.enterprises).toBe(1);
  });

  it('keeps an enterprise’s own liaison when it joins a grid, and hands the others over when the grid’s liaison changes', async () => {
    const own = await send(hub, 'PUT', `/api/v1/enterprises/${w.enterprises.a}`, { gridId });
    expect(own.json<Ent>()).toMatchObject({ gridId, liaisonUserId: w.actors.liaison.userId, liaisonFromGrid: false });

    const changed = await send(hub, 'PUT', `/api/v1/grids/${gridId}`, { liaisonUserId: w.actors.liaison.userId });
    expect(changed.statusCode).toBe(200);
    expect(await ledgerIds(liaison2)).toEqual([]);
    expect(await ledgerIds(liaison)).toEqual(expect.arrayContaining([w.enterprises.a, w.enterprises.b]));

    // Back to the second liaison: only B follows, A keeps its own.
    await send(hub, 'PUT', `/api/v1/grids/${gridId}`, { liaisonUserId: liaison2Id });
    expect(await ledgerIds(liaison2)).toEqual([w.enterprises.b]);
    expect(await ledgerIds(liaison)).toContain(w.enterprises.a);

    // Clearing B's grid drops the liaison it had from the grid; a renamed grid renames the text.
    await send(hub, 'PUT', `/api/v1/grids/${gridId}`, { name: '华埠镇一网格' });
    expect((await hub.get(`/api/v1/enterprises/${w.enterprises.a}`)).json<Ent>().grid).toBe('华埠镇一网格');
    const left = await send(hub, 'PUT', `/api/v1/enterprises/${w.enterprises.b}`, { gridId: null });
    expect(left.json<Ent>()).toMatchObject({ gridId: null, liaisonUserId: null, liaisonFromGrid: false });
    expect(await ledgerIds(liaison2)).toEqual([]);
  });

  it('refuses a grid that still holds enterprises, and a liaison changing grids', async () => {
    expect((await send(hub, 'DELETE', `/api/v1/grids/${gridId}`)).statusCode).toBe(409);
    expect((await send(liaison, 'PUT', `/api/v1/enterprises/${w.enterprises.a}`, { gridId: null })).statusCode).toBe(
      403,
    );
    expect((await liaison.post('/api/v1/grids', { name: '自建网格' })).statusCode).toBe(403);
    const spare = await hub.post('/api/v1/grids', { name: '空网格' });
    expect((await send(hub, 'DELETE', `/api/v1/grids/${spare.json<{ id: string }>().id}`)).statusCode).toBe(204);
  });

  it('answers 400 naming the field for members of another kind or jurisdiction, 409 for a name taken', async () => {
    const notTown = await hub.post('/api/v1/grids', { name: '错网格', townUnitId: w.units.dept1 });
    expect(notTown.statusCode).toBe(400);
    expect(fieldOf(notTown)).toBe('townUnitId');
    const foreignUnit = await hub.post('/api/v1/grids', { name: '错网格', departmentUnitId: w.units.b1 });
    expect(fieldOf(foreignUnit)).toBe('departmentUnitId');
    const foreignUser = await hub.post('/api/v1/grids', { name: '错网格', liaisonUserId: w.actors.unitB.userId });
    expect(foreignUser.statusCode).toBe(400);
    expect(fieldOf(foreignUser)).toBe('liaisonUserId');
    const notLiaison = await hub.post('/api/v1/grids', { name: '错网格', liaisonUserId: w.actors.unit1.userId });
    expect(fieldOf(notLiaison)).toBe('liaisonUserId');
    const taken = await hub.post('/api/v1/grids', { name: '华埠镇一网格' });
    expect(taken.statusCode).toBe(409);
    const unknownGrid = await send(hub, 'PUT', `/api/v1/enterprises/${w.enterprises.b}`, {
      gridId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownGrid.statusCode).toBe(400);
    expect(fieldOf(unknownGrid)).toBe('gridId');
  });

  it('keeps every condition record and answers the latest of each kind as current', async () => {
    const url = `/api/v1/enterprises/${w.enterprises.a}/conditions`;
    clock.set(new Date('2026-10-01T02:00:00Z'));
    expect(
      (await liaison.post(url, { kind: 'operations', text: '三季度产值800万元', period: '2026-Q3' })).statusCode,
    ).toBe(201);
    clock.set(new Date('2026-11-02T02:00:00Z'));
    const later = await liaison.post(url, { kind: 'operations', text: '十月产值300万元', period: '2026-10' });
    expect(later.statusCode).toBe(201);
    expect(later.json()).toMatchObject({ kind: 'operations', recordedByName: expect.any(String) });
    await hub.post(url, { kind: 'difficulties', text: '用工紧张' });

    const res = await liaison.get(url);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ current: Record<string, Cond | null>; history: Cond[] }>();
    expect(body.history.map((r) => r.text)).toEqual(['用工紧张', '十月产值300万元', '三季度产值800万元']);
    expect(body.current['operations']).toMatchObject({ text: '十月产值300万元', period: '2026-10' });
    expect(body.current['difficulties']?.text).toBe('用工紧张');
    expect(body.current['plans']).toBeNull();
  });

  it('keeps conditions to the enterprise’s liaison and the hub', async () => {
    const url = `/api/v1/enterprises/${w.enterprises.a}/conditions`;
    expect((await liaison2.get(url)).statusCode).toBe(404);
    expect((await liaison2.post(url, { kind: 'plans', text: '越权' })).statusCode).toBe(404);
    expect((await entA.get(url)).statusCode).toBe(403);
    expect((await unit1.post(url, { kind: 'plans', text: '越权' })).statusCode).toBe(403);
    const bad = await liaison.post(url, { kind: 'mood', text: '良好' });
    expect(bad.statusCode).toBe(400);
    const badPeriod = await liaison.post(url, { kind: 'plans', text: '扩产', period: '2026-13' });
    expect(badPeriod.statusCode).toBe(400);
  });

  it('flags key enterprises (the hub only) and filters the ledger by the flag and the grid', async () => {
    const flagged = await send(hub, 'PUT', `/api/v1/enterprises/${w.enterprises.a}`, { key: true });
    expect(flagged.json<Ent>().key).toBe(true);
    expect((await send(liaison, 'PUT', `/api/v1/enterprises/${w.enterprises.a}`, { key: false })).statusCode).toBe(403);
    expect(await ledgerIds(hub, '&key=true')).toEqual([w.enterprises.a]);
    expect(await ledgerIds(hub, '&key=false')).toEqual([w.enterprises.b]);
    expect(await ledgerIds(hub, `&gridId=${gridId}`)).toEqual([w.enterprises.a]);
  });
});
