import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createCase } from '../cases/cases.service.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import { sweepDue } from '../clocks/sweep.service.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import type { ChainReport } from './audit.service.js';
import { verifyChains } from './audit.service.js';
import { TEST_PII } from '../testing/pii.js';

/**
 * A world driven through every command — co-units acting on their own assignments, a return and a
 * second dispatch, reject, merge, answer and appeal, unsatisfied rounds, the review form and a
 * review that opens another round, escalation, supervision, extension, a plan and its milestone,
 * revisit and close — and then, on 峄城's preset, the sweep's breaches, cards and hand-offs. Verify must find every
 * case as its events say, and name the first case whose tables were changed without an event.
 */
describe.each(ENGINES)('verify compares every case with its events on $name', (engine) => {
  let handle: Db;
  let deps: Deps;
  let clock: ManualClock;
  let w: World;
  const ids: Record<string, string> = {};

  const run = (actor: keyof World['actors'], id: string, command: Parameters<typeof runCaseCommand>[3], body = {}) =>
    runCaseCommand(deps, w.actors[actor], id, command, body as never);
  const ta = async (): Promise<ChainReport> => {
    const report = (await verifyChains(handle.db)).find((r) => r.jurisdiction === 'ta');
    if (!report) throw new Error('no report for ta');
    return report;
  };
  const numberOf = async (id: string) =>
    (await handle.db.selectFrom('cases').select('number').where('id', '=', id).executeTakeFirstOrThrow()).number;

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    // 峄城's clocks and cards: a yellow on a missed report, red one working day after, red to 纪委;
    // with a review after two unsatisfied rounds (滕州's), so that replay meets every command.
    const yc = presetProfiles().get('yc');
    if (!yc) throw new Error('preset yc missing');
    const profile = { ...yc, code: 'ta', loop: { ...yc.loop, reviewAfterRounds: 2 } };
    await handle.db
      .transaction()
      .execute((trx) => storeProfile(trx, w.jurisdictionA, profile, { userId: null, at: clock.now() }));

    ids['closed'] = await driveTo(deps, w, 'closed');
    ids['merged'] = await driveTo(deps, w, 'merged');
    ids['rejected'] = await driveTo(deps, w, 'rejected');
    ids['redo'] = await driveTo(deps, w, 'redo');

    // Co-units work on their own assignments while the lead holds the case.
    ids['co'] = await driveTo(deps, w, 'signed');
    await run('unit2', ids['co'], 'sign');
    await run('unit2', ids['co'], 'contact', { note: '协办单位已联系' });
    await run('unit2', ids['co'], 'feedback', { text: '协办意见' });
    await run('unit2', ids['co'], 'reply', { result: 'partly', text: '协办部分' });

    // Returned by the lead, dispatched again in the same round to another unit.
    ids['returned'] = await driveTo(deps, w, 'returned');
    await run('hub', ids['returned'], 'dispatch', { leadUnitId: w.units.dept3, complexity: 'simple' });
    await run('unit3', ids['returned'], 'sign');

    // Answered, appealed, dispatched.
    ids['appealed'] = await driveTo(deps, w, 'answered');
    await run('entA', ids['appealed'], 'appeal', { reason: '答复未解决问题' });
    await run('hub', ids['appealed'], 'dispatch', { leadUnitId: w.units.dept1, coUnitIds: [w.units.dept2] });

    // Two unsatisfied rounds, the review form, a review that opens a third round, then closed.
    ids['reviewed'] = await driveTo(deps, w, 'review');
    await run('head1', ids['reviewed'], 'review-form', { statement: '情况说明', signedBy: '张三' });
    await run('hub', ids['reviewed'], 'review', { decision: 'redo', opinion: '继续办理' });
    await run('unit1', ids['reviewed'], 'reply', { result: 'solved', text: '已解决' });
    await run('entA', ids['reviewed'], 'rate', { score: 4 });
    await run('hub', ids['reviewed'], 'revisit', { method: 'phone', note: '电话回访' });
    await run('hub', ids['reviewed'], 'close');

    // Escalated and supervised by the discipline commission; extension; a plan and its milestone.
    ids['escalated'] = await driveTo(deps, w, 'signed');
    await run('hub', ids['escalated'], 'escalate', { to: 'discipline', reason: '推诿' });
    await run('discipline', ids['escalated'], 'supervise', { by: 'discipline', instruction: '限期办结' });
    await run('unit1', ids['escalated'], 'extend', { reason: '需要协调', until: '2026-11-20T09:00:00Z' });
    await run('hub', ids['escalated'], 'decide-extension', { approve: true });
    const planned = await run('unit1', ids['escalated'], 'plan', {
      text: '分两步解决',
      milestones: [{ title: '完成勘察', dueAt: '2026-11-10T09:00:00Z' }],
    });
    const milestone = planned.clocks.find((c) => c.milestone === 'plan');
    if (!milestone) throw new Error('plan milestone missing');
    await run('unit1', ids['escalated'], 'complete-milestone', { clockId: milestone.id, note: '已勘察' });

    // Another jurisdiction's case, and a case only filed.
    await createCase(deps, w.actors.hubB, { title: '乙县企业诉求', content: '请协调。' });
    ids['filed'] = (await createCase(deps, w.actors.entB, { title: '刚提交', content: '尚未受理' })).id;

    // Time runs on: the sweep warns, breaches, cards and hands off what is still open.
    clock.set(new Date('2026-12-20T01:00:00Z'));
    await sweepDue(deps);
    clock.set(new Date('2026-12-24T01:00:00Z'));
    await sweepDue(deps);
  });
  afterAll(() => handle.close());

  it('finds every case matching its events after every command and the sweep', async () => {
    const reports = await verifyChains(handle.db);
    expect(reports.map((r) => [r.jurisdiction, r.intact, r.mismatches])).toEqual([
      ['ta', true, 0],
      ['tb', true, 0],
    ]);
    const a = await ta();
    expect(a.cases).toBe(
      Number(
        (
          await handle.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('jurisdiction_id', '=', w.jurisdictionA)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    const types = await handle.db
      .selectFrom('events')
      .select('type')
      .distinct()
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .execute();
    // The escalation's target is in its event, beside the status the event reached.
    const escalated = await handle.db
      .selectFrom('events')
      .select('payload')
      .where('case_id', '=', ids['escalated'] as string)
      .where('type', '=', 'escalated')
      .executeTakeFirstOrThrow();
    expect(escalated.payload).toMatchObject({ escalatedTo: 'discipline', to: 'signed' });
    // The world really went through the rare paths it claims to.
    expect(types.map((t) => t.type)).toEqual(
      expect.arrayContaining([
        'reviewed',
        'review_form_submitted',
        'appealed',
        'milestone_completed',
        'clock_breached',
        'handed_off',
      ]),
    );
  });

  it('names the case whose status was set without an event, with the table value and the derived one', async () => {
    const id = ids['co'] as string;
    await sql`UPDATE cases SET status = 'closed' WHERE id = ${id}`.execute(handle.db);
    try {
      const report = await ta();
      expect(report.intact).toBe(false);
      expect(report.firstBreak).toBeUndefined();
      expect(report.mismatches).toBe(1);
      expect(report.firstMismatch).toEqual({
        caseId: id,
        number: await numberOf(id),
        field: 'status',
        table: 'closed',
        derived: 'signed',
      });
      expect((await verifyChains(handle.db)).find((r) => r.jurisdiction === 'tb')?.intact).toBe(true);

      // The audit route reports the same to the hub.
      const app: FastifyInstance = await testApp(handle, clock);
      try {
        const hub = await loginAs(app, 'ta.hub', TEST_PASSWORD);
        const res = await hub.get('/api/v1/audit/verify');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual([
          expect.objectContaining({
            jurisdiction: 'ta',
            intact: false,
            mismatches: 1,
            firstMismatch: expect.objectContaining({ field: 'status', table: 'closed', derived: 'signed' }),
          }),
        ]);
      } finally {
        await app.close();
      }
    } finally {
      await sql`UPDATE cases SET status = 'signed' WHERE id = ${id}`.execute(handle.db);
    }
    expect((await ta()).intact).toBe(true);
  });

  it.each<[string, string, (id: string) => ReturnType<typeof sql>, (id: string) => ReturnType<typeof sql>, object]>([
    [
      'a round moved on',
      'redo',
      (id) => sql`UPDATE cases SET round = round + 1 WHERE id = ${id}`,
      (id) => sql`UPDATE cases SET round = round - 1 WHERE id = ${id}`,
      { field: 'round', table: '3', derived: '2' },
    ],
    [
      'another lead unit',
      'co',
      (id) =>
        sql`UPDATE cases SET lead_unit_id = (SELECT unit_id FROM assignments WHERE case_id = ${id} AND role = 'co') WHERE id = ${id}`,
      (id) =>
        sql`UPDATE cases SET lead_unit_id = (SELECT unit_id FROM assignments WHERE case_id = ${id} AND role = 'lead') WHERE id = ${id}`,
      { field: 'leadUnit' },
    ],
    [
      'a co-unit dropped',
      'co',
      (id) => sql`UPDATE assignments SET status = 'returned' WHERE case_id = ${id} AND role = 'co'`,
      (id) => sql`UPDATE assignments SET status = 'replied' WHERE case_id = ${id} AND role = 'co'`,
      { field: 'coUnits', table: '' },
    ],
    [
      'an assignment marked replied',
      'escalated',
      (id) => sql`UPDATE assignments SET status = 'replied' WHERE case_id = ${id} AND role = 'lead'`,
      (id) => sql`UPDATE assignments SET status = 'signed' WHERE case_id = ${id} AND role = 'lead'`,
      { field: 'assignments' },
    ],
    [
      'a better last score',
      'redo',
      (id) => sql`UPDATE cases SET last_score = 5 WHERE id = ${id}`,
      (id) => sql`UPDATE cases SET last_score = 1 WHERE id = ${id}`,
      { field: 'lastScore', table: '5', derived: '1' },
    ],
    [
      'a rating rewritten',
      'closed',
      (id) => sql`UPDATE ratings SET score = 4 WHERE case_id = ${id}`,
      (id) => sql`UPDATE ratings SET score = 5 WHERE case_id = ${id}`,
      { field: 'ratings', table: '1:4:satisfied', derived: '1:5:satisfied' },
    ],
    [
      'unsatisfied rounds forgotten',
      'redo',
      (id) => sql`UPDATE cases SET unsatisfied_rounds = 0 WHERE id = ${id}`,
      (id) => sql`UPDATE cases SET unsatisfied_rounds = 1 WHERE id = ${id}`,
      { field: 'unsatisfiedRounds', table: '0', derived: '1' },
    ],
    [
      'a case hidden from the discipline commission',
      'escalated',
      (id) => sql`UPDATE cases SET discipline_flag = false WHERE id = ${id}`,
      (id) => sql`UPDATE cases SET discipline_flag = true WHERE id = ${id}`,
      { field: 'disciplineFlag', table: 'false', derived: 'true' },
    ],
  ])('names %s', async (_name, key, tamper, undo, expected) => {
    const id = ids[key] as string;
    await tamper(id).execute(handle.db);
    try {
      const report = await ta();
      expect(report.intact).toBe(false);
      expect(report.firstMismatch).toMatchObject({ caseId: id, number: await numberOf(id), ...expected });
    } finally {
      await undo(id).execute(handle.db);
    }
    expect((await ta()).intact).toBe(true);
  });

  it('names a case row that no event ever filed', async () => {
    const row = await handle.db
      .insertInto('cases')
      .values({
        jurisdiction_id: w.jurisdictionA,
        number: 'TA-2026-999999',
        channel: 'web',
        title: '凭空出现',
        content: '没有流转记录',
        kind: 'help',
        status: 'closed',
        created_at: new Date('2026-11-02T01:00:00Z'),
        updated_at: new Date('2026-11-02T01:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    try {
      expect((await ta()).firstMismatch).toEqual({
        caseId: row.id,
        number: 'TA-2026-999999',
        field: 'case',
        table: 'closed',
        derived: null,
      });
    } finally {
      await handle.db.deleteFrom('cases').where('id', '=', row.id).execute();
    }
  });

  it('finds the last event deleted and the chain head rewound by the state it left behind', async () => {
    const id = await driveTo(deps, w, 'rated');
    await run('hub', id, 'close');
    const [last, before] = await handle.db
      .selectFrom('events')
      .select(['id', 'seq', 'hash', 'type'])
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(last?.type).toBe('closed');
    await sql`ALTER TABLE events DISABLE TRIGGER events_append_only`.execute(handle.db);
    await sql`DELETE FROM events WHERE id = ${last?.id}`.execute(handle.db);
    await sql`ALTER TABLE events ENABLE TRIGGER events_append_only`.execute(handle.db);
    await sql`UPDATE event_chains SET last_seq = ${before?.seq}, last_hash = ${before?.hash}
              WHERE jurisdiction_id = ${w.jurisdictionA}`.execute(handle.db);
    const report = await ta();
    expect(report.firstBreak).toBeUndefined();
    expect(report.intact).toBe(false);
    expect(report.firstMismatch).toMatchObject({ caseId: id, field: 'status', table: 'closed', derived: 'rated' });
  });
});
