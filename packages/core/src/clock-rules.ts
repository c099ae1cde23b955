import type { Milestone } from './profile.js';

/** What happened to a case, as far as its clocks are concerned. */
export type ClockTrigger =
  | 'created'
  | 'dispatched'
  | 'finished'
  | 'handed-up'
  | 'contacted'
  | 'feedback'
  | 'replied'
  | 'planned'
  | 'returned'
  | 'appealed'
  | 'redo'
  | 'unsatisfied-to-hub'
  | 'review'
  | 'reviewed-redo'
  | 'revisited'
  | 'closed'
  | 'extension-requested'
  | 'extension-decided';

export interface ClockEffects {
  /** Running clocks of these milestones are met (stopped in time or late). */
  meet: readonly Milestone[];
  /** Running clocks of these milestones are cancelled: the work they measured no longer exists. */
  cancel: readonly Milestone[] | 'all';
  /** Clocks of these milestones start, where the profile has a rule for them. */
  start: readonly Milestone[];
  /** Running clocks of these milestones pause, or resume. */
  pause: readonly Milestone[];
  resume: readonly Milestone[];
}

const UNIT_WORK: readonly Milestone[] = ['contact', 'feedback', 'resolve', 'redo', 'plan', 'supervision'];
const none: readonly Milestone[] = [];

/**
 * The one table of how case events drive clocks. Screening runs from filing to the hub's
 * decision; contact, feedback and resolve run from dispatch for the lead unit; revisit runs
 * from the reply; a redo round gets a fresh redo clock (or resolve, when the profile has no
 * redo rule); a pending extension request pauses the unit's resolve or redo clock.
 */
export function clockEffects(trigger: ClockTrigger): ClockEffects {
  const effects = (e: Partial<ClockEffects>): ClockEffects => ({
    meet: none,
    cancel: none,
    start: none,
    pause: none,
    resume: none,
    ...e,
  });
  switch (trigger) {
    case 'created':
      return effects({ start: ['screening'] });
    case 'dispatched':
      return effects({ meet: ['screening'], start: ['contact', 'feedback', 'resolve'] });
    case 'finished':
      return effects({ meet: ['screening'], cancel: 'all' });
    case 'handed-up':
      // The level above holds the case on its own clocks until its result comes back.
      return effects({ meet: ['screening'], cancel: 'all' });
    case 'contacted':
      return effects({ meet: ['contact'] });
    case 'feedback':
      return effects({ meet: ['contact', 'feedback'] });
    case 'replied':
      return effects({ meet: ['contact', 'feedback', 'resolve', 'redo', 'supervision'], start: ['revisit'] });
    case 'planned':
      return effects({ meet: ['resolve', 'redo', 'supervision'] });
    case 'returned':
      return effects({ cancel: UNIT_WORK, start: ['screening'] });
    case 'appealed':
      return effects({ start: ['screening'] });
    case 'redo':
      return effects({ cancel: ['revisit'], start: ['redo'] });
    case 'unsatisfied-to-hub':
      return effects({ cancel: ['revisit'], start: ['screening'] });
    case 'review':
      return effects({ cancel: ['revisit'], start: ['review'] });
    case 'reviewed-redo':
      return effects({ meet: ['review'], start: ['redo'] });
    case 'revisited':
      return effects({ meet: ['revisit'] });
    case 'closed':
      // A revisit not done by closing is not met: it is cancelled, and reports show it missing.
      return effects({ meet: ['review'], cancel: 'all' });
    case 'extension-requested':
      return effects({ pause: ['resolve', 'redo'] });
    case 'extension-decided':
      return effects({ resume: ['resolve', 'redo'] });
  }
}

/** Milestones that measure a unit's work; the others are the platform's own. */
export function isUnitMilestone(milestone: Milestone): boolean {
  return UNIT_WORK.includes(milestone);
}
