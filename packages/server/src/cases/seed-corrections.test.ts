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

  /** A case of enterprise A filed and dispatched to dept1 at a Shanghai wall-clock time. */
  const dispatchedAt = async (local: string, body: Record<string, unknown>) => {
    clock.set(new Date(`${local.replace(' ', 'T')}:00+08:00`));
    const filed = await client('entA').post('/api/v1/cases', { title: '厂区道路破损', content: '请协调修复道路' });
    const id = filed.json<{ id: string }>().id;
    const res = await client('hub').post(`/api/v1/cases/${id}/dispatch`, { leadUnitId: w.units.dept1, ...body });
    return { id, res };
  };
  const resolveClock = (view: { clocks: { milestone: string; duration: string; dueAt: string }[] }) =>
    view.clocks.find((c) => c.milestone === 'resolve');

  describe('开化 "一般不过夜、最多过一夜" counts the day of dispatch (seed 001 二（二）2)', () => {
    it('gives a simple case dispatched Monday 10:00 until Monday 17:30, a general one until Tuesday', async () => {
      await usePreset('kh');
      const simple = await dispatchedAt('2026-11-02 10:00', { complexity: 'simple' });
      expect(resolveClock(simple.res.json())).toMatchObject({ duration: '1wdr', dueAt: '2026-11-02T09:30:00.000Z' });
      const general = await dispatchedAt('2026-11-02 10:00', { complexity: 'general' });
      expect(resolveClock(general.res.json())).toMatchObject({ duration: '2wdr', dueAt: '2026-11-03T09:30:00.000Z' });
      // Dispatched after close of business, the next working day is the first one counted.
      const late = await dispatchedAt('2026-11-02 18:00', { complexity: 'simple' });
      expect(resolveClock(late.res.json())).toMatchObject({ dueAt: '2026-11-03T09:30:00.000Z' });
    });
  });

  describe('涪城 "一般诉求事项视情况限时5-15个工作日内办结" (seed 004 三（三）1)', () => {
    it('lets the hub choose the limit within 5–15 working days, 15 when it chooses none', async () => {
      await usePreset('fc');
      const chosen = await dispatchedAt('2026-11-02 11:00', { complexity: 'general', limit: '10wd' });
      expect(chosen.res.statusCode, chosen.res.body).toBe(200);
      // Nov 3–6 (4), 9–13 (9), 16 (10) → Mon 11-16 17:30.
      expect(resolveClock(chosen.res.json())).toMatchObject({ duration: '10wd', dueAt: '2026-11-16T09:30:00.000Z' });
      const events = (await client('hub').get(`/api/v1/cases/${chosen.id}/events`)).json<
        { type: string; payload: object }[]
      >();
      expect(events.at(-1)).toMatchObject({ type: 'dispatched', payload: { limit: '10wd' } });
      const none = await dispatchedAt('2026-11-02 11:00', { complexity: 'general' });
      expect(resolveClock(none.res.json())).toMatchObject({ duration: '5-15wd', dueAt: '2026-11-23T09:30:00.000Z' });
    });

    it('refuses a limit outside the range, or where the limit is fixed, and dispatches nothing', async () => {
      await usePreset('fc');
      const outside = await dispatchedAt('2026-11-02 11:00', { complexity: 'general', limit: '20wd' });
      expect(outside.res.statusCode).toBe(400);
      expect(outside.res.json().error).toMatchObject({ field: 'limit' });
      expect(outside.res.json().error.message).toContain('5–15');
      expect((await client('hub').get(`/api/v1/cases/${outside.id}`)).json().status).toBe('submitted');
      const fixed = await dispatchedAt('2026-11-02 11:00', { complexity: 'complex', limit: '20wd' });
      expect(fixed.res.statusCode).toBe(400);
      expect(fixed.res.json().error.field).toBe('limit');
    });
  });

  describe('径河街 "再次派单" (seed 000 三（五）)', () => {
    it('sends an unsatisfied case back to the hub, which dispatches it to another unit with a new limit', async () => {
      await usePreset('jhj');
      const id = await driveTo(deps, w, 'replied');
      const rated = await client('entA').post(`/api/v1/cases/${id}/rate`, { score: 1, comment: '没解决' });
      expect(rated.json()).toMatchObject({ status: 'screening', round: 2, leadUnit: null });
      expect(rated.json().clocks).toEqual(
        expect.arrayContaining([expect.objectContaining({ milestone: 'screening', round: 2, state: 'running' })]),
      );
      const again = await client('hub').post(`/api/v1/cases/${id}/dispatch`, {
        leadUnitId: w.units.dept2,
        complexity: 'simple',
        note: '原承办单位未解决，改由二局办理',
      });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({ status: 'dispatched', round: 2, leadUnit: { id: w.units.dept2 } });
      const resolve = again
        .json()
        .clocks.find((c: { milestone: string; round: number }) => c.milestone === 'resolve' && c.round === 2);
      expect(resolve).toMatchObject({ state: 'running', duration: '2wd' });
      // The new unit may return a misrouted case in the redo round.
      const unit2 = await loginAs(app, 'ta.unit2', TEST_PASSWORD);
      const returned = await unit2.post(`/api/v1/cases/${id}/return`, { reason: '非本单位职责' });
      expect(returned.json()).toMatchObject({ status: 'returned', round: 2 });
      const chain = (await client('hub').get(`/api/v1/cases/${id}/chain`)).json();
      expect(chain.intact).toBe(true);
    });
  });

  describe('no review step where the seed names none; the hub closes an unsatisfied case with a reason', () => {
    it('keeps 开化’s twice-unsatisfied case with its unit, and lets the hub close it only with a reason', async () => {
      await usePreset('kh');
      const id = await driveTo(deps, w, 'replied');
      expect((await client('entA').post(`/api/v1/cases/${id}/rate`, { score: 1 })).json().status).toBe('redo');
      const tooEarly = await client('hub').post(`/api/v1/cases/${id}/close`, { reason: '已尽力' });
      expect(tooEarly.statusCode).toBe(409);
      expect(tooEarly.json().error).toMatchObject({ code: 'UNSATISFIED_CLOSE_NOT_ALLOWED', currentStatus: 'redo' });
      await client('unit1').post(`/api/v1/cases/${id}/reply`, { result: 'partly', text: '再次协调' });
      const second = await client('entA').post(`/api/v1/cases/${id}/rate`, { score: 1, comment: '仍未解决' });
      expect(second.json()).toMatchObject({ status: 'redo', round: 3, unsatisfiedRounds: 2 });
      const noReason = await client('hub').post(`/api/v1/cases/${id}/close`, {});
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.field).toBe('reason');
      const closed = await client('hub').post(`/api/v1/cases/${id}/close`, {
        reason: '诉求涉及规划调整，超出本级权限，已向企业说明并纳入年度计划',
      });
      expect(closed.json()).toMatchObject({ status: 'closed' });
      const events = (await client('hub').get(`/api/v1/cases/${id}/events`)).json<
        { type: string; payload: object }[]
      >();
      expect(events.at(-1)).toMatchObject({
        type: 'closed',
        payload: {
          reason: '诉求涉及规划调整，超出本级权限，已向企业说明并纳入年度计划',
          unsatisfied: true,
          unsatisfiedRounds: 2,
        },
      });
    });

    it('sends 滕州’s twice-unsatisfied case to review, whose seed names one', async () => {
      await usePreset('tz');
      const id = await driveTo(deps, w, 'review');
      expect((await client('hub').get(`/api/v1/cases/${id}`)).json().status).toBe('review');
      const closing = await client('hub').post(`/api/v1/cases/${id}/close`, { reason: '直接销号' });
      expect(closing.statusCode).toBe(409);
    });
  });
});
