import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseCommand, CaseStatus } from '@qisu/core';
import { CASE_COMMANDS, CASE_STATUSES, COMMAND_EVENT_TYPES } from '@qisu/core';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { driveTo } from '../testing/drive.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { runCaseCommand } from './commands/run-command.js';
import { TEST_PII } from '../testing/pii.js';

type ActorKey = 'hub' | 'leader' | 'admin' | 'discipline' | 'unit1' | 'unit2' | 'unit3' | 'entA' | 'entB' | 'liaison';
const ACTORS: ActorKey[] = [
  'hub',
  'leader',
  'admin',
  'discipline',
  'unit1',
  'unit2',
  'unit3',
  'entA',
  'entB',
  'liaison',
];

const OPEN: CaseStatus[] = CASE_STATUSES.filter((s) => !['rejected', 'merged', 'answered', 'closed'].includes(s));
const HANDLING: CaseStatus[] = ['dispatched', 'signed', 'contacted', 'feedback', 'redo'];
const SCREENABLE: CaseStatus[] = ['submitted', 'screening', 'returned'];
const ASSIGNED: CaseStatus[] = [
  'returned',
  'dispatched',
  'signed',
  'contacted',
  'feedback',
  'replied',
  'rated',
  'redo',
  'review',
  'closed',
];

/** Who may see a case driven to `status` by `driveTo` (SPEC §2 data scope). */
function visible(actor: ActorKey, status: CaseStatus): boolean {
  switch (actor) {
    case 'hub':
    case 'leader':
    case 'admin':
    case 'entA':
    case 'liaison':
      return true;
    case 'unit1':
    case 'unit2':
      return ASSIGNED.includes(status);
    case 'discipline':
      return status === 'redo' || status === 'review';
    case 'unit3':
    case 'entB':
      return false;
  }
}

/** Which actors hold a role that may ever issue the command. */
const PERMITTED: Record<CaseCommand, ActorKey[]> = {
  accept: ['hub'],
  reject: ['hub', 'leader'],
  merge: ['hub', 'leader'],
  answer: ['hub', 'leader'],
  dispatch: ['hub', 'leader'],
  sign: ['unit1', 'unit2', 'unit3'],
  contact: ['unit1', 'unit2', 'unit3'],
  feedback: ['unit1', 'unit2', 'unit3'],
  reply: ['unit1', 'unit2', 'unit3'],
  return: ['unit1', 'unit2', 'unit3'],
  rate: ['entA', 'entB', 'hub'],
  revisit: ['hub', 'liaison'],
  review: ['hub', 'leader'],
  close: ['hub'],
  escalate: ['hub', 'leader', 'unit1', 'unit2', 'unit3'],
  extend: ['unit1', 'unit2', 'unit3'],
  'decide-extension': ['hub', 'leader'],
  supervise: ['hub', 'leader', 'discipline'],
  plan: ['unit1', 'unit2', 'unit3'],
  'complete-milestone': ['unit1', 'unit2', 'unit3'],
  // Only a unit head signs the review form; none of the actors of this table is one.
  'review-form': [],
  appeal: ['entA', 'entB'],
  'respond-supervision': ['hub', 'unit1', 'unit2', 'unit3'],
  'hand-up': ['hub', 'leader'],
};

/** States from which the command is legal for the lead unit, hub or enterprise. */
const FROM: Record<CaseCommand, CaseStatus[]> = {
  accept: ['submitted', 'returned'],
  reject: SCREENABLE,
  merge: SCREENABLE,
  answer: SCREENABLE,
  dispatch: SCREENABLE,
  sign: ['dispatched'],
  contact: ['signed', 'redo'],
  feedback: ['signed', 'contacted', 'redo'],
  reply: ['signed', 'contacted', 'feedback', 'redo'],
  return: ['dispatched', 'signed'],
  rate: ['replied'],
  revisit: ['replied', 'rated'],
  review: ['review'],
  close: ['rated', 'redo', 'screening'],
  escalate: OPEN,
  extend: HANDLING,
  'decide-extension': HANDLING,
  supervise: OPEN.filter((s) => s !== 'submitted'),
  plan: HANDLING,
  'complete-milestone': HANDLING,
  'review-form': ['review'],
  appeal: ['answered', 'rejected'],
  'respond-supervision': OPEN.filter((s) => s !== 'submitted'),
  'hand-up': SCREENABLE,
};

const NEXT: Partial<Record<CaseCommand, CaseStatus>> = {
  accept: 'screening',
  reject: 'rejected',
  merge: 'merged',
  answer: 'answered',
  dispatch: 'dispatched',
  sign: 'signed',
  contact: 'contacted',
  feedback: 'feedback',
  reply: 'replied',
  return: 'returned',
  rate: 'rated',
  review: 'closed',
  close: 'closed',
  appeal: 'screening',
};

type Expected = { ok: CaseStatus } | { error: number; code?: string };

/** The whole expectation for one actor, command and state, written from SPEC §2–§4. */
function expected(actor: ActorKey, command: CaseCommand, status: CaseStatus): Expected {
  if (!visible(actor, status)) return { error: 404 };
  if (!PERMITTED[command].includes(actor)) return { error: 403 };
  const coUnitCommand = actor === 'unit2' && ['sign', 'contact', 'feedback', 'reply'].includes(command);
  const from = coUnitCommand ? HANDLING : FROM[command];
  if (!from.includes(status)) return { error: 409, code: 'CASE_ILLEGAL_TRANSITION' };
  // The co-unit has an assignment of the current round only while units are handling the case.
  const currentRoundUnit = [
    'dispatched',
    'signed',
    'contacted',
    'feedback',
    'replied',
    'rated',
    'redo',
    'review',
  ].includes(status);
  if (actor === 'unit2') {
    if (['return', 'extend', 'plan', 'complete-milestone', 'respond-supervision'].includes(command)) {
      return { error: 403 };
    }
    if (command === 'escalate') return currentRoundUnit ? { ok: status } : { error: 403 };
    // driveTo never lets the co-unit sign, so only signing is open to it.
    if (command === 'sign') return { ok: status };
    return { error: 409, code: 'ASSIGNMENT_STATE' };
  }
  if (actor === 'unit1' && !currentRoundUnit) return { error: 403 };
  if (actor === 'unit3') return { error: 403 };
  if (command === 'decide-extension') return { error: 409, code: 'EXTENSION_NOT_PENDING' };
  // Closing is for a satisfied case; this profile lets the hub close no unsatisfied one.
  if (command === 'close' && status !== 'rated') return { error: 409, code: 'UNSATISFIED_CLOSE_NOT_ALLOWED' };
  // No case of the table is under supervision.
  if (command === 'respond-supervision') return { error: 409, code: 'SUPERVISION_NOT_OPEN' };
  // The table names no milestone of a plan that exists, so the lead unit's attempt is bad input.
  if (command === 'complete-milestone') return { error: 400 };
  // The world's jurisdiction has none above it on the platform.
  if (command === 'hand-up') return { error: 400, code: 'HANDUP_NO_PARENT' };
  if ((command === 'rate' || command === 'appeal') && actor === 'entB') return { error: 403 };
  return { ok: NEXT[command] ?? status };
}

function bodyFor(command: CaseCommand, actor: ActorKey, w: World, mergeTarget: string): unknown {
  switch (command) {
    case 'reject':
      return { reason: '不属于涉企诉求' };
    case 'merge':
      return { intoCaseId: mergeTarget };
    case 'answer':
      return { text: '政策答复' };
    case 'dispatch':
      return { leadUnitId: w.units.dept1, coUnitIds: [w.units.dept2] };
    case 'contact':
      return { note: '已联系' };
    case 'feedback':
      return { text: '初步反馈' };
    case 'reply':
      return { result: 'solved', text: '已办结' };
    case 'return':
      return { reason: '非本单位职责' };
    case 'appeal':
      return { reason: '答复未解决实际问题' };
    case 'rate':
      return { score: 5 };
    case 'revisit':
      return { method: 'phone', note: '电话回访' };
    case 'review':
      return { decision: 'close', opinion: '同意销号' };
    case 'escalate':
      return { to: 'leader', reason: '需领导协调' };
    case 'extend':
      return { reason: '需上级批复', until: '2026-12-31T09:00:00+08:00' };
    case 'decide-extension':
      return { approve: true };
    case 'supervise':
      return {
        by: actor === 'leader' ? 'leader' : actor === 'discipline' ? 'discipline' : 'platform',
        instruction: '请加快办理',
      };
    case 'plan':
      return { text: '分两步解决', milestones: [{ title: '完成现场勘测', dueAt: '2026-12-20T17:00:00+08:00' }] };
    case 'complete-milestone':
      return { clockId: '00000000-0000-4000-8000-000000000000', note: '已完成' };
    case 'review-form':
      return { statement: '已两次办理，受客观条件限制', signedBy: '王局长' };
    case 'respond-supervision':
      return { response: '已加派人手，本周内办结' };
    case 'hand-up':
      return { reason: '县级层面无法协调解决' };
    case 'accept':
    case 'sign':
    case 'close':
      return {};
  }
}

describe.each(ENGINES)('transition table on $name', (engine) => {
  let handle: Db;
  let deps: Deps;
  let w: World;
  let mergeTarget: string;

  beforeAll(async () => {
    handle = await engine.open();
    deps = { db: handle.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
    w = await seedWorld(handle.db);
    mergeTarget = await driveTo(deps, w, 'screening', '合并目标');
  });
  afterAll(() => handle.close());

  const countEvents = async (caseId?: string) => {
    let q = handle.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n'));
    if (caseId) q = q.where('case_id', '=', caseId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const statusOf = async (caseId: string) =>
    (await handle.db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirstOrThrow()).status;

  it.each(CASE_STATUSES.map((s) => [s]))('every command × every actor from %s', async (status) => {
    const base = await driveTo(deps, w, status);
    expect(await statusOf(base)).toBe(status);
    let successes = 0;
    for (const command of CASE_COMMANDS) {
      for (const actor of ACTORS) {
        const want = expected(actor, command, status);
        const target = 'ok' in want ? await driveTo(deps, w, status) : base;
        const before = await countEvents();
        const beforeCase = await countEvents(target);
        let outcome: Expected;
        try {
          const view = await runCaseCommand(
            deps,
            w.actors[actor],
            target,
            command,
            bodyFor(command, actor, w, mergeTarget) as never,
          );
          outcome = { ok: view.status };
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          outcome = 'code' in want ? { error: error.status, code: error.code } : { error: error.status };
          if (error.code === 'CASE_ILLEGAL_TRANSITION') expect(error.extra['currentStatus']).toBe(status);
        }
        expect({ actor, command, status, outcome }).toEqual({ actor, command, status, outcome: want });
        if ('ok' in want) {
          successes++;
          expect(await countEvents(target)).toBe(beforeCase + 1);
          const [last] = await handle.db
            .selectFrom('events')
            .select(['type', 'actor_id'])
            .where('case_id', '=', target)
            .orderBy('seq', 'desc')
            .limit(1)
            .execute();
          expect(last).toEqual({ type: COMMAND_EVENT_TYPES[command], actor_id: w.actors[actor].userId });
          expect(await statusOf(target)).toBe(want.ok);
        } else {
          expect(await countEvents()).toBe(before);
          expect(await statusOf(target)).toBe(status);
        }
      }
    }
    // Every open state has something someone may do; of the final states, only an answer or a
    // refusal may still be appealed by the enterprise.
    expect(successes > 0).toBe(OPEN.includes(status) || FROM.appeal.includes(status));
  });
});
