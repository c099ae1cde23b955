import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseCommand } from '@qisu/core';
import { shanghaiInstant, dateToDay } from '@qisu/core';
import { AppError } from '../errors.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { createCase } from '../cases/cases.service.js';
import { sweepDue } from '../clocks/sweep.service.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { ENGINES } from '../testing/engines.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import type { KpiDimension, KpiGroup } from './reports.repository.js';
import { KPI_DIMENSIONS, kpiGroups } from './reports.repository.js';
import { catchUpKpis, rollupGroups } from './rollups.js';

type Actor = keyof World['actors'];

/** One step of a random day at the office. */
type Step =
  | { kind: 'create'; enterprise: 'entA' | 'entB'; channel: 'mobile' | 'hotline12345' | 'visit' }
  | { kind: 'command'; target: number; command: CaseCommand; actor: Actor; pick: number }
  | { kind: 'progress'; target: number; pick: number }
  | { kind: 'advance'; hours: number }
  | { kind: 'read' };

/** The commands tried, with who tries them; a command the case's state refuses is skipped. */
const COMMANDS: [CaseCommand, Actor[]][] = [
  ['accept', ['hub']],
  ['dispatch', ['hub']],
  ['sign', ['unit1', 'unit2']],
  ['contact', ['unit1', 'unit2']],
  ['feedback', ['unit1', 'unit2']],
  ['reply', ['unit1', 'unit2']],
  ['return', ['unit1', 'unit2']],
  ['rate', ['entA', 'entB']],
  ['answer', ['hub']],
  ['reject', ['hub']],
  ['merge', ['hub']],
  ['close', ['hub']],
  ['supervise', ['hub']],
  ['revisit', ['hub']],
  ['appeal', ['entA', 'entB']],
];

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      enterprise: fc.constantFrom('entA' as const, 'entB' as const),
      channel: fc.constantFrom('mobile' as const, 'hotline12345' as const, 'visit' as const),
    }),
  },
  {
    weight: 10,
    arbitrary: fc
      .tuple(fc.nat(40), fc.constantFrom(...COMMANDS), fc.nat(9))
      .chain(([target, [command, actors], pick]) =>
        fc.constantFrom(...actors).map((actor) => ({ kind: 'command' as const, target, command, actor, pick })),
      ),
  },
  {
    weight: 12,
    arbitrary: fc.record({ kind: fc.constant('progress' as const), target: fc.nat(40), pick: fc.nat(9) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 240 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const) }) },
);

/** The next commands a case in this state may take, the usual one first. */
const NEXT: Record<string, CaseCommand[]> = {
  submitted: ['accept', 'accept', 'accept', 'accept', 'reject'],
  screening: ['dispatch', 'dispatch', 'dispatch', 'dispatch', 'answer', 'merge', 'reject'],
  returned: ['dispatch'],
  dispatched: ['sign', 'sign', 'sign', 'return'],
  signed: ['contact', 'contact', 'supervise', 'return'],
  contacted: ['feedback'],
  feedback: ['reply'],
  redo: ['reply'],
  replied: ['rate'],
  rated: ['close', 'revisit'],
  answered: ['appeal'],
};

/** A body each command accepts; `pick` varies the unit, the result and the score. */
function body(command: CaseCommand, pick: number, w: World, other: string | undefined): object {
  switch (command) {
    case 'dispatch':
      return { leadUnitId: pick % 2 ? w.units.dept2 : w.units.dept1, complexity: 'general' };
    case 'contact':
      return { note: '已联系' };
    case 'feedback':
      return { text: '初步意见' };
    case 'reply':
      return { result: pick % 3 ? 'solved' : 'partly', text: '答复' };
    case 'return':
      return { reason: '非本单位职责' };
    case 'rate':
      return { score: pick % 2 ? 5 : 1, ...(pick % 2 ? {} : { comment: '未解决' }) };
    case 'answer':
      return { text: '按政策答复' };
    case 'reject':
      return { reason: '非涉企事项' };
    case 'merge':
      return { intoCaseId: other };
    case 'close':
      return { reason: '办结' };
    case 'supervise':
      return { by: 'platform', instruction: '请加快办理' };
    case 'revisit':
      return { method: 'phone', note: '回访满意' };
    case 'appeal':
      return { reason: '答复未解决问题' };
    case 'accept':
    case 'sign':
      return {};
    case 'complete-milestone':
    case 'decide-extension':
    case 'escalate':
    case 'extend':
    case 'plan':
    case 'respond-supervision':
    case 'review-form':
    case 'review':
    case 'hand-up':
      throw new Error(`the random office does not try ${command}`);
  }
}

const byKey = (rows: KpiGroup[]) =>
  rows
    .filter((r) => r.received > 0)
    .map((r) => ({ ...r }))
    .sort((a, b) => String(a.key).localeCompare(String(b.key)));

describe.each(ENGINES)('KPI rollups on $name', (engine) => {
  let handle: Db;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  const cases: { id: string; owner: Actor }[] = [];

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    await handle.db
      .transaction()
      .execute((trx) =>
        storeProfile(
          trx,
          w.jurisdictionA,
          { ...presetProfiles().get('tz')!, code: 'ta' },
          { userId: null, at: clock.now() },
        ),
      );
  });
  afterAll(() => handle.close());

  async function apply(s: Step): Promise<void> {
    if (s.kind === 'create') {
      const created = await createCase(deps, w.actors[s.enterprise], {
        title: '随机诉求',
        content: '内容',
        channel: s.channel,
      });
      cases.push({ id: created.id, owner: s.enterprise });
      clock.set(new Date(+clock.now() + 60_000));
    } else if (s.kind === 'advance') {
      clock.set(new Date(+clock.now() + s.hours * 3_600_000));
      await sweepDue(deps);
    } else if (s.kind === 'progress') {
      if (cases.length === 0) return;
      // Work on the newest few cases, so that some go the whole way round the loop.
      const index = cases.length - 1 - (s.target % Math.min(cases.length, 3));
      const target = cases[index]!;
      const row = await handle.db
        .selectFrom('cases')
        .select(['status', 'lead_unit_id'])
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow();
      const next = NEXT[row.status];
      if (!next) return;
      const command = next[s.pick % next.length]!;
      const unit: Actor = row.lead_unit_id === w.units.dept2 ? 'unit2' : 'unit1';
      const actor: Actor = ['rate', 'appeal'].includes(command)
        ? target.owner
        : ['sign', 'contact', 'feedback', 'reply', 'return'].includes(command)
          ? unit
          : 'hub';
      await apply({ kind: 'command', target: index, command, actor, pick: s.pick });
    } else if (s.kind === 'read') {
      await catchUpKpis(handle.db, w.jurisdictionA);
    } else if (cases.length > 0) {
      const target = cases[s.target % cases.length]!;
      const other = cases[(s.target + 1 + s.pick) % cases.length];
      const actor = s.command === 'rate' || s.command === 'appeal' ? target.owner : s.actor;
      try {
        await runCaseCommand(
          deps,
          w.actors[actor],
          target.id,
          s.command,
          body(s.command, s.pick, w, other?.id) as never,
        );
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
      }
      clock.set(new Date(+clock.now() + 5 * 60_000));
    }
  }

  async function expectEqual(from: string, to: string, by: KpiDimension) {
    await catchUpKpis(handle.db, w.jurisdictionA);
    const direct = await kpiGroups(
      handle.db,
      w.actors.hub,
      { start: shanghaiInstant(dateToDay(from), 0), end: shanghaiInstant(dateToDay(to), 0) },
      by,
    );
    const rolled = await rollupGroups(handle.db, [w.jurisdictionA], { from, to }, by);
    expect(byKey(rolled), `${by} ${from}–${to}`).toEqual(byKey(direct));
  }

  it('equal the direct aggregate after random commands, sweeps and reads, for every dimension and period', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40 }), fc.nat(20), async (steps, offset) => {
        for (const s of steps) await apply(s);
        for (const by of KPI_DIMENSIONS) await expectEqual('2026-11-01', '2027-12-01', by);
        const from = new Date(Date.UTC(2026, 10, 2 + offset)).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2026, 10, 9 + offset)).toISOString().slice(0, 10);
        await expectEqual(from, to, 'unit');
      }),
      { numRuns: 15, seed: 20261204 },
    );
    // The runs built a real history: cases in most states, counted in the rollups.
    const total = await rollupGroups(handle.db, [w.jurisdictionA], { from: '2026-11-01', to: '2027-12-01' }, 'channel');
    expect(total.reduce((n, g) => n + g.received, 0)).toBeGreaterThan(10);
    expect(total.reduce((n, g) => n + g.closed, 0)).toBeGreaterThan(0);
    const sum = (k: keyof KpiGroup) => total.reduce((n, g) => n + Number(g[k]), 0);
    expect(sum('rated')).toBeGreaterThan(0);
    expect(sum('returned') + sum('supervised')).toBeGreaterThan(0);
  });

  it('reads each event once: a second catch-up finds nothing to do', async () => {
    await catchUpKpis(handle.db, w.jurisdictionA);
    expect(await catchUpKpis(handle.db, w.jurisdictionA)).toEqual({ events: 0, cases: 0 });
  });
});
