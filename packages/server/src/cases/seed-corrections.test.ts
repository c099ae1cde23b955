import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';

/**
 * Rules of the five seeds that the product once read wrong, each checked on its own preset in
 * jurisdiction A of the test world (the preset is installed as A's profile before each group).
 */
describe.each(ENGINES)('seed rules on their presets on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  const clients: Record<string, Client> = {};

  /** Installs a preset as jurisdiction A's profile, as its admin would. */
  const usePreset = async (code: 'jhj' | 'kh' | 'yc' | 'tz' | 'fc') => {
    const preset = presetProfiles().get(code);
    if (!preset) throw new Error(`preset ${code} missing`);
    await handle.db
      .transaction()
      .execute((trx) =>
        storeProfile(trx, w.jurisdictionA, { ...preset, code: 'ta' }, { userId: null, at: clock.now() }),
      );
  };

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    w = await seedWorld(handle.db);
    deps = { db: handle.db, clock, pii: TEST_PII };
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, tokenTtlHours: 24 * 30 });
    for (const name of ['hub', 'unit1', 'head1', 'entA', 'discipline', 'leader']) {
      clients[name] = await loginAs(app, `ta.${name}`, TEST_PASSWORD);
    }
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });
  const client = (name: string): Client => {
    const c = clients[name];
    if (!c) throw new Error(`no client ${name}`);
    return c;
  };

  describe('rating scales are enforced (SPEC §10)', () => {
    it('refuses a 3 on 径河街’s two levels, naming the scores it has, and changes nothing', async () => {
      await usePreset('jhj');
      const id = await driveTo(deps, w, 'replied');
      const res = await client('entA').post(`/api/v1/cases/${id}/rate`, { score: 3 });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'RATING_NOT_ON_SCALE', field: 'score', scores: [5, 1] });
      expect(res.json().error.message).toContain('5（满意）、1（不满意）');
      const english = await client('entA').post(
        `/api/v1/cases/${id}/rate`,
        { score: 3 },
        { 'accept-language': 'en-US' },
      );
      expect(english.json().error.message).toContain('5 (Satisfied), 1 (Unsatisfied)');
      const view = (await client('hub').get(`/api/v1/cases/${id}`)).json();
      expect(view).toMatchObject({ status: 'replied', lastScore: null });
      const ok = await client('entA').post(`/api/v1/cases/${id}/rate`, { score: 5, comment: '满意' });
      expect(ok.json()).toMatchObject({ status: 'rated', lastScore: 5 });
    });

    it('refuses a 2 on 滕州’s four levels and takes its 1 as 不满意', async () => {
      await usePreset('tz');
      const id = await driveTo(deps, w, 'replied');
      const res = await client('entA').post(`/api/v1/cases/${id}/rate`, { score: 2 });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.scores).toEqual([5, 4, 3, 1]);
      const unsatisfied = await client('entA').post(`/api/v1/cases/${id}/rate`, { score: 1, comment: '未解决' });
      expect(unsatisfied.json()).toMatchObject({ status: 'redo', round: 2 });
      const events = (await client('hub').get(`/api/v1/cases/${id}/events`)).json<
        { type: string; payload: object }[]
      >();
      expect(events.at(-1)).toMatchObject({
        type: 'rated',
        payload: { score: 1, label: '不满意', satisfied: false, comment: '未解决' },
      });
    });
  });

  describe('the discipline commission sees what its profile says (seed 000 has none)', () => {
    it('does not open a 径河街 case rated unsatisfied to the commission, as 开化 does', async () => {
      await usePreset('jhj');
      const jhjCase = await driveTo(deps, w, 'redo');
      expect((await client('discipline').get(`/api/v1/cases/${jhjCase}`)).statusCode).toBe(404);
      const listed = (await client('discipline').get('/api/v1/cases?pageSize=200')).json<{ items: { id: string }[] }>();
      expect(listed.items.map((i) => i.id)).not.toContain(jhjCase);

      await usePreset('kh');
      const khCase = await driveTo(deps, w, 'redo');
      expect((await client('discipline').get(`/api/v1/cases/${khCase}`)).statusCode).toBe(200);
    });

    it('still opens a 径河街 case the commission itself is asked to supervise', async () => {
      await usePreset('jhj');
      const id = await driveTo(deps, w, 'redo');
      const res = await client('leader').post(`/api/v1/cases/${id}/escalate`, {
        to: 'discipline',
        reason: '多次不满意',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect((await client('discipline').get(`/api/v1/cases/${id}`)).statusCode).toBe(200);
    });
  });
});
