import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { runCaseCommand } from './commands/run-command.js';
import { createCase, getCase, getCaseEvents } from './cases.service.js';
import { TEST_PII } from '../testing/pii.js';

describe.each(ENGINES)('case commands in detail on $name', (engine) => {
  let handle: Db;
  let deps: Deps;
  let clock: ManualClock;
  let w: World;

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
  });
  afterAll(() => handle.close());

  it('takes an intake twice by the same external reference as one case', async () => {
    const first = await createCase(deps, w.actors.hub, {
      title: '12345转来：企业用电问题',
      content: '热线工单',
      channel: 'hotline12345',
      externalRef: 'GD-2026-0001',
      enterpriseId: w.enterprises.b,
    });
    const again = await createCase(deps, w.actors.hub, {
      title: '12345转来：企业用电问题',
      content: '热线工单',
      channel: 'hotline12345',
      externalRef: 'GD-2026-0001',
      enterpriseId: w.enterprises.b,
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ ...first, created: false });
    expect((await getCaseEvents(deps, w.actors.hub, first.id)).map((e) => e.type)).toEqual(['created']);
  });

  it('refuses an enterprise filing for another enterprise', async () => {
    await expect(
      createCase(deps, w.actors.entA, { title: '代他人提交', content: 'x', enterpriseId: w.enterprises.b }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('lets a co-unit sign and reply on its own assignment without moving the case', async () => {
    const id = await driveTo(deps, w, 'signed');
    const signed = await runCaseCommand(deps, w.actors.unit2, id, 'sign', {});
    expect(signed.status).toBe('signed');
    expect(signed.assignments.find((a) => a.unit.id === w.units.dept2)?.status).toBe('signed');
    await expect(runCaseCommand(deps, w.actors.unit2, id, 'sign', {})).rejects.toMatchObject({
      status: 409,
      code: 'ASSIGNMENT_STATE',
    });
    const replied = await runCaseCommand(deps, w.actors.unit2, id, 'reply', { result: 'solved', text: '协办意见' });
    expect(replied.status).toBe('signed');
    expect(replied.coUnits.map((u) => u.id)).toEqual([w.units.dept2]);
    await expect(runCaseCommand(deps, w.actors.unit2, id, 'return', { reason: 'x' })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('records an extension request and its approval or denial, one at a time', async () => {
    const id = await driveTo(deps, w, 'signed');
    await expect(runCaseCommand(deps, w.actors.hub, id, 'decide-extension', { approve: true })).rejects.toMatchObject({
      status: 409,
      code: 'EXTENSION_NOT_PENDING',
    });
    await expect(
      runCaseCommand(deps, w.actors.unit1, id, 'extend', {
        reason: '需要上级批复',
        until: '2026-10-01T00:00:00+08:00',
      }),
    ).rejects.toMatchObject({ status: 400, extra: { field: 'until' } });
    const asked = await runCaseCommand(deps, w.actors.unit1, id, 'extend', {
      reason: '需要上级批复',
      until: '2026-11-20T17:30:00+08:00',
    });
    expect(asked.pendingExtension).toMatchObject({ reason: '需要上级批复', until: '2026-11-20T09:30:00.000Z' });
    expect(asked.allowedCommands).not.toContain('extend');
    await expect(
      runCaseCommand(deps, w.actors.unit1, id, 'extend', { reason: '再次申请', until: '2026-11-25T17:30:00+08:00' }),
    ).rejects.toMatchObject({ status: 409, code: 'EXTENSION_ALREADY_PENDING' });
    const decided = await runCaseCommand(deps, w.actors.leader, id, 'decide-extension', {
      approve: false,
      note: '理由不充分',
    });
    expect(decided.pendingExtension).toBeNull();
    const row = await handle.db
      .selectFrom('extensions')
      .selectAll()
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'denied', note: '理由不充分', decided_by: w.actors.leader.userId });
    await runCaseCommand(deps, w.actors.unit1, id, 'extend', {
      reason: '补充材料后再申请',
      until: '2026-11-25T17:30:00+08:00',
    });
    await runCaseCommand(deps, w.actors.hub, id, 'decide-extension', { approve: true });
    const statuses = await handle.db
      .selectFrom('extensions')
      .select('status')
      .where('case_id', '=', id)
      .orderBy('requested_at')
      .execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['approved', 'denied']);
  });

  it('allows supervision only in the name of the supervisor’s own role', async () => {
    const id = await driveTo(deps, w, 'dispatched');
    await expect(
      runCaseCommand(deps, w.actors.hub, id, 'supervise', { by: 'discipline', instruction: '倒查' }),
    ).rejects.toMatchObject({ status: 403 });
    await runCaseCommand(deps, w.actors.hub, id, 'supervise', { by: 'platform', instruction: '请尽快签收' });
    await runCaseCommand(deps, w.actors.hub, id, 'escalate', { to: 'discipline', reason: '推诿' });
    const view = await runCaseCommand(deps, w.actors.discipline, id, 'supervise', {
      by: 'discipline',
      instruction: '倒查',
    });
    expect(view.escalatedTo).toBe('discipline');
    const rows = await handle.db.selectFrom('supervisions').select('by_whom').where('case_id', '=', id).execute();
    expect(rows.map((r) => r.by_whom).sort()).toEqual(['discipline', 'platform']);
  });

  it('refuses to merge a case into itself or into a finished case', async () => {
    const id = await driveTo(deps, w, 'screening');
    const closed = await driveTo(deps, w, 'closed');
    await expect(runCaseCommand(deps, w.actors.hub, id, 'merge', { intoCaseId: id })).rejects.toMatchObject({
      status: 400,
      extra: { field: 'intoCaseId' },
    });
    await expect(runCaseCommand(deps, w.actors.hub, id, 'merge', { intoCaseId: closed })).rejects.toMatchObject({
      status: 400,
    });
    expect((await getCase(deps, w.actors.hub, id)).status).toBe('screening');
  });

  it('refuses to dispatch to a unit of another jurisdiction or to the hub itself', async () => {
    const id = await driveTo(deps, w, 'screening');
    await expect(runCaseCommand(deps, w.actors.hub, id, 'dispatch', { leadUnitId: w.units.b1 })).rejects.toMatchObject({
      status: 400,
      extra: { field: 'leadUnitId' },
    });
    await expect(runCaseCommand(deps, w.actors.hub, id, 'dispatch', { leadUnitId: w.units.hub })).rejects.toMatchObject(
      {
        status: 400,
      },
    );
    await expect(
      runCaseCommand(deps, w.actors.hub, id, 'dispatch', { leadUnitId: w.units.dept1, coUnitIds: [w.units.dept1] }),
    ).rejects.toMatchObject({ status: 400, extra: { field: 'coUnitIds' } });
  });

  it('sends a returned case back to screening and lets it be dispatched again', async () => {
    const id = await driveTo(deps, w, 'returned');
    const again = await runCaseCommand(deps, w.actors.hub, id, 'dispatch', { leadUnitId: w.units.dept3 });
    expect(again).toMatchObject({ status: 'dispatched', leadUnit: { id: w.units.dept3 }, round: 1 });
    expect(again.assignments.map((a) => [a.unit.id, a.status])).toEqual(
      expect.arrayContaining([
        [w.units.dept1, 'returned'],
        [w.units.dept3, 'dispatched'],
      ]),
    );
    // The unit that returned it keeps read access to what it touched but may no longer act.
    await expect(runCaseCommand(deps, w.actors.unit1, id, 'sign', {})).rejects.toMatchObject({ status: 403 });
  });

  it('starts a new round with fresh assignments after an unsatisfied rating', async () => {
    const id = await driveTo(deps, w, 'redo');
    const view = await getCase(deps, w.actors.hub, id);
    expect(view).toMatchObject({ status: 'redo', round: 2, unsatisfiedRounds: 1, lastScore: 1 });
    const round2 = view.assignments.filter((a) => a.round === 2);
    expect(round2.map((a) => [a.role, a.status]).sort()).toEqual([
      ['co', 'dispatched'],
      ['lead', 'signed'],
    ]);
    const events = await getCaseEvents(deps, w.actors.hub, id);
    expect(events.at(-1)).toMatchObject({
      type: 'rated',
      payload: { score: 1, satisfied: false, from: 'replied', to: 'redo', round: 2 },
    });
  });
});
