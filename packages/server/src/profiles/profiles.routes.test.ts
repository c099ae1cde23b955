import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { presetProfiles } from './presets.js';

describe.each(ENGINES)('profile and calendar API on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let admin: Client;
  let hub: Client;

  beforeAll(async () => {
    handle = await engine.open();
    await seedWorld(handle.db);
    app = await testApp(handle, new ManualClock('2026-11-02T01:00:00Z'));
    admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const put = (client: Client, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'PUT',
      url,
      headers: { authorization: `Bearer ${client.token}`, ...headers },
      payload: payload as object,
    });

  it('stores a new profile version with who changed it, and names the fields of an invalid one in place', async () => {
    const yc = { ...presetProfiles().get('yc')!, code: 'ta' };
    const broken = { ...yc, clocks: [{ ...yc.clocks[1], duration: '2 hours' }] };
    const bad = await put(admin, '/api/v1/profile', { profile: broken, note: '错误示例' }, { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'clocks.0.duration' })]),
    );
    const wrongCode = await put(admin, '/api/v1/profile', { profile: { ...yc, code: 'zz' } });
    expect(wrongCode.json().error.field).toBe('code');

    expect((await put(hub, '/api/v1/profile', { profile: yc })).statusCode).toBe(403);
    const ok = await put(admin, '/api/v1/profile', { profile: yc, note: '采用峄城规则' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ code: 'ta', version: 1 });
    const again = await put(admin, '/api/v1/profile', { profile: { ...yc, name: '第二版' } });
    expect(again.json().version).toBe(2);

    const versions = (await hub.get('/api/v1/profile/versions')).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[1]).toMatchObject({ note: '采用峄城规则', createdByName: 'ta.admin' });
    expect((await hub.get('/api/v1/profile')).json().name).toBe('第二版');
    expect((await hub.get('/api/v1/profile/versions/1')).json().name).toBe(yc.name);
    expect((await hub.get('/api/v1/profile/versions/9')).statusCode).toBe(404);
    const check = await hub.post('/api/v1/profile/validate', broken);
    expect(check.json()).toMatchObject({
      valid: false,
      problems: [expect.objectContaining({ field: 'clocks.0.duration' })],
    });
  });

  it('applies local overrides and imported notices to due times', async () => {
    const due = async () =>
      (await hub.get('/api/v1/calendar/due?from=2026-12-30T10:00:00%2B08:00&duration=1wd')).json().dueAt as string;
    // Thu Dec 31 is the first working day after Wed Dec 30.
    expect(await due()).toBe('2026-12-31T17:30:00+08:00');
    expect(
      (await put(hub, '/api/v1/calendar/overrides/2026-12-31', { working: false, name: '本地调休' })).statusCode,
    ).toBe(403);
    expect(
      (await put(admin, '/api/v1/calendar/overrides/2026-12-31', { working: false, name: '本地调休' })).statusCode,
    ).toBe(200);
    // Dec 31 is now off and Jan 1 is 元旦 → Mon Jan 4 2027, a provisional-year weekday.
    expect(await due()).toBe('2027-01-04T17:30:00+08:00');

    const days = (await hub.get('/api/v1/calendar?from=2027-02-04&to=2027-02-12')).json();
    expect(days.find((d: { date: string }) => d.date === '2027-02-09')).toMatchObject({
      working: false,
      source: 'provisional',
    });
    const notice = await put(admin, '/api/v1/calendar/notices/2027', {
      days: [
        { date: '2027-01-01', working: false, name: '元旦' },
        { date: '2027-01-04', working: false, name: '元旦' },
      ],
    });
    expect(notice.json()).toEqual({ year: 2027, days: 2 });
    // With the notice, Jan 4 is off too → Tue Jan 5; the 2027 provisional days are gone (Feb 9 works).
    expect(await due()).toBe('2027-01-05T17:30:00+08:00');
    const after = (await hub.get('/api/v1/calendar?from=2027-02-09&to=2027-02-09')).json();
    expect(after[0]).toMatchObject({ working: true, source: 'weekday' });
    const wrongYear = await put(admin, '/api/v1/calendar/notices/2027', {
      days: [{ date: '2028-01-01', working: false }],
    });
    expect(wrongYear.statusCode).toBe(400);
    expect((await hub.get('/api/v1/calendar/due?from=2026-12-30T10:00:00%2B08:00&duration=one-day')).statusCode).toBe(
      400,
    );
  });
});
