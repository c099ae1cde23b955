import type { Profile } from './profile.js';

/** What may put a case before the discipline commission (纪委监委) under a profile. */
export type DisciplineCause = 'red_card' | 'unsatisfied';

/** The parts of a profile that say what the discipline commission reads. */
export type DisciplineProfile = Pick<Profile, 'handoffs' | 'discipline'>;

/**
 * Whether the discipline commission may read a case from the moment a red card is issued on it
 * or its enterprise rates it unsatisfied: when the profile hands such cases to the commission
 * (`handoffs.redCardTo`, `handoffs.unsatisfiedToDiscipline`) or lets it read them
 * (`discipline.readsRedCards`, `discipline.readsUnsatisfied`; SPEC §2 by default). Pure: the
 * writers of red cards and ratings ask it under the profile in force for what happened, and
 * the case stays readable afterwards, as after any hand-off.
 */
export function opensToDiscipline(profile: DisciplineProfile, cause: DisciplineCause): boolean {
  switch (cause) {
    case 'red_card':
      return profile.handoffs.redCardTo.includes('discipline') || profile.discipline.readsRedCards;
    case 'unsatisfied':
      return profile.handoffs.unsatisfiedToDiscipline || profile.discipline.readsUnsatisfied;
  }
}
