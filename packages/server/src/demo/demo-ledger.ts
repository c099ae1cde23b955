import type { Actor } from '../access/actor.js';
import type { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import { addCondition, updateEnterprise } from '../enterprises/enterprises.service.js';
import { createGrid } from '../grids/grids.service.js';
import { createProject, updateProject } from '../projects/projects.service.js';
import type { DemoJurisdiction } from './demo-data.js';

/**
 * The grid ledger of a demo jurisdiction (seed 004 三(三)2), through the services the console
 * uses: the hub draws the grids and puts enterprises into them (an enterprise without a liaison
 * of its own gets the grid's), flags the key enterprises, records conditions as the file dates
 * them (the liaison only for enterprises on its ledger), and registers the projects with their
 * "三个一" teams, stepping each through its earlier stages (the last a week before the end). A key the file names but the jurisdiction lacks is a bug in the data.
 */
export async function seedDemoLedger(
  deps: Deps & { clock: ManualClock },
  actorFor: (userKey: string) => Promise<Actor>,
  j: DemoJurisdiction,
  ids: {
    enterpriseIds: readonly string[];
    userIds: ReadonlyMap<string, string>;
    unitIds: ReadonlyMap<string, string>;
    end: Date;
  },
): Promise<void> {
  const ledger = j.ledger;
  if (!ledger) return;
  const need = (map: ReadonlyMap<string, string>, k: string, what: string) => {
    const id = map.get(k);
    if (!id) throw new Error(`demo ledger of ${j.code}: no ${what} ${k}`);
    return id;
  };
  const enterprise = (index: number) => {
    const id = ids.enterpriseIds[index];
    if (!id) throw new Error(`demo ledger of ${j.code}: no enterprise ${index}`);
    return id;
  };
  const hub = await actorFor('hub');
  deps.clock.set(new Date(+ids.end - 120 * 86_400_000));
  for (const g of ledger.grids) {
    const grid = await createGrid(deps, hub, {
      name: g.name,
      townUnitId: g.town ? need(ids.unitIds, g.town, 'unit') : null,
      departmentUnitId: g.department ? need(ids.unitIds, g.department, 'unit') : null,
      liaisonUserId: g.liaison ? need(ids.userIds, g.liaison, 'user') : null,
      note: g.note ?? null,
    });
    for (const index of g.enterprises) await updateEnterprise(deps, hub, enterprise(index), { gridId: grid.id });
  }
  for (const index of ledger.keyEnterprises) await updateEnterprise(deps, hub, enterprise(index), { key: true });
  const byAge = [...ledger.conditions].sort((a, b) => b.daysAgo - a.daysAgo);
  for (const c of byAge) {
    deps.clock.set(new Date(+ids.end - c.daysAgo * 86_400_000));
    await addCondition(deps, await actorFor(c.recordedBy), enterprise(c.enterprise), {
      kind: c.kind,
      text: c.text,
      ...(c.period ? { period: c.period } : {}),
    });
  }
  const daysAgo = (n: number) => deps.clock.set(new Date(+ids.end - n * 86_400_000));
  for (const p of ledger.projects) {
    const [first, ...later] = [...p.earlier, { stage: p.stage, statusNote: p.statusNote, daysAgo: 7 }];
    daysAgo(p.earlier.length > 0 ? (first?.daysAgo ?? 30) : 30);
    const project = await createProject(deps, hub, {
      name: p.name,
      stage: first?.stage ?? p.stage,
      enterpriseId: p.enterprise !== undefined ? enterprise(p.enterprise) : null,
      regionCode: p.regionCode ?? null,
      investmentWan: p.investmentWan ?? null,
      key: p.key ?? false,
      leaderUserId: p.leader ? need(ids.userIds, p.leader, 'user') : null,
      responsibleUnitId: p.unit ? need(ids.unitIds, p.unit, 'unit') : null,
      officerUserId: p.officer ? need(ids.userIds, p.officer, 'user') : null,
      statusNote: first?.statusNote ?? null,
    });
    for (const step of later) {
      daysAgo(step.daysAgo);
      await updateProject(deps, hub, project.id, { stage: step.stage, statusNote: step.statusNote ?? null });
    }
  }
  deps.clock.set(ids.end);
}
