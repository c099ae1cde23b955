import { describe, expect, it } from 'vitest';
import { CASE_COMMANDS } from './case-commands.js';
import type { ReplayedCase, ReplayEvent } from './case-replay.js';
import { applyCaseEvent, COMMAND_EVENT_TYPES, replayCase } from './case-replay.js';

const LEAD = 'unit-lead';
const CO = 'unit-co';

/** A case as it stands after filing, with fields overridden. */
function filed(over: Partial<ReplayedCase> = {}): ReplayedCase {
  return {
    status: 'submitted',
    round: 1,
    leadUnitId: null,
    assignments: [],
    ratings: [],
    lastScore: null,
    unsatisfiedRounds: 0,
    disciplineFlag: false,
    ...over,
  };
}

/** A case in the lead unit's hands, round `round`, its lead and co-unit in the given states. */
function handled(status: ReplayedCase['status'], lead = 'signed', co = 'dispatched', round = 1): ReplayedCase {
  return filed({
    status,
    round,
    leadUnitId: LEAD,
    assignments: [
      { round, unitId: LEAD, role: 'lead', status: lead as 'signed' },
      { round, unitId: CO, role: 'co', status: co as 'dispatched' },
    ],
  });
}

/** An event as the command runner writes it: the handler's payload plus `from`, `to` and `round`. */
function ev(
  type: string,
  from: string,
  to: string,
  round: number,
  payload: Record<string, unknown> = {},
  unitId: string | null = null,
): ReplayEvent {
  return { seq: 7, type, unitId, payload: { ...payload, from, to, round } };
}

function after(state: ReplayedCase | undefined, event: ReplayEvent): ReplayedCase {
  const step = applyCaseEvent(state, event);
  if (!step.ok) throw new Error(`replay refused: ${JSON.stringify(step.problem)}`);
  return step.state;
}

describe('replaying a case from its events', () => {
  it('names an event type for every command, each type once', () => {
    const types = CASE_COMMANDS.map((c) => COMMAND_EVENT_TYPES[c]);
    expect(new Set(types).size).toBe(CASE_COMMANDS.length);
    expect(types).not.toContain('created');
  });

  it('starts a filed case submitted, round 1, with nothing assigned', () => {
    expect(after(undefined, { seq: 1, type: 'created', unitId: null, payload: { number: 'KH-2026-000001' } })).toEqual(
      filed(),
    );
  });

  it.each<[string, ReplayedCase, ReplayEvent, Partial<ReplayedCase>]>([
    ['accept', filed(), ev('accepted', 'submitted', 'screening', 1), { status: 'screening' }],
    ['reject', filed({ status: 'screening' }), ev('rejected', 'screening', 'rejected', 1), { status: 'rejected' }],
    ['merge', filed({ status: 'screening' }), ev('merged', 'screening', 'merged', 1), { status: 'merged' }],
    ['answer', filed({ status: 'submitted' }), ev('answered', 'submitted', 'answered', 1), { status: 'answered' }],
    [
      'dispatch',
      filed({ status: 'screening' }),
      ev('dispatched', 'screening', 'dispatched', 1, { leadUnitId: LEAD, coUnitIds: [CO] }),
      {
        status: 'dispatched',
        leadUnitId: LEAD,
        assignments: [
          { round: 1, unitId: LEAD, role: 'lead', status: 'dispatched' },
          { round: 1, unitId: CO, role: 'co', status: 'dispatched' },
        ],
      },
    ],
    [
      'sign by the lead',
      handled('dispatched', 'dispatched'),
      ev('signed', 'dispatched', 'signed', 1, { role: 'lead' }, LEAD),
      { status: 'signed', assignments: handled('signed', 'signed').assignments },
    ],
    [
      'sign by a co-unit, which leaves the case where it is',
      handled('signed'),
      ev('signed', 'signed', 'signed', 1, { role: 'co' }, CO),
      { status: 'signed', assignments: handled('signed', 'signed', 'signed').assignments },
    ],
    [
      'contact',
      handled('signed'),
      ev('contacted', 'signed', 'contacted', 1, { role: 'lead' }, LEAD),
      { status: 'contacted', assignments: handled('signed', 'contacted').assignments },
    ],
    [
      'feedback',
      handled('contacted', 'contacted'),
      ev('feedback', 'contacted', 'feedback', 1, { role: 'lead' }, LEAD),
      { status: 'feedback', assignments: handled('signed', 'feedback').assignments },
    ],
    [
      'reply',
      handled('feedback', 'feedback'),
      ev('replied', 'feedback', 'replied', 1, { role: 'lead', result: 'solved' }, LEAD),
      { status: 'replied', assignments: handled('signed', 'replied').assignments },
    ],
    [
      'reply by a co-unit',
      handled('feedback', 'feedback', 'signed'),
      ev('replied', 'feedback', 'feedback', 1, { role: 'co' }, CO),
      { status: 'feedback', assignments: handled('signed', 'feedback', 'replied').assignments },
    ],
    [
      'return',
      handled('signed'),
      ev('returned', 'signed', 'returned', 1, { reason: '非本单位职责' }, LEAD),
      { status: 'returned', leadUnitId: null, assignments: handled('signed', 'returned', 'returned').assignments },
    ],
    [
      'rate satisfied',
      handled('replied', 'replied'),
      ev('rated', 'replied', 'rated', 1, { score: 5, satisfied: true }),
      { status: 'rated', lastScore: 5, ratings: [{ round: 1, score: 5, satisfied: true }] },
    ],
    [
      'rate unsatisfied: the next round opens, the lead signed and the co-unit to sign again',
      handled('replied', 'replied', 'replied'),
      ev('rated', 'replied', 'redo', 2, { score: 2, satisfied: false }),
      {
        status: 'redo',
        round: 2,
        lastScore: 2,
        unsatisfiedRounds: 1,
        disciplineFlag: true,
        ratings: [{ round: 1, score: 2, satisfied: false }],
        assignments: [
          ...handled('replied', 'replied', 'replied').assignments,
          { round: 2, unitId: LEAD, role: 'lead', status: 'signed' },
          { round: 2, unitId: CO, role: 'co', status: 'dispatched' },
        ],
      },
    ],
    [
      'rate unsatisfied once the rounds are spent: review, same round',
      { ...handled('replied', 'replied', 'signed', 2), unsatisfiedRounds: 1 },
      ev('rated', 'replied', 'review', 2, { score: 1, satisfied: false }),
      {
        status: 'review',
        round: 2,
        lastScore: 1,
        unsatisfiedRounds: 2,
        disciplineFlag: true,
        ratings: [{ round: 2, score: 1, satisfied: false }],
      },
    ],
    ['revisit', handled('rated'), ev('revisited', 'rated', 'rated', 1, { method: 'phone' }), { status: 'rated' }],
    [
      'review closes',
      handled('review'),
      ev('reviewed', 'review', 'closed', 1, { decision: 'close' }),
      { status: 'closed' },
    ],
    [
      'review opens another round',
      handled('review', 'replied', 'replied'),
      ev('reviewed', 'review', 'redo', 2, { decision: 'redo' }),
      {
        status: 'redo',
        round: 2,
        assignments: [
          ...handled('review', 'replied', 'replied').assignments,
          { round: 2, unitId: LEAD, role: 'lead', status: 'signed' },
          { round: 2, unitId: CO, role: 'co', status: 'dispatched' },
        ],
      },
    ],
    ['close', handled('rated'), ev('closed', 'rated', 'closed', 1), { status: 'closed' }],
    ['escalate to a leader', handled('signed'), ev('escalated', 'signed', 'signed', 1, { escalatedTo: 'leader' }), {}],
    [
      'escalate to the discipline commission',
      handled('signed'),
      ev('escalated', 'signed', 'signed', 1, { escalatedTo: 'discipline' }),
      { disciplineFlag: true },
    ],
    [
      'escalate, recorded without its target: the discipline flag cannot be told',
      handled('signed'),
      ev('escalated', 'signed', 'signed', 1, { reason: '推诿' }),
      { disciplineFlag: null },
    ],
    ['extend', handled('signed'), ev('extension_requested', 'signed', 'signed', 1), {}],
    ['decide-extension', handled('signed'), ev('extension_decided', 'signed', 'signed', 1, { approve: true }), {}],
    ['supervise as the platform', handled('signed'), ev('supervised', 'signed', 'signed', 1, { by: 'platform' }), {}],
    [
      'supervise as the discipline commission',
      handled('signed'),
      ev('supervised', 'signed', 'signed', 1, { by: 'discipline' }),
      { disciplineFlag: true },
    ],
    ['plan', handled('signed'), ev('planned', 'signed', 'signed', 1), {}],
    ['complete-milestone', handled('signed'), ev('milestone_completed', 'signed', 'signed', 1), {}],
    ['review-form', handled('review'), ev('review_form_submitted', 'review', 'review', 1), {}],
    [
      'appeal',
      filed({ status: 'answered' }),
      ev('appealed', 'answered', 'screening', 1, { reason: '答复不准确' }),
      { status: 'screening' },
    ],
  ])('%s', (_name, before, event, changed) => {
    expect(after(before, event)).toEqual({ ...before, ...changed });
  });

  it.each<[string, ReplayedCase, ReplayEvent]>([
    ['a clock warning', handled('signed'), { seq: 9, type: 'clock_warned', unitId: null, payload: { round: 1 } }],
    [
      'a card that opens nothing',
      handled('signed'),
      { seq: 9, type: 'card_issued', unitId: null, payload: { colour: 'red', toDiscipline: false } },
    ],
    ['an attachment', handled('signed'), { seq: 9, type: 'attachment_added', unitId: LEAD, payload: {} }],
    [
      'a hand-off to the leaders',
      handled('signed'),
      { seq: 9, type: 'handed_off', unitId: null, payload: { to: 'leader' } },
    ],
  ])('leaves the case as it is after %s', (_name, before, event) => {
    expect(after(before, event)).toBe(before);
  });

  it('follows a case handed up and its result brought back, replied or back to screening', () => {
    const up = after(filed({ status: 'screening' }), ev('handed_up', 'screening', 'handed_up', 1, { reason: 'x' }));
    expect(up.status).toBe('handed_up');
    expect(after(up, ev('handup_returned', 'handed_up', 'replied', 1, { result: 'solved' })).status).toBe('replied');
    expect(after(up, ev('handup_returned', 'handed_up', 'screening', 1)).status).toBe('screening');
    // The result comes back only to a case that waits for it, in its own round, to one of the two states.
    const refused = (state: ReplayedCase, event: ReplayEvent) => applyCaseEvent(state, event).ok;
    expect(refused(filed({ status: 'screening' }), ev('handup_returned', 'screening', 'replied', 1))).toBe(false);
    expect(refused(up, ev('handup_returned', 'handed_up', 'closed', 1))).toBe(false);
    expect(refused(up, ev('handup_returned', 'handed_up', 'replied', 2))).toBe(false);
  });

  it('opens the case to the discipline commission after a hand-off to it', () => {
    const event: ReplayEvent = { seq: 9, type: 'handed_off', unitId: null, payload: { to: 'discipline' } };
    expect(after(handled('signed'), event).disciplineFlag).toBe(true);
  });

  it('opens the case to the discipline commission as each event says, by the profile then in force', () => {
    const breach = (card: object | null, toDiscipline?: boolean): ReplayEvent => ({
      seq: 9,
      type: 'clock_breached',
      unitId: null,
      payload: { card, ...(toDiscipline === undefined ? {} : { toDiscipline }) },
    });
    expect(after(handled('signed'), breach({ colour: 'red' }, true)).disciplineFlag).toBe(true);
    expect(after(handled('signed'), breach({ colour: 'red' }, false)).disciplineFlag).toBe(false);
    // A red card from before breaches said so: its profile may have opened the case.
    expect(after(handled('signed'), breach({ colour: 'red' })).disciplineFlag).toBeNull();
    expect(after(handled('signed'), breach({ colour: 'yellow' })).disciplineFlag).toBe(false);
    const unsatisfied = (toDiscipline: boolean) =>
      ev('rated', 'replied', 'redo', 2, { score: 2, satisfied: false, toDiscipline });
    const replied = handled('replied', 'replied', 'replied');
    expect(after(replied, unsatisfied(false)).disciplineFlag).toBe(false);
    expect(after(replied, unsatisfied(true)).disciplineFlag).toBe(true);
  });

  it('dispatches again in the same round after a return, beside the returned assignments', () => {
    const returned = after(handled('signed'), ev('returned', 'signed', 'returned', 1, {}, LEAD));
    const again = after(returned, ev('dispatched', 'returned', 'dispatched', 1, { leadUnitId: CO, coUnitIds: [] }));
    expect(again.leadUnitId).toBe(CO);
    expect(again.assignments.map((a) => `${a.round}:${a.unitId}:${a.role}:${a.status}`)).toEqual([
      `1:${LEAD}:lead:returned`,
      `1:${CO}:co:returned`,
      `1:${CO}:lead:dispatched`,
    ]);
  });

  it.each<[string, ReplayedCase | undefined, ReplayEvent, { recorded: string | null; expected: string | null }]>([
    [
      'an event before the filing',
      undefined,
      ev('accepted', 'submitted', 'screening', 1),
      { recorded: 'accepted', expected: 'created' },
    ],
    [
      'a second filing',
      filed(),
      { seq: 7, type: 'created', unitId: null, payload: {} },
      { recorded: 'created', expected: 'filed once' },
    ],
    [
      'a command from a state the case was not in',
      filed({ status: 'screening' }),
      ev('signed', 'dispatched', 'signed', 1, { role: 'lead' }, LEAD),
      { recorded: 'from=dispatched', expected: 'from=screening' },
    ],
    [
      'a state the rules do not lead to',
      filed(),
      ev('accepted', 'submitted', 'dispatched', 1),
      { recorded: 'to=dispatched', expected: 'to=screening' },
    ],
    [
      'a round the rules do not lead to',
      handled('replied', 'replied'),
      ev('rated', 'replied', 'redo', 1, { score: 2, satisfied: false }),
      { recorded: 'round=1', expected: 'round=2' },
    ],
    [
      'a satisfied rating that claims to open a redo',
      handled('replied', 'replied'),
      ev('rated', 'replied', 'redo', 2, { score: 5, satisfied: true }),
      { recorded: 'to=redo', expected: 'a rating or review outcome' },
    ],
    [
      'a unit step by a unit without an assignment in the round',
      handled('signed'),
      ev('contacted', 'signed', 'contacted', 1, { role: 'lead' }, 'unit-other'),
      { recorded: 'unit=unit-other', expected: 'an assignment of the round' },
    ],
    [
      'a co-unit recorded as the lead',
      handled('signed', 'signed', 'signed'),
      ev('contacted', 'signed', 'contacted', 1, { role: 'lead' }, CO),
      { recorded: 'role=lead', expected: 'role=co' },
    ],
  ])('names %s', (_name, before, event, problem) => {
    expect(applyCaseEvent(before, event)).toEqual({ ok: false, problem: { seq: 7, type: event.type, ...problem } });
  });

  it('replays a whole loop and stops at the first event it cannot follow', () => {
    const events: ReplayEvent[] = [
      { seq: 1, type: 'created', unitId: null, payload: {} },
      ev('accepted', 'submitted', 'screening', 1),
      ev('dispatched', 'screening', 'dispatched', 1, { leadUnitId: LEAD, coUnitIds: [CO] }),
      ev('signed', 'dispatched', 'signed', 1, { role: 'lead' }, LEAD),
      ev('replied', 'signed', 'replied', 1, { role: 'lead' }, LEAD),
      ev('rated', 'replied', 'redo', 2, { score: 1, satisfied: false }),
      ev('replied', 'redo', 'replied', 2, { role: 'lead' }, LEAD),
      ev('rated', 'replied', 'rated', 2, { score: 4, satisfied: true }),
      ev('closed', 'rated', 'closed', 2),
    ];
    const done = replayCase(events);
    expect(done).toMatchObject({ ok: true, state: { status: 'closed', round: 2, lastScore: 4, unsatisfiedRounds: 1 } });
    expect(replayCase([])).toBeUndefined();
    const skipped = replayCase(events.filter((e) => e.type !== 'signed'));
    expect(skipped).toMatchObject({ ok: false, problem: { type: 'replied', recorded: 'from=signed' } });
  });
});
