import type { CaseCommand, CommandChoice } from './case-commands.js';
import { CASE_COMMANDS, nextStatus } from './case-commands.js';
import type { CaseStatus } from './case-status.js';

/**
 * The event type each named command records (its handler's `event.type`). Typed over every
 * command, so a new command cannot be added without saying what its event is called; replay
 * reads the command back from the type.
 */
export const COMMAND_EVENT_TYPES: Record<CaseCommand, string> = {
  accept: 'accepted',
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
  revisit: 'revisited',
  review: 'reviewed',
  close: 'closed',
  escalate: 'escalated',
  extend: 'extension_requested',
  'decide-extension': 'extension_decided',
  supervise: 'supervised',
  plan: 'planned',
  'complete-milestone': 'milestone_completed',
  'review-form': 'review_form_submitted',
  appeal: 'appealed',
  'respond-supervision': 'supervision_responded',
  'hand-up': 'handed_up',
};

/**
 * The event that brings a handed-up case's result back from the level above: `to` is `replied`
 * when a unit up there replied, `screening` when the level above finished it otherwise (not
 * accepted, answered, merged) and the hub here decides again. No command writes it: the platform
 * does, once the upper case has its result.
 */
export const HANDUP_RETURNED_EVENT = 'handup_returned';

/**
 * Every type of event a case's chain may hold: its filing, each command's, and those the clock
 * sweep and uploads write. What a webhook may subscribe to.
 */
export const CASE_EVENT_TYPES: readonly string[] = [
  'created',
  ...Object.values(COMMAND_EVENT_TYPES),
  'clock_warned',
  'clock_breached',
  'card_issued',
  'handed_off',
  'attachment_added',
  'attachment_fetch_failed',
  HANDUP_RETURNED_EVENT,
];

const COMMAND_OF_TYPE = new Map<string, CaseCommand>(CASE_COMMANDS.map((c) => [COMMAND_EVENT_TYPES[c], c]));

/** The event that files a case (intake); every case's events begin with it. */
export const CASE_CREATED_EVENT = 'created';

/** The state of one assignment (交办) of a case. */
export const ASSIGNMENT_STATUSES = ['dispatched', 'signed', 'contacted', 'feedback', 'replied', 'returned'] as const;
/** One of `ASSIGNMENT_STATUSES`. */
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** One event of a case as stored: its place in the chain, type, the actor's unit and the payload. */
export interface ReplayEvent {
  seq: number;
  type: string;
  /** The unit the actor acted for; a unit's own commands (sign … reply) name its assignment by it. */
  unitId: string | null;
  payload: Readonly<Record<string, unknown>>;
}

/** One assignment as the events leave it. */
export interface ReplayedAssignment {
  round: number;
  unitId: string;
  role: 'lead' | 'co';
  status: AssignmentStatus;
}

/** One rating as the events leave it. */
export interface ReplayedRating {
  round: number;
  score: number;
  satisfied: boolean;
}

/** What a case's events say its row, its assignments and its ratings must hold. */
export interface ReplayedCase {
  status: CaseStatus;
  round: number;
  leadUnitId: string | null;
  /** Every assignment of every round, in the order they were opened. */
  assignments: ReplayedAssignment[];
  ratings: ReplayedRating[];
  lastScore: number | null;
  unsatisfiedRounds: number;
  /**
   * Opened to the discipline commission by an unsatisfied rating, an escalation, a supervision or a
   * hand-off; null when the events cannot tell (an escalation recorded without its target).
   */
  disciplineFlag: boolean | null;
}

/** Why replay cannot follow an event: what the event records against what replay expected there. */
export interface ReplayProblem {
  seq: number;
  type: string;
  /** What the event itself records (e.g. `from=signed`), or null when it records nothing. */
  recorded: string | null;
  /** What the events before it lead to. */
  expected: string | null;
}

/** One step of replay: the case's state after the event, or the event replay could not follow. */
export type ReplayStep = { ok: true; state: ReplayedCase } | { ok: false; problem: ReplayProblem };

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(event: ReplayEvent, recorded: string | null, expected: string | null): ReplayStep {
  return { ok: false, problem: { seq: event.seq, type: event.type, recorded, expected } };
}

/** The assignments of the round's units copied into the next round: the lead signed, co-units to sign again. */
function nextRound(state: ReplayedCase): ReplayedCase {
  const round = state.round + 1;
  const carried = state.assignments
    .filter((a) => a.round === state.round && a.status !== 'returned')
    .map((a): ReplayedAssignment => ({ ...a, round, status: a.role === 'lead' ? 'signed' : 'dispatched' }));
  return { ...state, round, assignments: [...state.assignments, ...carried] };
}

/** What a rating or a review chose, from its event; null when the event does not say. */
function choiceOf(command: CaseCommand, payload: ReplayEvent['payload']): CommandChoice | null | undefined {
  if (command === 'rate') {
    const to = str(payload['to']);
    const satisfied = payload['satisfied'];
    // A satisfied rating always goes to `rated`; an unsatisfied one to a redo or, its rounds spent, the review.
    if (satisfied === true && to === 'rated') return { command: 'rate', next: 'rated' };
    if (satisfied === false && (to === 'redo' || to === 'review' || to === 'screening')) {
      return { command: 'rate', next: to };
    }
    return null;
  }
  if (command === 'review') {
    const decision = payload['decision'];
    return decision === 'close' || decision === 'redo' ? { command: 'review', decision } : null;
  }
  return undefined;
}

const UNIT_STEP: Partial<Record<CaseCommand, AssignmentStatus>> = {
  sign: 'signed',
  contact: 'contacted',
  feedback: 'feedback',
  reply: 'replied',
};

/**
 * Applies one event to a case's state, as the command that wrote it changed the case: the next
 * status by core's `nextStatus` (a co-unit acting on its own assignment leaves the case where it
 * is), assignments opened, advanced, returned and carried into the next round, ratings, the
 * round, the lead unit and the discipline flag. Each command's event records the status it left
 * (`from`), the status it reached (`to`) and the round; replay must agree with all three, so an
 * event that no longer follows from the ones before it is named. Events of no command (clock
 * warnings and breaches, cards, attachments) change none of this, except a hand-off to the
 * discipline commission; a type replay does not know is read the same way.
 */
export function applyCaseEvent(state: ReplayedCase | undefined, event: ReplayEvent): ReplayStep {
  const p = event.payload;
  if (event.type === CASE_CREATED_EVENT) {
    if (state) return fail(event, CASE_CREATED_EVENT, 'filed once');
    return {
      ok: true,
      state: {
        status: 'submitted',
        round: 1,
        leadUnitId: null,
        assignments: [],
        ratings: [],
        lastScore: null,
        unsatisfiedRounds: 0,
        disciplineFlag: false,
      },
    };
  }
  if (!state) return fail(event, event.type, CASE_CREATED_EVENT);

  if (event.type === HANDUP_RETURNED_EVENT) {
    const from = str(p['from']);
    if (from !== state.status || from !== 'handed_up') return fail(event, `from=${from ?? '-'}`, 'from=handed_up');
    const to = str(p['to']);
    if (to !== 'replied' && to !== 'screening') return fail(event, `to=${to ?? '-'}`, 'to=replied or screening');
    const round = num(p['round']);
    if (round !== state.round) return fail(event, `round=${round ?? '-'}`, `round=${state.round}`);
    return { ok: true, state: { ...state, status: to } };
  }

  const command = COMMAND_OF_TYPE.get(event.type);
  if (!command) {
    const handedToDiscipline = event.type === 'handed_off' && p['to'] === 'discipline';
    if (handedToDiscipline || p['toDiscipline'] === true)
      return { ok: true, state: { ...state, disciplineFlag: true } };
    // A red card written before breaches said whether they opened the case: its profile may have.
    const red = isRecord(p['card']) ? p['card']['colour'] === 'red' : p['colour'] === 'red';
    if (red && p['toDiscipline'] === undefined && state.disciplineFlag === false) {
      return { ok: true, state: { ...state, disciplineFlag: null } };
    }
    return { ok: true, state };
  }

  const from = str(p['from']);
  if (from !== state.status) return fail(event, `from=${from ?? '-'}`, `from=${state.status}`);
  const unitStep = UNIT_STEP[command];
  const role = str(p['role']);
  const as = unitStep && role === 'co' ? 'co-unit' : 'case';
  const choice = choiceOf(command, p);
  if (choice === null) return fail(event, `to=${str(p['to']) ?? '-'}`, 'a rating or review outcome');
  const status = nextStatus(command, state.status, as, choice);

  let next: ReplayedCase = { ...state, status };
  switch (command) {
    case 'dispatch': {
      const lead = str(p['leadUnitId']);
      if (!lead) return fail(event, 'leadUnitId=-', 'a lead unit');
      const co = Array.isArray(p['coUnitIds']) ? p['coUnitIds'].filter((u): u is string => typeof u === 'string') : [];
      const opened = [lead, ...co].map((unitId, i): ReplayedAssignment => ({
        round: state.round,
        unitId,
        role: i === 0 ? 'lead' : 'co',
        status: 'dispatched',
      }));
      next = { ...next, leadUnitId: lead, assignments: [...state.assignments, ...opened] };
      break;
    }
    case 'sign':
    case 'contact':
    case 'feedback':
    case 'reply': {
      const at = state.assignments.findIndex(
        (a) => a.round === state.round && a.unitId === event.unitId && a.status !== 'returned',
      );
      const mine = state.assignments[at];
      if (!mine || !unitStep) return fail(event, `unit=${event.unitId ?? '-'}`, 'an assignment of the round');
      if (mine.role !== role) return fail(event, `role=${role ?? '-'}`, `role=${mine.role}`);
      const assignments = [...state.assignments];
      assignments[at] = { ...mine, status: unitStep };
      next = { ...next, assignments };
      break;
    }
    case 'return':
      next = {
        ...next,
        leadUnitId: null,
        assignments: state.assignments.map((a) => (a.round === state.round ? { ...a, status: 'returned' } : a)),
      };
      break;
    case 'rate': {
      const score = num(p['score']);
      const satisfied = p['satisfied'] === true;
      if (score === null) return fail(event, 'score=-', 'a score');
      next = {
        ...next,
        ratings: [...state.ratings, { round: state.round, score, satisfied }],
        lastScore: score,
        unsatisfiedRounds: state.unsatisfiedRounds + (satisfied ? 0 : 1),
        // Whether it opened the case is in the event; before events said so, every unsatisfied one did.
        disciplineFlag:
          p['toDiscipline'] === true || (p['toDiscipline'] === undefined && !satisfied) ? true : state.disciplineFlag,
      };
      if (status === 'redo') next = { ...nextRound(next), status };
      // Back to the hub to dispatch again: a new round that no unit holds yet.
      if (status === 'screening') next = { ...next, round: state.round + 1, leadUnitId: null, status };
      break;
    }
    case 'review':
      if (status === 'redo') next = { ...nextRound(next), status };
      break;
    case 'escalate': {
      // Escalations once recorded no target (their `to` is the status); such a one may have opened the case.
      const target = str(p['escalatedTo']);
      if (target === 'discipline') next = { ...next, disciplineFlag: true };
      else if (target === null && state.disciplineFlag === false) next = { ...next, disciplineFlag: null };
      break;
    }
    case 'supervise':
      if (p['by'] === 'discipline') next = { ...next, disciplineFlag: true };
      break;
    case 'accept':
    case 'reject':
    case 'merge':
    case 'answer':
    case 'revisit':
    case 'close':
    case 'extend':
    case 'decide-extension':
    case 'plan':
    case 'complete-milestone':
    case 'review-form':
    case 'appeal':
    case 'respond-supervision':
    case 'hand-up':
      break;
  }

  const to = str(p['to']);
  if (to !== next.status) return fail(event, `to=${to ?? '-'}`, `to=${next.status}`);
  const round = num(p['round']);
  if (round !== next.round) return fail(event, `round=${round ?? '-'}`, `round=${next.round}`);
  return { ok: true, state: next };
}

/** Replays a case's events in chain order; the first event replay cannot follow ends it. */
export function replayCase(events: Iterable<ReplayEvent>): ReplayStep | undefined {
  let state: ReplayedCase | undefined;
  for (const event of events) {
    const step = applyCaseEvent(state, event);
    if (!step.ok) return step;
    state = step.state;
  }
  return state ? { ok: true, state } : undefined;
}
