import { describe, expect, it, onTestFinished } from 'vitest';
import type { CaseCommand } from '@qisu/core';
import { runCaseCommand } from '../cases/commands/run-command.js';
import type { CaseViewDto } from '../cases/cases.schemas.js';
import type { CommandBodies } from '../cases/commands/registry.js';
import { createCase, getCase, getCaseEvents } from '../cases/cases.service.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import type { TestEngine } from '../testing/engines.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { sweepDue } from './sweep.service.js';
import { TEST_PII } from '../testing/pii.js';

/**
 * One scenario per seed, walking the seed's text with a fake clock. Every instant is written as
 * Shanghai wall-clock time ('2026-11-06 15:00'); every expected due time is worked out by hand in
 * the comment next to it, with the common working hours of the presets (winter from 10-01:
 * 08:30–12:00 and 14:00–17:30; summer until 09-30: 08:30–12:00 and 14:30–18:00) and the 2026
 * arrangement (国庆 10-01…10-07 off, Saturday 10-10 a working day). November 2026 has no holiday.
 */

type ActorKey = keyof World['actors'];
type ClockView = CaseViewDto['clocks'][number];
interface CardRow {
  case_id: string | null;
  unit_id: string;
  colour: string;
  clock_id: string | null;
  escalation: string | null;
}

/** A Shanghai wall-clock minute, `YYYY-MM-DD HH:MM`, as an instant. */
const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);
/** The same, as the API prints due times (ISO, UTC). */
const iso = (local: string): string => at(local).toISOString();
const NOTHING = { warned: 0, breached: 0, cards: 0, handoffs: 0 };

interface Scenario {
  handle: Db;
  deps: Deps;
  clock: ManualClock;
  w: World;
  /** Enterprise A files a case at `when`. */
  file(when: string, title?: string): Promise<string>;
  /** Sets the clock to `when`, then runs one named command. */
  run<C extends CaseCommand>(
    when: string,
    actor: ActorKey,
    id: string,
    command: C,
    body: CommandBodies[C],
  ): Promise<CaseViewDto>;
  /** Sets the clock to `when`, then sweeps every due clock. */
  sweep(when: string): ReturnType<typeof sweepDue>;
  /** The case's clocks as the hub sees them (cancelled ones are not shown). */
  clocks(id: string): Promise<ClockView[]>;
  /** The one shown clock of a milestone (in a round, when given). */
  clockOf(id: string, milestone: string, round?: number): Promise<ClockView>;
  /** Events of a type, of one case or of the whole jurisdiction. */
  events(type: string, caseId?: string): Promise<{ case_id: string | null; payload: Record<string, unknown> }[]>;
  /** Outbox rows of the sweep and the rating; the notices every command queues are tested in notifications/. */
  outbox(topic?: string): Promise<{ topic: string; recipient_kind: string; recipient: string; payload: unknown }[]>;
  cards(caseId?: string): Promise<CardRow[]>;
}

/** A fresh database with the test world, whose jurisdiction 'ta' runs the preset of a seed. */
async function scenario(engine: TestEngine, preset: string): Promise<Scenario> {
  const handle = await engine.open();
  onTestFinished(() => handle.close());
  const w = await seedWorld(handle.db);
  const clock = new ManualClock(at('2026-09-01 08:00'));
  const deps: Deps = { db: handle.db, clock, pii: TEST_PII };
  const document = presetProfiles().get(preset);
  if (!document) throw new Error(`preset ${preset} missing`);
  await handle.db
    .transaction()
    .execute((trx) =>
      storeProfile(trx, w.jurisdictionA, { ...document, code: 'ta' }, { userId: null, at: clock.now() }),
    );
  const db = handle.db;
  const s: Scenario = {
    handle,
    deps,
    clock,
    w,
    async file(when, title = '厂区门前道路破损影响货车通行') {
      clock.set(at(when));
      return (await createCase(deps, w.actors.entA, { title, content: '我公司门前道路破损，请协调修复。' })).id;
    },
    run(when, actor, id, command, body) {
      clock.set(at(when));
      return runCaseCommand(deps, w.actors[actor], id, command, body);
    },
    sweep(when) {
      clock.set(at(when));
      return sweepDue(deps);
    },
    async clocks(id) {
      return (await getCase(deps, w.actors.hub, id)).clocks;
    },
    async clockOf(id, milestone, round) {
      const list = (await s.clocks(id)).filter(
        (c) => c.milestone === milestone && (round === undefined || c.round === round),
      );
      expect(list, `${milestone} clocks`).toHaveLength(1);
      return list[0]!;
    },
    async events(type, caseId) {
      let q = db.selectFrom('events').select(['case_id', 'payload']).where('type', '=', type);
      if (caseId) q = q.where('case_id', '=', caseId);
      return q.orderBy('seq').execute();
    },
    async outbox(topic) {
      let q = db
        .selectFrom('outbox')
        .select(['topic', 'recipient_kind', 'recipient', 'payload'])
        .where('recipient_kind', '<>', 'case');
      if (topic) q = q.where('topic', '=', topic);
      return q.orderBy('id').execute();
    },
    async cards(caseId) {
      let q = db.selectFrom('cards').select(['case_id', 'unit_id', 'colour', 'clock_id', 'escalation']);
      if (caseId) q = q.where('case_id', '=', caseId);
      return q.orderBy('issued_at').orderBy('colour', 'desc').execute();
    },
  };
  return s;
}

describe.each(ENGINES)('seed scenarios on $name', (engine) => {
  describe('002 峄城区 "2151" and the yellow / red lights', () => {
    it('holds a Friday-afternoon dispatch to 2 h, 1 day and 5 working days, then cards a missed feedback once', async () => {
      const s = await scenario(engine, 'yc');
      const { w } = s;
      // Screening `immediate` (即时转至承办单位) = 1 working hour: Fri 14:50 → 15:50.
      const id = await s.file('2026-11-06 14:50');
      expect((await s.clockOf(id, 'screening')).dueAt).toBe(iso('2026-11-06 15:50'));

      await s.run('2026-11-06 15:00', 'hub', id, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'general' });
      expect(await s.clockOf(id, 'screening')).toMatchObject({ state: 'met', metAt: iso('2026-11-06 15:00') });
      // contact 2wh: Fri 15:00 + 2 working hours, inside the 14:00–17:30 period → Fri 17:00; warned half way, 16:00
      // (no break lies between, so half of the elapsed time and half of the working time agree).
      expect(await s.clockOf(id, 'contact')).toMatchObject({
        duration: '2wh',
        state: 'running',
        unitId: w.units.dept1,
        dueAt: iso('2026-11-06 17:00'),
        warnAt: iso('2026-11-06 16:00'),
      });
      // feedback 1d: the 1st calendar day after Friday is Saturday 11-07, not a working day, so it moves to the
      // next working day (民法典 art. 203) Monday 11-09, at close of business 17:30. Warning 4 working hours
      // before: 17:30 back to 14:00 is 3.5 h, the lunch break 12:00–14:00 does not count, 12:00 back 0.5 h → 11:30.
      const feedback = await s.clockOf(id, 'feedback');
      expect(feedback).toMatchObject({
        duration: '1d',
        state: 'running',
        dueAt: iso('2026-11-09 17:30'),
        warnAt: iso('2026-11-09 11:30'),
      });
      // resolve 5wd: counted from the next working day, Mon 9, Tue 10, Wed 11, Thu 12, Fri 13 → Fri 11-13 17:30.
      expect(await s.clockOf(id, 'resolve')).toMatchObject({ duration: '5wd', dueAt: iso('2026-11-13 17:30') });

      // The unit signs and contacts the enterprise within the 2 hours.
      await s.run('2026-11-06 15:30', 'unit1', id, 'sign', {});
      await s.run('2026-11-06 16:00', 'unit1', id, 'contact', { note: '已电话联系企业并约定到场' });
      expect(await s.clockOf(id, 'contact')).toMatchObject({ state: 'met', metAt: iso('2026-11-06 16:00') });

      // No feedback. A minute before the warning nothing is due; at Mon 11:30 exactly one warning.
      expect(await s.sweep('2026-11-09 11:29')).toEqual(NOTHING);
      expect(await s.sweep('2026-11-09 11:30')).toEqual({ ...NOTHING, warned: 1 });
      expect(await s.clockOf(id, 'feedback')).toMatchObject({ state: 'warned', warnedAt: iso('2026-11-09 11:30') });
      const warned = await s.events('clock_warned');
      expect(warned).toHaveLength(1);
      expect(warned[0]).toMatchObject({ case_id: id, payload: { milestone: 'feedback', clockId: feedback.id } });
      expect(await s.outbox()).toHaveLength(1);
      expect((await s.outbox())[0]).toMatchObject({
        topic: 'clock.warned',
        recipient_kind: 'unit',
        recipient: w.units.dept1,
      });

      // Mon 17:30 passes: 黄灯亮牌 for dept1, the platform supervises, and the unit gets 1 working day more:
      // a supervision clock from Mon 17:31 (after close of business) to the next working day Tue 11-10 17:30.
      expect(await s.sweep('2026-11-09 17:29')).toEqual(NOTHING);
      expect(await s.sweep('2026-11-09 17:31')).toEqual({ ...NOTHING, breached: 1, cards: 1 });
      expect(await s.clockOf(id, 'feedback')).toMatchObject({ state: 'breached', breachedAt: iso('2026-11-09 17:31') });
      expect(await s.cards()).toEqual([
        { case_id: id, unit_id: w.units.dept1, colour: 'yellow', clock_id: feedback.id, escalation: null },
      ]);
      const supervisions = await s.handle.db.selectFrom('supervisions').selectAll().where('case_id', '=', id).execute();
      expect(supervisions).toHaveLength(1);
      expect(supervisions[0]).toMatchObject({
        by_whom: 'platform',
        actor_id: null,
        instruction: '黄灯亮牌：请于 2026-11-10 17:30 前反馈办理情况',
      });
      const supervision = await s.clockOf(id, 'supervision');
      expect(supervision).toMatchObject({
        state: 'running',
        unitId: w.units.dept1,
        duration: '1wd',
        dueAt: iso('2026-11-10 17:30'),
      });
      expect(await s.events('clock_breached')).toHaveLength(1);
      expect((await s.outbox()).map((o) => o.topic)).toEqual(['clock.warned', 'clock.breached']);
      // Discipline sees nothing yet: the case is not flagged.
      await expect(getCase(s.deps, w.actors.discipline, id)).rejects.toMatchObject({ status: 404 });

      // Still no feedback one working day after the supervision: 红灯亮牌 and 转纪委监委 (redCardTo: discipline).
      expect(await s.sweep('2026-11-10 17:29')).toEqual(NOTHING);
      expect(await s.sweep('2026-11-10 17:31')).toEqual({ ...NOTHING, breached: 1, cards: 1, handoffs: 1 });
      expect(await s.clockOf(id, 'supervision')).toMatchObject({ state: 'breached' });
      expect((await s.cards()).map((c) => [c.colour, c.unit_id, c.clock_id])).toEqual([
        ['yellow', w.units.dept1, feedback.id],
        ['red', w.units.dept1, supervision.id],
      ]);
      const handedOff = await s.events('handed_off');
      expect(handedOff).toHaveLength(1);
      expect(handedOff[0]).toMatchObject({ case_id: id, payload: { to: 'discipline', reason: 'red_card' } });
      expect(await s.outbox('handoff.discipline')).toEqual([
        expect.objectContaining({ recipient_kind: 'role', recipient: 'discipline' }),
      ]);
      const flagged = await s.handle.db
        .selectFrom('cases')
        .select('discipline_flag')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(flagged.discipline_flag).toBe(true);
      expect((await getCase(s.deps, w.actors.discipline, id)).id).toBe(id);

      // Exactly once: sweeping again changes nothing.
      const counts = async () => ({
        events: (await s.handle.db.selectFrom('events').select('id').execute()).length,
        outbox: (await s.outbox()).length,
        cards: (await s.cards()).length,
      });
      const before = await counts();
      expect(before).toEqual({ events: expect.any(Number), outbox: 4, cards: 2 });
      expect(await s.sweep('2026-11-11 09:00')).toEqual(NOTHING);
      expect(await counts()).toEqual(before);

      // The unit finally replies (late) and the enterprise rates; the revisit clock 1d runs from the reply,
      // Wed 11-11 10:00 → the next calendar day Thu 11-12, a working day → 17:30 (办结后 1 日内回访).
      const replied = await s.run('2026-11-11 10:00', 'unit1', id, 'reply', { result: 'solved', text: '道路已修复' });
      expect(replied.status).toBe('replied');
      expect(await s.clockOf(id, 'feedback')).toMatchObject({
        state: 'met',
        metAt: iso('2026-11-11 10:00'),
        breachedAt: iso('2026-11-09 17:31'),
      });
      expect(await s.clockOf(id, 'supervision')).toMatchObject({ state: 'met' });
      expect(await s.clockOf(id, 'resolve')).toMatchObject({ state: 'met', breachedAt: null });
      expect(await s.clockOf(id, 'revisit')).toMatchObject({
        duration: '1d',
        state: 'running',
        startedAt: iso('2026-11-11 10:00'),
        dueAt: iso('2026-11-12 17:30'),
      });
      expect((await s.run('2026-11-11 14:00', 'entA', id, 'rate', { score: 5 })).status).toBe('rated');
      await s.run('2026-11-12 09:30', 'hub', id, 'revisit', { method: 'phone', note: '企业确认已修复' });
      expect(await s.clockOf(id, 'revisit')).toMatchObject({ state: 'met', metAt: iso('2026-11-12 09:30') });
      expect((await s.run('2026-11-12 10:00', 'hub', id, 'close', {})).status).toBe('closed');
      expect(await s.sweep('2026-11-20 09:00')).toEqual(NOTHING);
    });

    it('meets a feedback given after the warning but before the day ends, with no card', async () => {
      const s = await scenario(engine, 'yc');
      const id = await s.file('2026-11-06 14:50');
      await s.run('2026-11-06 15:00', 'hub', id, 'dispatch', { leadUnitId: s.w.units.dept1 });
      await s.run('2026-11-06 15:30', 'unit1', id, 'sign', {});
      await s.run('2026-11-06 16:00', 'unit1', id, 'contact', { note: '已到现场' });
      // Warned at Mon 11:30 as above, then feedback at Mon 14:00, before the 17:30 due.
      expect(await s.sweep('2026-11-09 11:30')).toEqual({ ...NOTHING, warned: 1 });
      await s.run('2026-11-09 14:00', 'unit1', id, 'feedback', { text: '初步意见：已联系施工队' });
      expect(await s.clockOf(id, 'feedback')).toMatchObject({
        state: 'met',
        metAt: iso('2026-11-09 14:00'),
        warnedAt: iso('2026-11-09 11:30'),
        breachedAt: null,
      });
      expect(await s.sweep('2026-11-09 17:31')).toEqual(NOTHING);
      expect(await s.sweep('2026-11-10 17:31')).toEqual(NOTHING);
      expect(await s.cards()).toEqual([]);
      expect(await s.events('clock_breached')).toEqual([]);
      expect(await s.handle.db.selectFrom('supervisions').select('id').execute()).toEqual([]);
    });

    it('spares the red light when the feedback comes within the supervision day', async () => {
      const s = await scenario(engine, 'yc');
      const id = await s.file('2026-11-06 14:50');
      await s.run('2026-11-06 15:00', 'hub', id, 'dispatch', { leadUnitId: s.w.units.dept1 });
      await s.run('2026-11-06 15:30', 'unit1', id, 'sign', {});
      await s.run('2026-11-06 16:00', 'unit1', id, 'contact', { note: '已到现场' });
      // Nobody swept at the 11:30 warning; the first sweep after 17:30 goes straight to the breach and the yellow.
      expect(await s.sweep('2026-11-09 17:31')).toEqual({ ...NOTHING, breached: 1, cards: 1 });
      expect(await s.events('clock_warned')).toEqual([]);
      expect(await s.clockOf(id, 'supervision')).toMatchObject({ dueAt: iso('2026-11-10 17:30') });
      // The feedback arrives Tue 10:00, within the supervision's working day: both clocks are met, no red light.
      await s.run('2026-11-10 10:00', 'unit1', id, 'feedback', { text: '初步意见：已安排施工' });
      expect(await s.clockOf(id, 'feedback')).toMatchObject({ state: 'met', breachedAt: iso('2026-11-09 17:31') });
      expect(await s.clockOf(id, 'supervision')).toMatchObject({ state: 'met', metAt: iso('2026-11-10 10:00') });
      expect(await s.sweep('2026-11-10 17:31')).toEqual(NOTHING);
      expect((await s.cards()).map((c) => c.colour)).toEqual(['yellow']);
      expect(await s.events('handed_off')).toEqual([]);
      await expect(getCase(s.deps, s.w.actors.discipline, id)).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('003 滕州市 cards, redo rounds and plans', () => {
    /** Files a case at `day` 08:50, dispatches it at 09:00 to dept1, signs at 09:10 and contacts at 09:30. */
    const handled = async (s: Scenario, day: string): Promise<string> => {
      const id = await s.file(`${day} 08:50`);
      await s.run(`${day} 09:00`, 'hub', id, 'dispatch', { leadUnitId: s.w.units.dept1, complexity: 'general' });
      await s.run(`${day} 09:10`, 'unit1', id, 'sign', {});
      // contact `immediate` (立即) = 1 working hour: due 10:00, met at 09:30.
      await s.run(`${day} 09:30`, 'unit1', id, 'contact', { note: '已明确专人对接' });
      return id;
    };

    it('turns two consecutive yellows into a red (deputy head) and two consecutive reds into the leader', async () => {
      const s = await scenario(engine, 'tz');
      const { w } = s;
      // resolve 5wd from four successive days, each at 17:30 five working days later:
      // Mon 11-02 → Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 → Mon 11-09; Tue 11-03 → Tue 11-10; Wed → Wed 11-11; Thu → Thu 11-12.
      const a1 = await handled(s, '2026-11-02');
      const a2 = await handled(s, '2026-11-03');
      const a3 = await handled(s, '2026-11-04');
      const a4 = await handled(s, '2026-11-05');
      expect((await s.clockOf(a1, 'contact')).state).toBe('met');
      const due = await Promise.all([a1, a2, a3, a4].map(async (id) => (await s.clockOf(id, 'resolve')).dueAt));
      expect(due).toEqual([
        iso('2026-11-09 17:30'),
        iso('2026-11-10 17:30'),
        iso('2026-11-11 17:30'),
        iso('2026-11-12 17:30'),
      ]);

      // 1st breach: a yellow card. (Its warning at Mon 11:30 was never swept; the breach supersedes it.)
      expect(await s.sweep('2026-11-09 17:31')).toEqual({ ...NOTHING, breached: 1, cards: 1 });
      expect((await s.cards()).map((c) => [c.case_id, c.colour])).toEqual([[a1, 'yellow']]);

      // 2nd consecutive breach of the same unit, on another case: yellow, and a red with the deputy head's interview.
      expect(await s.sweep('2026-11-10 17:31')).toEqual({ ...NOTHING, breached: 1, cards: 2 });
      expect(await s.cards(a2)).toEqual([
        expect.objectContaining({ colour: 'yellow', unit_id: w.units.dept1, escalation: null }),
        expect.objectContaining({ colour: 'red', unit_id: w.units.dept1, escalation: 'interview_deputy_head' }),
      ]);
      const issued = await s.events('card_issued');
      expect(issued).toHaveLength(1);
      expect(issued[0]).toMatchObject({ case_id: a2, payload: { colour: 'red', escalation: 'interview_deputy_head' } });
      expect(await s.outbox('card.red')).toEqual([
        expect.objectContaining({ recipient_kind: 'unit', recipient: w.units.dept1 }),
      ]);
      expect(await s.events('handed_off')).toEqual([]);

      // 3rd breach: the yellow run starts again at 1; 4th: yellow + red, the 2nd consecutive red → the leader.
      expect(await s.sweep('2026-11-11 17:31')).toEqual({ ...NOTHING, breached: 1, cards: 1 });
      expect(await s.sweep('2026-11-12 17:31')).toEqual({ ...NOTHING, breached: 1, cards: 2, handoffs: 1 });
      const cards = await s.cards();
      expect(cards.filter((c) => c.colour === 'yellow')).toHaveLength(4);
      expect(cards.filter((c) => c.colour === 'red').map((c) => c.case_id)).toEqual([a2, a4]);
      const handedOff = await s.events('handed_off');
      expect(handedOff).toHaveLength(1);
      expect(handedOff[0]).toMatchObject({ case_id: a4, payload: { to: 'leader', unitId: w.units.dept1 } });
      expect(await s.outbox('handoff.leader')).toEqual([
        expect.objectContaining({ recipient_kind: 'role', recipient: 'leader' }),
      ]);
      expect(await s.sweep('2026-11-13 09:00')).toEqual(NOTHING);
    });

    it('breaks the run of yellows with a reply in time (绿牌)', async () => {
      const s = await scenario(engine, 'tz');
      const b1 = await handled(s, '2026-11-02'); // resolve due Mon 11-09 17:30
      const b2 = await handled(s, '2026-11-03'); // due Tue 11-10 17:30
      const b3 = await handled(s, '2026-11-04'); // due Wed 11-11 17:30
      expect(await s.sweep('2026-11-09 17:31')).toEqual({ ...NOTHING, breached: 1, cards: 1 });
      // b2 replied Tue 10:00, before its 17:30 due (and before its 11:30 warning).
      await s.run('2026-11-10 10:00', 'unit1', b2, 'reply', { result: 'solved', text: '已按时办结' });
      expect(await s.clockOf(b2, 'resolve')).toMatchObject({ state: 'met', breachedAt: null });
      expect(await s.sweep('2026-11-11 17:31')).toEqual({ ...NOTHING, breached: 1, cards: 1 });
      expect((await s.cards()).map((c) => [c.case_id, c.colour])).toEqual([
        [b1, 'yellow'],
        [b3, 'yellow'],
      ]);
      expect(await s.events('card_issued')).toEqual([]);
    });

    it('sends a case unsatisfied twice to review; close is illegal until the hub reviews it', async () => {
      const s = await scenario(engine, 'tz');
      const id = await handled(s, '2026-11-02');
      await s.run('2026-11-04 10:00', 'unit1', id, 'reply', { result: 'partly', text: '部分解决' });
      const first = await s.run('2026-11-04 15:00', 'entA', id, 'rate', { score: 1, comment: '不满意' });
      expect(first).toMatchObject({ status: 'redo', round: 2, unsatisfiedRounds: 1 });
      // redo 3wd (当日退回，3 个工作日内办理): from Wed 11-04 → Thu 5, Fri 6, Mon 9 → Mon 11-09 17:30, round 2.
      expect(await s.clockOf(id, 'redo', 2)).toMatchObject({
        state: 'running',
        unitId: s.w.units.dept1,
        duration: '3wd',
        startedAt: iso('2026-11-04 15:00'),
        dueAt: iso('2026-11-09 17:30'),
      });
      await s.run('2026-11-06 10:00', 'unit1', id, 'reply', { result: 'solved', text: '重新办理完毕' });
      expect(await s.clockOf(id, 'redo', 2)).toMatchObject({ state: 'met', metAt: iso('2026-11-06 10:00') });
      const second = await s.run('2026-11-06 14:00', 'entA', id, 'rate', { score: 1, comment: '仍不满意' });
      expect(second).toMatchObject({ status: 'review', round: 2, unsatisfiedRounds: 2 });
      await expect(s.run('2026-11-06 15:00', 'hub', id, 'close', {})).rejects.toMatchObject({
        status: 409,
        code: 'CASE_ILLEGAL_TRANSITION',
        extra: { currentStatus: 'review' },
      });
      expect((await getCase(s.deps, s.w.actors.hub, id)).status).toBe('review');
      // 滕州 requires the 不满意诉求审核反馈表, signed by the unit's head, before the task force decides.
      await expect(
        s.run('2026-11-06 15:10', 'hub', id, 'review', { decision: 'close', opinion: '专班核查' }),
      ).rejects.toMatchObject({ status: 409, code: 'REVIEW_FORM_REQUIRED' });
      await expect(
        s.run('2026-11-06 15:20', 'unit1', id, 'review-form', { statement: '已两次办理', signedBy: '王局长' }),
      ).rejects.toMatchObject({ status: 403 });
      await s.run('2026-11-06 15:30', 'head1', id, 'review-form', {
        statement: '已两次上门办理，受规划条件限制只能部分解决',
        signedBy: '王局长',
      });
      const reviewed = await s.run('2026-11-06 16:00', 'hub', id, 'review', {
        decision: 'close',
        opinion: '专班核查：已依法依规办理，予以销号',
      });
      expect(reviewed.status).toBe('closed');
    });

    it('holds a long-term case to its plan: resolve met by the plan, reply refused until every milestone is done', async () => {
      const s = await scenario(engine, 'tz');
      const id = await handled(s, '2026-11-02'); // resolve due Mon 11-09 17:30
      const planned = await s.run('2026-11-03 10:00', 'unit1', id, 'plan', {
        text: '短期内无法解决，制定分步方案',
        milestones: [
          { title: '完成现场勘查', dueAt: '2026-11-06T17:30:00+08:00' },
          { title: '完成道路修复', dueAt: '2026-11-20T17:30:00+08:00' },
        ],
      });
      expect(planned.longTerm).toBe(true);
      expect(await s.clockOf(id, 'resolve')).toMatchObject({ state: 'met', metAt: iso('2026-11-03 10:00') });
      const plan = (await s.clocks(id)).filter((c) => c.milestone === 'plan');
      expect(plan.map((c) => [c.title, c.dueAt, c.state])).toEqual([
        ['完成现场勘查', iso('2026-11-06 17:30'), 'running'],
        ['完成道路修复', iso('2026-11-20 17:30'), 'running'],
      ]);
      const [survey, repair] = plan as [ClockView, ClockView];

      await expect(
        s.run('2026-11-04 10:00', 'unit1', id, 'reply', { result: 'solved', text: '已办结' }),
      ).rejects.toMatchObject({ status: 409, code: 'PLAN_INCOMPLETE' });
      await s.run('2026-11-05 10:00', 'unit1', id, 'complete-milestone', { clockId: survey.id, note: '勘查完毕' });
      await expect(
        s.run('2026-11-05 11:00', 'unit1', id, 'reply', { result: 'solved', text: '已办结' }),
      ).rejects.toMatchObject({ status: 409, code: 'PLAN_INCOMPLETE' });

      // The repair milestone passes its due: the sweep breaches it (a plan clock carries no card).
      expect(await s.sweep('2026-11-20 17:29')).toEqual(NOTHING);
      expect(await s.sweep('2026-11-20 17:31')).toEqual({ ...NOTHING, breached: 1 });
      expect((await s.clocks(id)).find((c) => c.id === repair.id)).toMatchObject({
        state: 'breached',
        breachedAt: iso('2026-11-20 17:31'),
      });
      const breached = await s.events('clock_breached', id);
      expect(breached).toHaveLength(1);
      expect(breached[0]!.payload).toMatchObject({ milestone: 'plan', title: '完成道路修复', card: null });
      await expect(
        s.run('2026-11-23 09:00', 'unit1', id, 'reply', { result: 'solved', text: '已办结' }),
      ).rejects.toMatchObject({ status: 409, code: 'PLAN_INCOMPLETE' });

      await s.run('2026-11-23 10:00', 'unit1', id, 'complete-milestone', { clockId: repair.id, note: '修复完毕' });
      const completed = await s.events('milestone_completed', id);
      expect(completed.map((e) => e.payload.late)).toEqual([false, true]);
      const replied = await s.run('2026-11-23 11:00', 'unit1', id, 'reply', { result: 'solved', text: '已办结' });
      expect(replied.status).toBe('replied');
      expect(await s.cards()).toEqual([]);
    });
  });

  describe('001 开化县 screening and "123"', () => {
    it('screens within 1 working day, limits by complexity, and copies an unsatisfied case to discipline', async () => {
      const s = await scenario(engine, 'kh');
      const { w } = s;
      const ids = [
        await s.file('2026-11-02 10:00', '简单：咨询办事流程'),
        await s.file('2026-11-02 10:00', '一般：厂区道路破损'),
        await s.file('2026-11-02 10:00', '复杂：用地指标协调'),
      ];
      // screening 1wd from Mon 11-02 → the next working day Tue 11-03 17:30; warning 4 wh before → Tue 11:30.
      expect(await s.clockOf(ids[0]!, 'screening')).toMatchObject({
        state: 'running',
        dueAt: iso('2026-11-03 17:30'),
        warnAt: iso('2026-11-03 11:30'),
      });
      const complexities = ['simple', 'general', 'complex'] as const;
      for (const [i, complexity] of complexities.entries()) {
        await s.run('2026-11-02 15:00', 'hub', ids[i]!, 'dispatch', { leadUnitId: w.units.dept1, complexity });
      }
      expect(await s.clockOf(ids[0]!, 'screening')).toMatchObject({ state: 'met', metAt: iso('2026-11-02 15:00') });
      // "123", "一般不过夜、最多过一夜", counting the day of dispatch: simple 1wdr → Mon 11-02, general
      // 2wdr → Tue 11-03, complex 3wdr → Wed 11-04, each at 17:30.
      const resolve = await Promise.all(ids.map((id) => s.clockOf(id, 'resolve')));
      expect(resolve.map((c) => [c.duration, c.dueAt])).toEqual([
        ['1wdr', iso('2026-11-02 17:30')],
        ['2wdr', iso('2026-11-03 17:30')],
        ['3wdr', iso('2026-11-04 17:30')],
      ]);

      const [simple, general] = ids as [string, string, string];
      await s.run('2026-11-02 15:10', 'unit1', simple, 'sign', {});
      await s.run('2026-11-02 15:10', 'unit1', general, 'sign', {});
      // A satisfied rating goes nowhere.
      await s.run('2026-11-03 09:00', 'unit1', simple, 'reply', { result: 'solved', text: '已答复办事流程' });
      // revisit same-day (实时回访): replied Tue 09:00 → Tue 11-03 17:30.
      expect(await s.clockOf(simple, 'revisit')).toMatchObject({ dueAt: iso('2026-11-03 17:30') });
      await s.run('2026-11-03 10:00', 'entA', simple, 'rate', { score: 5 });

      // 不满意件 同步报送县纪委县监委.
      await s.run('2026-11-03 10:00', 'unit1', general, 'reply', { result: 'partly', text: '已协调部分修复' });
      await expect(getCase(s.deps, w.actors.discipline, general)).rejects.toMatchObject({ status: 404 });
      const rated = await s.run('2026-11-03 14:00', 'entA', general, 'rate', { score: 2, comment: '未彻底解决' });
      expect(rated).toMatchObject({ status: 'redo', round: 2 });
      const outbox = await s.outbox();
      expect(outbox).toHaveLength(1);
      expect(outbox[0]).toMatchObject({
        topic: 'case.unsatisfied',
        recipient_kind: 'role',
        recipient: 'discipline',
        payload: { caseId: general, score: 2, round: 1 },
      });
      const events = await getCaseEvents(s.deps, w.actors.hub, general);
      expect(events.at(-1)).toMatchObject({
        type: 'rated',
        payload: { score: 2, satisfied: false, handoff: ['discipline'] },
      });
      const seen = await getCase(s.deps, w.actors.discipline, general);
      expect(seen.id).toBe(general);
      await expect(getCase(s.deps, w.actors.discipline, simple)).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('004 涪城区 limits by complexity, extensions and revisit before close', () => {
    it('limits immediate / 15 / 30 working days, pauses for an extension and resumes by the decision', async () => {
      const s = await scenario(engine, 'fc');
      const { w } = s;
      const [simple, general, complex] = [
        await s.file('2026-11-02 11:00', '简单：开具证明'),
        await s.file('2026-11-02 11:00', '一般：道路修复'),
        await s.file('2026-11-02 11:00', '复杂：历史遗留产权问题'),
      ] as [string, string, string];
      await s.run('2026-11-02 11:30', 'hub', simple, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'simple' });
      await s.run('2026-11-02 11:30', 'hub', general, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'general' });
      await s.run('2026-11-02 11:30', 'hub', complex, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'complex' });
      // simple `immediate` = 1 working hour from Mon 11:30: 0.5 h to 12:00, lunch, 0.5 h from 14:00 → 14:30.
      expect(await s.clockOf(simple, 'resolve')).toMatchObject({
        duration: 'immediate',
        dueAt: iso('2026-11-02 14:30'),
      });
      // general 5-15wd, none chosen: the upper bound, after Mon 11-02: Nov 3–6 (4), 9–13 (9), 16–20 (14),
      // 23 (15) → Mon 11-23 17:30.
      const generalBefore = await s.clockOf(general, 'resolve');
      expect(generalBefore).toMatchObject({ duration: '5-15wd', dueAt: iso('2026-11-23 17:30') });
      // complex 30wd: continuing, Nov 24–27 (19), 30 (20), Dec 1–4 (24), 7–11 (29), 14 (30) → Mon 12-14 17:30.
      const complexBefore = await s.clockOf(complex, 'resolve');
      expect(complexBefore).toMatchObject({ duration: '30wd', dueAt: iso('2026-12-14 17:30') });

      // 特殊情况可申请延期: the lead unit of both cases asks on Wed 11-04 10:00; each resolve clock pauses
      // while its request is pending.
      await s.run('2026-11-02 14:00', 'unit1', general, 'sign', {});
      await s.run('2026-11-02 14:00', 'unit1', complex, 'sign', {});
      await s.run('2026-11-04 10:00', 'unit1', general, 'extend', {
        reason: '需协调多个部门',
        until: '2026-12-04T17:30:00+08:00',
      });
      await s.run('2026-11-04 10:00', 'unit1', complex, 'extend', {
        reason: '历史遗留问题需上级批复',
        until: '2027-01-29T17:30:00+08:00',
      });
      expect(await s.clockOf(general, 'resolve')).toMatchObject({ state: 'paused' });
      expect(await s.clockOf(complex, 'resolve')).toMatchObject({ state: 'paused' });
      // A paused clock does not fire, even past its warning.
      expect(await s.sweep('2026-11-04 17:00')).toMatchObject({ warned: 0 });
      // Approved: running again, due at the requested time; its warning 4 wh before Fri 12-04 17:30 → 11:30.
      await s.run('2026-11-05 10:00', 'hub', general, 'decide-extension', { approve: true });
      expect(await s.clockOf(general, 'resolve')).toMatchObject({
        state: 'running',
        dueAt: iso('2026-12-04 17:30'),
        warnAt: iso('2026-12-04 11:30'),
      });

      // Denied on the other case: paused Wed 11-04 10:00 → Fri 11-06 15:00. The unit gets back the working time it
      // lost: Wed 10:00–12:00 and 14:00–17:30 (5.5 h) + Thu (7 h) + Fri 08:30–12:00 and 14:00–15:00 (4.5 h) = 17 h.
      // Mon 12-14 17:30 + 17 working hours: Tue 12-15 (7 h), Wed 12-16 (7 h), Thu 12-17 08:30–11:30 (3 h).
      expect(await s.clockOf(complex, 'resolve')).toMatchObject({ state: 'paused' });
      await s.run('2026-11-06 15:00', 'leader', complex, 'decide-extension', { approve: false, note: '理由不充分' });
      const complexAfter = await s.clockOf(complex, 'resolve');
      expect(complexAfter.state).toBe('running');
      expect(complexBefore.dueAt).toBe(iso('2026-12-14 17:30'));
      expect(complexAfter.dueAt).toBe(iso('2026-12-17 11:30'));
      // Its warning keeps its 4 working hours before the new due: Thu 11:30 − 3 h → Wed 17:30 − 1 h → Wed 16:30.
      expect(complexAfter.warnAt).toBe(iso('2026-12-16 16:30'));
    });

    it('refuses to close before the revisit (回访后销号)', async () => {
      const s = await scenario(engine, 'fc');
      const id = await s.file('2026-11-02 11:00', '简单：开具证明');
      await s.run('2026-11-02 11:30', 'hub', id, 'dispatch', { leadUnitId: s.w.units.dept1, complexity: 'simple' });
      await s.run('2026-11-02 11:40', 'unit1', id, 'sign', {});
      await s.run('2026-11-02 14:00', 'unit1', id, 'reply', { result: 'solved', text: '证明已开具' });
      expect(await s.clockOf(id, 'resolve')).toMatchObject({ state: 'met', breachedAt: null });
      // revisit 2wd from Mon 11-02 → Tue 3, Wed 4 → Wed 11-04 17:30.
      expect(await s.clockOf(id, 'revisit')).toMatchObject({ dueAt: iso('2026-11-04 17:30') });
      await s.run('2026-11-02 15:00', 'entA', id, 'rate', { score: 5 });
      await expect(s.run('2026-11-02 15:10', 'hub', id, 'close', {})).rejects.toMatchObject({
        status: 409,
        code: 'REVISIT_REQUIRED',
        extra: { currentStatus: 'rated' },
      });
      expect((await getCase(s.deps, s.w.actors.hub, id)).status).toBe('rated');
      await s.run('2026-11-02 15:20', 'hub', id, 'revisit', { method: 'phone', note: '企业表示满意' });
      expect(await s.clockOf(id, 'revisit')).toMatchObject({ state: 'met' });
      expect((await s.run('2026-11-02 15:30', 'hub', id, 'close', {})).status).toBe('closed');
    });
  });

  describe('000 径河街 the coordination group and 2 / 7 working days', () => {
    it('lets only the coordination group dispatch a complex case, across the National Day holiday', async () => {
      const s = await scenario(engine, 'jhj');
      const { w } = s;
      const complex = await s.file('2026-09-30 09:00', '复杂：涉及多个单位的用地问题');
      const simple = await s.file('2026-09-30 09:00', '简单：证照办理咨询');
      // screening 1wd from Wed 09-30: 10-01…10-07 are 国庆, the next working day is Thu 10-08, winter hours → 17:30.
      expect(await s.clockOf(complex, 'screening')).toMatchObject({ dueAt: iso('2026-10-08 17:30') });

      const snapshot = async () => ({
        events: (await s.events('dispatched', complex)).length,
        all: (await s.handle.db.selectFrom('events').select('id').where('case_id', '=', complex).execute()).length,
        assignments: (await s.handle.db.selectFrom('assignments').select('id').where('case_id', '=', complex).execute())
          .length,
        clocks: (await s.clocks(complex)).map((c) => [c.milestone, c.state]),
      });
      const before = await snapshot();
      await expect(
        s.run('2026-09-30 10:00', 'hub', complex, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'complex' }),
      ).rejects.toMatchObject({ status: 403, code: 'COORDINATION_REQUIRED' });
      expect(await snapshot()).toEqual(before);
      expect(before).toEqual({ events: 0, all: 1, assignments: 0, clocks: [['screening', 'running']] });
      expect(await getCase(s.deps, w.actors.hub, complex)).toMatchObject({
        status: 'submitted',
        complexity: null,
        leadUnit: null,
      });

      const dispatched = await s.run('2026-09-30 10:05', 'leader', complex, 'dispatch', {
        leadUnitId: w.units.dept1,
        coUnitIds: [w.units.dept2],
        complexity: 'complex',
      });
      expect(dispatched).toMatchObject({ status: 'dispatched', complexity: 'complex', leadUnitId: w.units.dept1 });
      // complex 7wd from Wed 09-30: Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 调休上班 (3), Mon 10-12 (4), 10-13 (5),
      // 10-14 (6), Thu 10-15 (7) → 10-15 17:30.
      expect(await s.clockOf(complex, 'resolve')).toMatchObject({ duration: '7wd', dueAt: iso('2026-10-15 17:30') });
      expect(await s.clockOf(complex, 'screening')).toMatchObject({ state: 'met', metAt: iso('2026-09-30 10:05') });

      // A simple case the hub dispatches itself: 2wd → Thu 10-08 (1), Fri 10-09 (2) → 10-09 17:30.
      await s.run('2026-09-30 10:10', 'hub', simple, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'simple' });
      expect(await s.clockOf(simple, 'resolve')).toMatchObject({ duration: '2wd', dueAt: iso('2026-10-09 17:30') });
    });
  });
});
