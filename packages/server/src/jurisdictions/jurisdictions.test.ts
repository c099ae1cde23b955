import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { presetProfiles } from '../profiles/presets.js';
import { ENGINES } from '../testing/engines.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import type { NewJurisdiction } from './jurisdictions.schemas.js';
import { addJurisdiction, listJurisdictions, setJurisdictionParent } from './jurisdictions.service.js';

const ZAOZHUANG: NewJurisdiction = {
  code: 'zz',
  name: '枣庄市',
  fullName: '山东省枣庄市',
  level: 'city',
  regionCode: '370400',
  preset: 'yc',
  adminUsername: 'zz.admin',
};

/** The field and the Chinese reason of a refused setup, or a failure when it was not refused. */
async function refusal(work: Promise<unknown>): Promise<{ field: unknown; zh: unknown }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected a refusal, got ${String(error)}`);
  expect(error.code).toBe('VALIDATION_FAILED');
  return { field: error.extra['field'], zh: error.extra['detailZh'] };
}

/**
 * A deployment adds a jurisdiction (a city platform above its counties) and says which is above
 * which: the new one runs a preset's rules under its own code, has the common category tree, a
 * hub unit and an administrator who signs in with the password shown once; a bad setup writes
 * nothing; a parent chain never loops; a county under the city hands a case up to it.
 */
describe.each(ENGINES)('setting up jurisdictions on $name', (engine) => {
  let handle: Db;
  let deps: Deps;
  let w: World;
  let app: FastifyInstance;
  let adminPassword: string;

  beforeAll(async () => {
    handle = await engine.open();
    deps = { db: handle.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
    w = await seedWorld(handle.db);
    app = await testApp(handle, deps.clock, { rateLimitPerMinute: 100_000 });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('sets up a city on a preset with its hub unit, categories and an administrator who can sign in', async () => {
    const added = await addJurisdiction(deps, ZAOZHUANG);
    adminPassword = added.admin.password;
    expect(added).toMatchObject({ code: 'zz', parentCode: null, hubUnit: '枣庄市营商环境服务中心' });
    expect(adminPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);

    const admin = await loginAs(app, 'zz.admin', adminPassword);
    const profile = (await admin.get('/api/v1/profile')).json<{ code: string; name: string; rating: unknown }>();
    expect(profile.code).toBe('zz');
    expect(profile.name).toBe('枣庄市');
    expect(profile.rating).toEqual(presetProfiles().get('yc')?.rating);
    const units = (await admin.get('/api/v1/units')).json<{ name: string; kind: string }[]>();
    expect(units).toEqual([expect.objectContaining({ name: '枣庄市营商环境服务中心', kind: 'hub' })]);
    const categories = (await admin.get('/api/v1/categories')).json<{ parentId: string | null }[]>();
    expect(categories.filter((c) => c.parentId === null).length).toBeGreaterThan(3);
    expect(categories.filter((c) => c.parentId !== null).length).toBeGreaterThan(categories.length / 2);
    // The county's own staff see nothing of the city.
    const countyAdmin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    const countyUnits = (await countyAdmin.get('/api/v1/units')).json<{ name: string }[]>();
    expect(countyUnits.map((u) => u.name)).not.toContain('枣庄市营商环境服务中心');
  });

  it('refuses a bad setup with the field and its reason, and writes nothing', async () => {
    const before = (await listJurisdictions(deps)).length;
    const cases: [Partial<NewJurisdiction>, string, RegExp][] = [
      [{ code: 'ta', adminUsername: 'x1.admin' }, 'code', /已被使用/],
      [{ code: 'x2', adminUsername: 'ta.admin' }, 'adminUsername', /已被使用/],
      [{ code: 'x3', adminUsername: 'x3.admin', level: 'street' }, 'regionCode', /9 位/],
      [{ code: 'x4', adminUsername: 'x4.admin', preset: 'nowhere' }, 'preset', /没有预置规则「nowhere」，可选：/],
      [{ code: 'x5', adminUsername: 'x5.admin', profile: { code: 'x5' } }, 'preset', /只能给出一个/],
      [{ code: 'x6', adminUsername: 'x6.admin', parentCode: 'nowhere' }, 'parentCode', /没有代码为「nowhere」的辖区/],
      [{ code: 'X7', adminUsername: 'x7.admin' }, 'code', /小写/],
      // A profile document is checked like the admin's: the first rule it lacks is named.
      [{ code: 'x8', adminUsername: 'x8.admin', preset: undefined, profile: { code: 'x8' } }, 'calendar', /./],
    ];
    for (const [change, field, reason] of cases) {
      const refused = await refusal(addJurisdiction(deps, { ...ZAOZHUANG, ...change }));
      expect(refused.field, JSON.stringify(change)).toBe(field);
      expect(String(refused.zh)).toMatch(reason);
    }
    expect(await listJurisdictions(deps)).toHaveLength(before);
    const leftovers = await handle.db
      .selectFrom('users')
      .select('username')
      .where('username', 'like', 'x%.admin')
      .execute();
    expect(leftovers).toEqual([]);
  });

  it('puts counties under the city, refuses a loop, and the county hands a case up to it', async () => {
    expect(await setJurisdictionParent(deps, 'ta', 'zz')).toEqual({ code: 'ta', parentCode: 'zz' });
    const listed = await listJurisdictions(deps);
    expect(listed.find((j) => j.code === 'ta')).toMatchObject({ parentCode: 'zz' });
    expect(listed.find((j) => j.code === 'zz')).toMatchObject({
      parentCode: null,
      users: 1,
      cases: 0,
      profileVersion: 1,
    });

    expect((await refusal(setJurisdictionParent(deps, 'zz', 'ta'))).zh).toMatch(/不能成为其上级/);
    expect((await refusal(setJurisdictionParent(deps, 'zz', 'zz'))).zh).toMatch(/不能成为其上级/);
    expect((await refusal(setJurisdictionParent(deps, 'nowhere', 'zz'))).field).toBe('code');

    const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
    const filed = await hub.post('/api/v1/cases', {
      title: '跨县排水',
      content: '县级层面无法协调',
      enterpriseId: w.enterprises.a,
    });
    const id = filed.json<{ id: string }>().id;
    expect((await hub.post(`/api/v1/cases/${id}/accept`, {})).statusCode).toBe(200);
    const up = await hub.post(`/api/v1/cases/${id}/hand-up`, { reason: '需市级统筹' });
    expect(up.statusCode, up.body).toBe(200);
    expect((await listJurisdictions(deps)).find((j) => j.code === 'zz')).toMatchObject({ cases: 1 });

    // On its own again, the county has nowhere to hand a case up to.
    expect(await setJurisdictionParent(deps, 'ta', null)).toEqual({ code: 'ta', parentCode: null });
    const second = await hub.post('/api/v1/cases', { title: '第二件', content: '测试', enterpriseId: w.enterprises.a });
    const secondId = second.json<{ id: string }>().id;
    await hub.post(`/api/v1/cases/${secondId}/accept`, {});
    const refused = await hub.post(`/api/v1/cases/${secondId}/hand-up`, { reason: '需市级统筹' });
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('HANDUP_NO_PARENT');
  });
});
