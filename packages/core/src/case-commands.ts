import type { CaseStatus } from './case-status.js';
import { HANDLING_STATUSES, OPEN_STATUSES, SCREENABLE_STATUSES } from './case-status.js';
import type { Role } from './roles.js';

/** The named commands of SPEC §10, one per transition. */
export const CASE_COMMANDS = [
  'accept',
  'reject',
  'merge',
  'answer',
  'dispatch',
  'sign',
  'contact',
  'feedback',
  'reply',
  'return',
  'rate',
  'revisit',
  'review',
  'close',
  'escalate',
  'extend',
  'decide-extension',
  'supervise',
  'plan',
  'complete-milestone',
  'review-form',
  'appeal',
  'respond-supervision',
  'hand-up',
] as const;

export type CaseCommand = (typeof CASE_COMMANDS)[number];

/**
 * How the actor stands towards the case in its current round. The server derives it from the
 * case's assignments; the rules below only read it.
 */
export interface ActorRelation {
  roles: readonly Role[];
  /** The actor's unit holds the lead (牵头) assignment of the current round. */
  isLeadUnit: boolean;
  /** The actor's unit holds a co-unit (协办) assignment of the current round. */
  isCoUnit: boolean;
  /** The actor is a contact of the case's enterprise. */
  isOwnEnterprise: boolean;
}

/** Who may issue a command: a role, possibly only in a given relation to the case. */
type Grant = { role: Role; as?: 'lead' | 'lead-or-co' | 'own-enterprise' };

interface CommandRule {
  /** States from which the command moves the case (or, for record-only commands, is accepted). */
  from: readonly CaseStatus[];
  grants: readonly Grant[];
  /** States in which a co-unit may act on its own assignment without moving the case. */
  coFrom?: readonly CaseStatus[];
}

const unit = (as: Grant['as']): Grant[] => [
  { role: 'unit_handler', as },
  { role: 'unit_head', as },
];
const hubOrLeader: Grant[] = [{ role: 'hub' }, { role: 'leader' }];

/**
 * The transition table. Screening outcomes are also accepted straight from `submitted` and
 * `returned`, so that a hub can forward a case the moment it arrives (峄城 "即时转至").
 */
export const COMMAND_RULES: Record<CaseCommand, CommandRule> = {
  accept: { from: ['submitted', 'returned'], grants: [{ role: 'hub' }] },
  reject: { from: SCREENABLE_STATUSES, grants: hubOrLeader },
  merge: { from: SCREENABLE_STATUSES, grants: hubOrLeader },
  answer: { from: SCREENABLE_STATUSES, grants: hubOrLeader },
  dispatch: { from: SCREENABLE_STATUSES, grants: hubOrLeader },
  sign: { from: ['dispatched'], grants: unit('lead-or-co'), coFrom: HANDLING_STATUSES },
  contact: { from: ['signed', 'redo'], grants: unit('lead-or-co'), coFrom: HANDLING_STATUSES },
  feedback: { from: ['signed', 'contacted', 'redo'], grants: unit('lead-or-co'), coFrom: HANDLING_STATUSES },
  reply: { from: ['signed', 'contacted', 'feedback', 'redo'], grants: unit('lead-or-co'), coFrom: HANDLING_STATUSES },
  return: { from: ['dispatched', 'signed'], grants: unit('lead') },
  rate: { from: ['replied'], grants: [{ role: 'enterprise', as: 'own-enterprise' }, { role: 'hub' }] },
  revisit: { from: ['replied', 'rated'], grants: [{ role: 'hub' }, { role: 'liaison' }] },
  review: { from: ['review'], grants: hubOrLeader },
  /**
   * Closing a satisfied case; or, as a recorded decision with a reason, one left unsatisfied
   * after the profile's rounds where the seed names no review (`closeUnsatisfiedAfterRounds`).
   */
  close: { from: ['rated', 'redo', 'screening'], grants: [{ role: 'hub' }] },
  escalate: { from: OPEN_STATUSES, grants: [...hubOrLeader, ...unit('lead-or-co')] },
  extend: { from: HANDLING_STATUSES, grants: unit('lead') },
  'decide-extension': { from: HANDLING_STATUSES, grants: hubOrLeader },
  supervise: {
    from: OPEN_STATUSES.filter((s) => s !== 'submitted'),
    grants: [...hubOrLeader, { role: 'discipline' }],
  },
  plan: { from: HANDLING_STATUSES, grants: unit('lead') },
  'complete-milestone': { from: HANDLING_STATUSES, grants: unit('lead') },
  /** The lead unit's 不满意诉求审核反馈表, signed by its head (seed 003). */
  'review-form': { from: ['review'], grants: [{ role: 'unit_head', as: 'lead' }] },
  /** The enterprise disputes an answer or a refusal; the case goes back to the hub's screening. */
  appeal: { from: ['answered', 'rejected'], grants: [{ role: 'enterprise', as: 'own-enterprise' }] },
  /** The supervised unit answers a 督办; the hub records an answer for a case no unit holds yet. */
  'respond-supervision': {
    from: OPEN_STATUSES.filter((s) => s !== 'submitted'),
    grants: [...unit('lead'), { role: 'hub' }],
  },
  /**
   * What the jurisdiction cannot solve goes to the hub of the one above it on the platform
   * (001/003 "县级层面无法解决的，报市级协调处置"); the case waits there for the result.
   */
  'hand-up': { from: SCREENABLE_STATUSES, grants: hubOrLeader },
};

export type CommandDecision =
  | { kind: 'forbidden' }
  | { kind: 'illegal'; currentStatus: CaseStatus }
  /** `as` tells whether the command moves the case or only the co-unit's own assignment. */
  | { kind: 'allowed'; as: 'case' | 'co-unit' };

function relationHolds(grant: Grant, rel: ActorRelation): boolean {
  switch (grant.as) {
    case undefined:
      return true;
    case 'lead':
      return rel.isLeadUnit;
    case 'lead-or-co':
      return rel.isLeadUnit || rel.isCoUnit;
    case 'own-enterprise':
      return rel.isOwnEnterprise;
  }
}

/**
 * May this actor issue this command to a case in this state? Checks, in order: a role that
 * may ever issue the command (else forbidden), the state (else illegal, reporting the current
 * state), then the actor's relation to the case's current round (else forbidden).
 */
export function decideCommand(command: CaseCommand, status: CaseStatus, rel: ActorRelation): CommandDecision {
  const rule = COMMAND_RULES[command];
  const grants = rule.grants.filter((g) => rel.roles.includes(g.role));
  if (grants.length === 0) return { kind: 'forbidden' };

  const asCoUnit = rel.isCoUnit && !rel.isLeadUnit && grants.some((g) => g.as === 'lead-or-co');
  const staffGrants = grants.filter((g) => g.as !== 'lead-or-co' && g.as !== 'lead');
  const leadOnly = !asCoUnit || staffGrants.length > 0;
  const states = leadOnly ? rule.from : (rule.coFrom ?? rule.from);
  if (!states.includes(status)) return { kind: 'illegal', currentStatus: status };

  if (!grants.some((g) => relationHolds(g, rel))) return { kind: 'forbidden' };
  if (!leadOnly && rule.coFrom) return { kind: 'allowed', as: 'co-unit' };
  return { kind: 'allowed', as: 'case' };
}

/** Settings that shape the loop until per-jurisdiction profiles take them over. */
export interface LoopSettings {
  /** Lowest score on the 1–5 scale that counts as satisfied. */
  satisfiedMinScore: number;
  /**
   * After this many unsatisfied rounds the case goes to review instead of another round; null
   * where the seed names no review step (only 滕州's does).
   */
  reviewAfterRounds: number | null;
  /**
   * Who takes an unsatisfied case: its unit again (重办), or the hub, which dispatches it anew to
   * any unit with a new limit (径河街 "再次派单").
   */
  unsatisfiedTo?: 'unit' | 'hub';
}

export const DEFAULT_LOOP_SETTINGS: LoopSettings = {
  satisfiedMinScore: 3,
  reviewAfterRounds: 2,
  unsatisfiedTo: 'unit',
};

export interface RateOutcome {
  satisfied: boolean;
  next: Extract<CaseStatus, 'rated' | 'redo' | 'review' | 'screening'>;
  unsatisfiedRounds: number;
}

/**
 * What a rating does: satisfied → rated; unsatisfied → review once the profile's rounds run out
 * (where it has a review), else another round — by the same unit (redo) or back to the hub to
 * dispatch again (screening).
 */
export function rateOutcome(score: number, unsatisfiedRoundsBefore: number, settings: LoopSettings): RateOutcome {
  if (score >= settings.satisfiedMinScore) {
    return { satisfied: true, next: 'rated', unsatisfiedRounds: unsatisfiedRoundsBefore };
  }
  const unsatisfiedRounds = unsatisfiedRoundsBefore + 1;
  const review = settings.reviewAfterRounds !== null && unsatisfiedRounds >= settings.reviewAfterRounds;
  return {
    satisfied: false,
    next: review ? 'review' : settings.unsatisfiedTo === 'hub' ? 'screening' : 'redo',
    unsatisfiedRounds,
  };
}

/**
 * May the hub close a case the enterprise left unsatisfied (a recorded decision with a reason)?
 * Only where the profile allows it after a number of unsatisfied rounds, and they are reached.
 */
export function mayCloseUnsatisfied(unsatisfiedRounds: number, afterRounds: number | undefined): boolean {
  return afterRounds !== undefined && unsatisfiedRounds >= afterRounds;
}

/** What a rating or a review chose, for the commands whose next state depends on it. */
export type CommandChoice =
  { command: 'rate'; next: RateOutcome['next'] } | { command: 'review'; decision: 'close' | 'redo' };

/**
 * The state a command leaves the case in, for every command: a co-unit acting on its own
 * assignment leaves the case where it is; a rating goes where {@link rateOutcome} sent it; a
 * review closes or opens a redo round; every other command by {@link plainNextStatus}.
 */
export function nextStatus(
  command: CaseCommand,
  status: CaseStatus,
  as: 'case' | 'co-unit',
  choice?: CommandChoice,
): CaseStatus {
  if (as === 'co-unit') return status;
  if (command === 'rate') {
    if (choice?.command !== 'rate') throw new Error('a rating needs its outcome');
    return choice.next;
  }
  if (command === 'review') {
    if (choice?.command !== 'review') throw new Error('a review needs its decision');
    return choice.decision === 'close' ? 'closed' : 'redo';
  }
  return plainNextStatus(command, status);
}

/**
 * The state a command leaves the case in, for commands whose outcome does not depend on input
 * (rate and review are decided by {@link rateOutcome} and the review decision).
 */
export function plainNextStatus(command: Exclude<CaseCommand, 'rate' | 'review'>, status: CaseStatus): CaseStatus {
  switch (command) {
    case 'accept':
      return 'screening';
    case 'reject':
      return 'rejected';
    case 'merge':
      return 'merged';
    case 'answer':
      return 'answered';
    case 'dispatch':
      return 'dispatched';
    case 'sign':
      return 'signed';
    case 'contact':
      return 'contacted';
    case 'feedback':
      return 'feedback';
    case 'reply':
      return 'replied';
    case 'return':
      return 'returned';
    case 'close':
      return 'closed';
    case 'appeal':
      return 'screening';
    case 'hand-up':
      return 'handed_up';
    case 'revisit':
    case 'escalate':
    case 'extend':
    case 'decide-extension':
    case 'supervise':
    case 'plan':
    case 'complete-milestone':
    case 'review-form':
    case 'respond-supervision':
      return status;
  }
}
