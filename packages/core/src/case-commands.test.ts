import { describe, expect, it } from 'vitest';
import type { ActorRelation, CaseCommand, CommandDecision } from './case-commands.js';
import {
  CASE_COMMANDS,
  COMMAND_RULES,
  DEFAULT_LOOP_SETTINGS,
  decideCommand,
  nextStatus,
  plainNextStatus,
  rateOutcome,
} from './case-commands.js';
import type { CaseStatus } from './case-status.js';
import { CASE_STATUSES, TERMINAL_STATUSES } from './case-status.js';
import type { Role } from './roles.js';

function actor(roles: Role[], rel: Partial<Omit<ActorRelation, 'roles'>> = {}): ActorRelation {
  return { roles, isLeadUnit: false, isCoUnit: false, isOwnEnterprise: false, ...rel };
}

const ACTORS = {
  hub: actor(['hub']),
  leader: actor(['leader']),
  leadUnit: actor(['unit_handler'], { isLeadUnit: true }),
  coUnit: actor(['unit_handler'], { isCoUnit: true }),
  otherUnit: actor(['unit_handler']),
  ownEnterprise: actor(['enterprise'], { isOwnEnterprise: true }),
  otherEnterprise: actor(['enterprise']),
  discipline: actor(['discipline']),
  admin: actor(['admin']),
  liaison: actor(['liaison']),
} as const;

type ActorKind = keyof typeof ACTORS;

const FORBIDDEN: CommandDecision = { kind: 'forbidden' };
const illegal = (currentStatus: CaseStatus): CommandDecision => ({ kind: 'illegal', currentStatus });
const allowedCase: CommandDecision = { kind: 'allowed', as: 'case' };
const allowedCo: CommandDecision = { kind: 'allowed', as: 'co-unit' };

/**
 * What the table says for each kind of actor, reasoned per actor rather than per grant: a role
 * absent from the command's grants is forbidden; otherwise a state outside the command's
 * from-states (a co-unit's own from-states, when it acts as co-unit) is illegal; otherwise the
 * actor is allowed exactly when its relation to the case satisfies its grant.
 */
function expectedFromRules(kind: ActorKind, command: CaseCommand, status: CaseStatus): CommandDecision {
  const rule = COMMAND_RULES[command];
  const roleGrants = (role: Role) => rule.grants.filter((g) => g.role === role);
  const inFrom = rule.from.includes(status);
  switch (kind) {
    case 'hub':
    case 'leader':
    case 'discipline':
    case 'admin':
    case 'liaison': {
      const grants = roleGrants(kind);
      if (grants.length === 0) return FORBIDDEN;
      if (!inFrom) return illegal(status);
      return grants.some((g) => g.as === undefined) ? allowedCase : FORBIDDEN;
    }
    case 'ownEnterprise':
    case 'otherEnterprise': {
      const grants = roleGrants('enterprise');
      if (grants.length === 0) return FORBIDDEN;
      if (!inFrom) return illegal(status);
      return kind === 'ownEnterprise' ? allowedCase : FORBIDDEN;
    }
    case 'leadUnit': {
      if (roleGrants('unit_handler').length === 0) return FORBIDDEN;
      return inFrom ? allowedCase : illegal(status);
    }
    case 'coUnit': {
      const grants = roleGrants('unit_handler');
      if (grants.length === 0) return FORBIDDEN;
      if (grants.some((g) => g.as === 'lead-or-co')) {
        const states = rule.coFrom ?? rule.from;
        if (!states.includes(status)) return illegal(status);
        return rule.coFrom ? allowedCo : allowedCase;
      }
      return inFrom ? FORBIDDEN : illegal(status);
    }
    case 'otherUnit': {
      if (roleGrants('unit_handler').length === 0) return FORBIDDEN;
      return inFrom ? FORBIDDEN : illegal(status);
    }
  }
}

const ACTOR_KINDS = Object.keys(ACTORS) as ActorKind[];

describe('decideCommand against COMMAND_RULES', () => {
  describe.each(ACTOR_KINDS)('for %s', (kind) => {
    it.each(CASE_COMMANDS)('decides %s in every state as the table says', (command) => {
      for (const status of CASE_STATUSES) {
        expect(decideCommand(command, status, ACTORS[kind]), `${command} from ${status}`).toEqual(
          expectedFromRules(kind, command, status),
        );
      }
    });
  });
});

type Expectation = [CaseCommand, CaseStatus, ActorKind, CommandDecision];

/** The loop of SPEC §4 written out by hand, independently of COMMAND_RULES. */
const LOOP: Expectation[] = [
  // screening
  ['accept', 'submitted', 'hub', allowedCase],
  ['accept', 'returned', 'hub', allowedCase],
  ['accept', 'screening', 'hub', illegal('screening')],
  ['accept', 'submitted', 'leadUnit', FORBIDDEN],
  ['accept', 'submitted', 'ownEnterprise', FORBIDDEN],
  ['dispatch', 'screening', 'hub', allowedCase],
  ['dispatch', 'screening', 'leader', allowedCase],
  ['dispatch', 'submitted', 'hub', allowedCase],
  ['dispatch', 'returned', 'hub', allowedCase],
  ['dispatch', 'dispatched', 'hub', illegal('dispatched')],
  ['dispatch', 'screening', 'leadUnit', FORBIDDEN],
  ['dispatch', 'screening', 'discipline', FORBIDDEN],
  ['reject', 'screening', 'hub', allowedCase],
  ['reject', 'screening', 'ownEnterprise', FORBIDDEN],
  ['reject', 'signed', 'hub', illegal('signed')],
  ['merge', 'screening', 'leader', allowedCase],
  ['answer', 'submitted', 'hub', allowedCase],
  ['answer', 'replied', 'hub', illegal('replied')],
  // handling
  ['sign', 'dispatched', 'leadUnit', allowedCase],
  ['sign', 'dispatched', 'coUnit', allowedCo],
  ['sign', 'signed', 'coUnit', allowedCo],
  ['sign', 'signed', 'leadUnit', illegal('signed')],
  ['sign', 'dispatched', 'otherUnit', FORBIDDEN],
  ['sign', 'dispatched', 'hub', FORBIDDEN],
  ['sign', 'screening', 'leadUnit', illegal('screening')],
  ['contact', 'signed', 'leadUnit', allowedCase],
  ['contact', 'redo', 'leadUnit', allowedCase],
  ['contact', 'dispatched', 'leadUnit', illegal('dispatched')],
  ['contact', 'contacted', 'coUnit', allowedCo],
  ['feedback', 'contacted', 'leadUnit', allowedCase],
  ['feedback', 'signed', 'leadUnit', allowedCase],
  ['reply', 'feedback', 'leadUnit', allowedCase],
  ['reply', 'redo', 'leadUnit', allowedCase],
  ['reply', 'dispatched', 'leadUnit', illegal('dispatched')],
  ['reply', 'contacted', 'coUnit', allowedCo],
  ['reply', 'replied', 'coUnit', illegal('replied')],
  ['reply', 'signed', 'otherUnit', FORBIDDEN],
  ['reply', 'signed', 'hub', FORBIDDEN],
  ['return', 'dispatched', 'leadUnit', allowedCase],
  ['return', 'signed', 'leadUnit', allowedCase],
  ['return', 'dispatched', 'coUnit', FORBIDDEN],
  ['return', 'signed', 'otherUnit', FORBIDDEN],
  ['return', 'contacted', 'leadUnit', illegal('contacted')],
  ['extend', 'signed', 'leadUnit', allowedCase],
  ['extend', 'signed', 'coUnit', FORBIDDEN],
  ['extend', 'replied', 'leadUnit', illegal('replied')],
  ['decide-extension', 'signed', 'leader', allowedCase],
  ['decide-extension', 'signed', 'leadUnit', FORBIDDEN],
  // rating and closing
  ['rate', 'replied', 'ownEnterprise', allowedCase],
  ['rate', 'replied', 'otherEnterprise', FORBIDDEN],
  ['rate', 'replied', 'hub', allowedCase],
  ['rate', 'replied', 'leadUnit', FORBIDDEN],
  ['rate', 'replied', 'liaison', FORBIDDEN],
  ['rate', 'rated', 'ownEnterprise', illegal('rated')],
  ['rate', 'signed', 'ownEnterprise', illegal('signed')],
  ['revisit', 'replied', 'liaison', allowedCase],
  ['revisit', 'rated', 'hub', allowedCase],
  ['revisit', 'signed', 'hub', illegal('signed')],
  ['review', 'review', 'leader', allowedCase],
  ['review', 'review', 'hub', allowedCase],
  ['review', 'replied', 'hub', illegal('replied')],
  ['review', 'review', 'leadUnit', FORBIDDEN],
  ['close', 'rated', 'hub', allowedCase],
  ['close', 'replied', 'hub', illegal('replied')],
  ['close', 'rated', 'leader', FORBIDDEN],
  ['close', 'rated', 'ownEnterprise', FORBIDDEN],
  // escalation and supervision
  ['escalate', 'signed', 'coUnit', allowedCase],
  ['escalate', 'submitted', 'hub', allowedCase],
  ['escalate', 'closed', 'hub', illegal('closed')],
  ['escalate', 'signed', 'ownEnterprise', FORBIDDEN],
  ['supervise', 'signed', 'discipline', allowedCase],
  ['supervise', 'review', 'leader', allowedCase],
  ['supervise', 'submitted', 'discipline', illegal('submitted')],
  ['supervise', 'signed', 'liaison', FORBIDDEN],
];

describe('decideCommand on the loop of SPEC §4', () => {
  it.each(LOOP)('%s from %s by %s', (command, status, kind, expected) => {
    expect(decideCommand(command, status, ACTORS[kind])).toEqual(expected);
  });

  it('lets a unit head of the lead unit act like its handler', () => {
    const head = actor(['unit_head'], { isLeadUnit: true });
    expect(decideCommand('sign', 'dispatched', head)).toEqual(allowedCase);
    expect(decideCommand('return', 'signed', head)).toEqual(allowedCase);
  });

  it('lets a hub operator who is also a co-unit handler escalate for the case', () => {
    const both = actor(['hub', 'unit_handler'], { isCoUnit: true });
    expect(decideCommand('escalate', 'signed', both)).toEqual(allowedCase);
    expect(decideCommand('sign', 'signed', both)).toEqual(allowedCo);
  });

  it('allows no command but the enterprise’s appeal from a terminal state', () => {
    const everyone = [
      ...Object.values(ACTORS),
      actor(['hub', 'leader', 'unit_handler', 'enterprise', 'discipline'], {
        isLeadUnit: true,
        isOwnEnterprise: true,
      }),
    ];
    for (const status of TERMINAL_STATUSES) {
      for (const command of CASE_COMMANDS.filter((c) => c !== 'appeal')) {
        for (const rel of everyone) {
          const decision = decideCommand(command, status, rel);
          expect(['illegal', 'forbidden'], `${command} from ${status} by ${rel.roles.join('+')}`).toContain(
            decision.kind,
          );
          if (decision.kind === 'illegal') expect(decision.currentStatus).toBe(status);
        }
      }
    }
    expect(TERMINAL_STATUSES).toEqual(expect.arrayContaining(['closed', 'rejected', 'merged', 'answered']));
  });

  it('lets only the case’s own enterprise appeal an answer or a refusal, back to screening', () => {
    const own = actor(['enterprise'], { isOwnEnterprise: true });
    for (const status of ['answered', 'rejected'] as const) {
      expect(decideCommand('appeal', status, own)).toEqual(allowedCase);
      expect(decideCommand('appeal', status, actor(['enterprise']))).toEqual({ kind: 'forbidden' });
      expect(decideCommand('appeal', status, actor(['hub']))).toEqual({ kind: 'forbidden' });
      expect(plainNextStatus('appeal', status)).toBe('screening');
    }
    for (const status of ['merged', 'closed', 'replied', 'screening'] as const) {
      expect(decideCommand('appeal', status, own)).toEqual({ kind: 'illegal', currentStatus: status });
    }
  });

  it('lets the hub or a leader hand a case up only while it is being screened, never a unit', () => {
    for (const status of ['submitted', 'screening', 'returned'] as const) {
      expect(decideCommand('hand-up', status, actor(['hub']))).toEqual(allowedCase);
      expect(decideCommand('hand-up', status, actor(['leader']))).toEqual(allowedCase);
      expect(decideCommand('hand-up', status, actor(['unit_handler'], { isLeadUnit: true }))).toEqual({
        kind: 'forbidden',
      });
    }
    for (const status of ['dispatched', 'handed_up', 'replied', 'closed'] as const) {
      expect(decideCommand('hand-up', status, actor(['hub']))).toEqual({ kind: 'illegal', currentStatus: status });
    }
    // While the level above holds it, the hub here can still supervise it, and nothing closes it.
    expect(decideCommand('supervise', 'handed_up', actor(['hub']))).toEqual(allowedCase);
    expect(decideCommand('close', 'handed_up', actor(['hub']))).toEqual({
      kind: 'illegal',
      currentStatus: 'handed_up',
    });
  });

  it('lets an admin issue no case command in any state', () => {
    for (const command of CASE_COMMANDS) {
      for (const status of CASE_STATUSES) {
        expect(decideCommand(command, status, ACTORS.admin)).toEqual(FORBIDDEN);
      }
    }
  });

  it('never lets an actor without a relation to the case act as a unit or as the enterprise', () => {
    for (const command of CASE_COMMANDS) {
      for (const status of CASE_STATUSES) {
        expect(decideCommand(command, status, ACTORS.otherUnit).kind).not.toBe('allowed');
        expect(decideCommand(command, status, ACTORS.otherEnterprise).kind).not.toBe('allowed');
      }
    }
  });

  it('reports the current state of every illegal decision', () => {
    for (const rel of Object.values(ACTORS)) {
      for (const command of CASE_COMMANDS) {
        for (const status of CASE_STATUSES) {
          const decision = decideCommand(command, status, rel);
          if (decision.kind === 'illegal') expect(decision.currentStatus).toBe(status);
        }
      }
    }
  });
});

describe('rateOutcome', () => {
  it.each([3, 4, 5])('counts score %i as satisfied under the default settings', (score) => {
    expect(rateOutcome(score, 0, DEFAULT_LOOP_SETTINGS)).toEqual({
      satisfied: true,
      next: 'rated',
      unsatisfiedRounds: 0,
    });
  });

  it('keeps the count of earlier unsatisfied rounds when a later round satisfies', () => {
    expect(rateOutcome(5, 1, DEFAULT_LOOP_SETTINGS)).toEqual({ satisfied: true, next: 'rated', unsatisfiedRounds: 1 });
  });

  it.each([1, 2])('sends a first unsatisfied score %i to redo', (score) => {
    expect(rateOutcome(score, 0, DEFAULT_LOOP_SETTINGS)).toEqual({
      satisfied: false,
      next: 'redo',
      unsatisfiedRounds: 1,
    });
  });

  it('sends the second unsatisfied round to review under the default settings (滕州: 2 rounds)', () => {
    expect(DEFAULT_LOOP_SETTINGS.reviewAfterRounds).toBe(2);
    expect(rateOutcome(1, 1, DEFAULT_LOOP_SETTINGS)).toEqual({
      satisfied: false,
      next: 'review',
      unsatisfiedRounds: 2,
    });
  });

  it('redoes until reviewAfterRounds unsatisfied rounds, then reviews', () => {
    const settings = { satisfiedMinScore: 4, reviewAfterRounds: 3 };
    const nexts: string[] = [];
    let rounds = 0;
    for (let i = 0; i < 3; i++) {
      const outcome = rateOutcome(3, rounds, settings);
      expect(outcome.satisfied).toBe(false);
      expect(outcome.unsatisfiedRounds).toBe(rounds + 1);
      nexts.push(outcome.next);
      rounds = outcome.unsatisfiedRounds;
    }
    expect(nexts).toEqual(['redo', 'redo', 'review']);
    expect(rateOutcome(4, rounds, settings).next).toBe('rated');
  });

  it('goes straight to review when the profile allows no redo round', () => {
    expect(rateOutcome(1, 0, { satisfiedMinScore: 3, reviewAfterRounds: 1 }).next).toBe('review');
  });
});

describe('plainNextStatus', () => {
  const MOVES: [Exclude<CaseCommand, 'rate' | 'review'>, CaseStatus][] = [
    ['accept', 'screening'],
    ['reject', 'rejected'],
    ['merge', 'merged'],
    ['answer', 'answered'],
    ['dispatch', 'dispatched'],
    ['sign', 'signed'],
    ['contact', 'contacted'],
    ['feedback', 'feedback'],
    ['reply', 'replied'],
    ['return', 'returned'],
    ['close', 'closed'],
    ['appeal', 'screening'],
    ['hand-up', 'handed_up'],
  ];

  it.each(MOVES)('moves the case on %s to %s from every state the command accepts', (command, next) => {
    for (const status of COMMAND_RULES[command].from) {
      expect(plainNextStatus(command, status)).toBe(next);
    }
  });

  const RECORD_ONLY = [
    'revisit',
    'escalate',
    'extend',
    'decide-extension',
    'supervise',
    'plan',
    'complete-milestone',
    'review-form',
    'respond-supervision',
  ] as const;

  it.each(RECORD_ONLY)('leaves the state unchanged on %s', (command) => {
    for (const status of CASE_STATUSES) {
      expect(plainNextStatus(command, status)).toBe(status);
    }
  });

  it('covers every command except rate and review', () => {
    const covered = new Set<string>([...MOVES.map(([c]) => c), ...RECORD_ONLY]);
    expect(CASE_COMMANDS.filter((c) => !covered.has(c))).toEqual(['rate', 'review']);
  });
});

describe('nextStatus', () => {
  it('leaves the case where it is when a co-unit acts on its own assignment', () => {
    expect(nextStatus('reply', 'signed', 'co-unit')).toBe('signed');
  });

  it('sends a rating where its outcome chose', () => {
    expect(nextStatus('rate', 'replied', 'case', { command: 'rate', next: 'redo' })).toBe('redo');
    expect(nextStatus('rate', 'replied', 'case', { command: 'rate', next: 'rated' })).toBe('rated');
  });

  it('closes or redoes a reviewed case by the decision', () => {
    expect(nextStatus('review', 'review', 'case', { command: 'review', decision: 'close' })).toBe('closed');
    expect(nextStatus('review', 'review', 'case', { command: 'review', decision: 'redo' })).toBe('redo');
  });

  it('refuses a rating without its outcome', () => {
    expect(() => nextStatus('rate', 'replied', 'case')).toThrow();
  });

  it('moves every other command as plainNextStatus does', () => {
    expect(nextStatus('dispatch', 'screening', 'case')).toBe(plainNextStatus('dispatch', 'screening'));
  });
});
