import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCase, listCases } from '../cases/cases.service.js';
import { createCase } from '../cases/cases.service.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { listEnterprises, getEnterprise } from '../enterprises/enterprises.service.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { TEST_PII } from '../testing/pii.js';

describe.each(ENGINES)('data scope on $name', (engine) => {
  let handle: Db;
  let deps: Deps;
  let w: World;
  let caseA: string; // enterprise A's case, lead unit dept1, in the town's territory
  let caseB: string; // enterprise B's case, lead unit dept2
  let caseOther: string; // a case of jurisdiction tb

  beforeAll(async () => {
    handle = await engine.open();
    deps = { db: handle.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
    w = await seedWorld(handle.db);
    caseA = (await createCase(deps, w.actors.entA, { title: '甲企业诉求', content: '内容甲' })).id;
    caseB = (await createCase(deps, w.actors.entB, { title: '乙企业诉求', content: '内容乙' })).id;
    caseOther = (
      await createCase(deps, w.actors.hubB, { title: '乙县诉求', content: '内容', enterpriseId: w.enterprises.other })
    ).id;
    await runCaseCommand(deps, w.actors.hub, caseA, 'dispatch', { leadUnitId: w.units.dept1 });
    await runCaseCommand(deps, w.actors.hub, caseB, 'dispatch', { leadUnitId: w.units.dept2 });
  });
  afterAll(() => handle.close());

  const ids = async (actor: keyof World['actors']) =>
    (
      await listCases(deps, w.actors[actor], {
        status: undefined,
        channel: undefined,
        sort: 'newest',
        page: 1,
        pageSize: 100,
      })
    ).items
      .map((i) => i.id)
      .sort();
  const sees = async (actor: keyof World['actors'], caseId: string) =>
    getCase(deps, w.actors[actor], caseId).then(
      () => true,
      (error: { status?: number }) => {
        expect(error.status).toBe(404);
        return false;
      },
    );

  it('shows an enterprise only its own cases', async () => {
    expect(await ids('entA')).toEqual([caseA]);
    expect(await ids('entB')).toEqual([caseB]);
    expect(await sees('entA', caseB)).toBe(false);
    expect(await sees('entB', caseA)).toBe(false);
  });

  it('shows a unit only the cases assigned to it', async () => {
    expect(await ids('unit1')).toEqual([caseA]);
    expect(await ids('unit2')).toEqual([caseB]);
    expect(await sees('unit1', caseB)).toBe(false);
    expect(await sees('unit2', caseA)).toBe(false);
    expect(await ids('unit3')).toEqual([]);
  });

  it('lets a unit head see what the unit sees', async () => {
    expect(await ids('head1')).toEqual([caseA]);
  });

  it('shows a town the cases in its territory', async () => {
    expect(await ids('town')).toEqual([caseA]);
  });

  it('shows the liaison the cases of the enterprises they look after', async () => {
    expect(await ids('liaison')).toEqual([caseA]);
  });

  it('keeps every role inside its jurisdiction', async () => {
    expect((await ids('hub')).sort()).toEqual([caseA, caseB].sort());
    expect(await ids('hubB')).toEqual([caseOther]);
    for (const actor of ['hub', 'leader', 'admin', 'unit1', 'entA', 'discipline'] as const) {
      expect(await sees(actor, caseOther)).toBe(false);
    }
    expect(await sees('hubB', caseA)).toBe(false);
    expect(await sees('unitB', caseA)).toBe(false);
  });

  it('shows the discipline commission only flagged cases', async () => {
    expect(await ids('discipline')).toEqual([]);
    await runCaseCommand(deps, w.actors.hub, caseB, 'escalate', { to: 'discipline', reason: '推诿扯皮' });
    expect(await ids('discipline')).toEqual([caseB]);
  });

  it('answers 404, not 403, to a command on a case out of scope', async () => {
    await expect(runCaseCommand(deps, w.actors.unit2, caseA, 'sign', {})).rejects.toMatchObject({ status: 404 });
    await expect(runCaseCommand(deps, w.actors.hubB, caseA, 'accept', {})).rejects.toMatchObject({ status: 404 });
  });

  it('scopes the enterprise ledger the same way', async () => {
    const entA = await listEnterprises(deps, w.actors.entA, { page: 1, pageSize: 50 });
    expect(entA.items.map((e) => e.id)).toEqual([w.enterprises.a]);
    await expect(getEnterprise(deps, w.actors.entA, w.enterprises.b)).rejects.toMatchObject({ status: 404 });
    const hub = await listEnterprises(deps, w.actors.hub, { page: 1, pageSize: 50 });
    expect(hub.items.map((e) => e.id).sort()).toEqual([w.enterprises.a, w.enterprises.b].sort());
    expect(hub.items.every((e) => e.contacts.every((c) => /^\d{3}\*{4}\d{4}$/.test(c.mobile)))).toBe(true);
  });

  it('masks the contact mobile in lists and for roles that do not handle the case', async () => {
    const list = await listCases(deps, w.actors.hub, {
      status: undefined,
      channel: undefined,
      sort: 'newest',
      page: 1,
      pageSize: 10,
    });
    expect(list.items.every((i) => i.contactMobile === null || i.contactMobile.includes('****'))).toBe(true);
    expect((await getCase(deps, w.actors.unit1, caseA)).contactMobile).toBe('13812341234');
    expect((await getCase(deps, w.actors.leader, caseA)).contactMobile).toBe('138****1234');
  });
});
