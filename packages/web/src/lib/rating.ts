import { DEFAULT_LOOP_SETTINGS, rateOutcome } from '@qisu/core';
import type { ProfileDocument } from '../api/models';
import type { Lang } from '../i18n/i18n';

/**
 * The part of a jurisdiction's profile (`GET /api/v1/profile`) that the rating screen reads.
 * Scores are the API's 1–5 scale; each label is one answer of the jurisdiction's own scale
 * (binary, 4-level, 5-level), mapped onto a score.
 */
export interface RatingProfile {
  rating: Pick<ProfileDocument['rating'], 'scale' | 'satisfiedMinScore' | 'labels'>;
  loop?: Partial<Pick<ProfileDocument['loop'], 'reviewAfterRounds' | 'unsatisfiedTo'>>;
}

/** One answer as the screen offers it: the API score, its label, and whether it counts as satisfied. */
export interface RatingOption {
  score: number;
  label: string;
  satisfied: boolean;
}

/**
 * The answers to offer, best first, in the user's language. Labels outside 1–5 or repeating a
 * score are dropped (the profile is validated on the server; this guards the screen only).
 */
export function ratingOptions(profile: RatingProfile, lang: Lang): RatingOption[] {
  const seen = new Set<number>();
  return profile.rating.labels
    .filter((l) => Number.isInteger(l.score) && l.score >= 1 && l.score <= 5)
    .filter((l) => (seen.has(l.score) ? false : (seen.add(l.score), true)))
    .sort((a, b) => b.score - a.score)
    .map((l) => ({
      score: l.score,
      label: lang === 'en-US' ? l.en : l.zh,
      satisfied: l.score >= profile.rating.satisfiedMinScore,
    }));
}

/**
 * What an unsatisfied rating will do, to tell the enterprise before it submits: the case is
 * handled again by its unit (`redo`), goes back to the hub to be dispatched anew (`screening`),
 * or, once the profile's rounds are used up, goes to review. Null for a satisfied score. Asks
 * core's `rateOutcome`, the rule the server applies; without the profile's loop, core's defaults.
 */
export function unsatisfiedOutcome(
  score: number,
  profile: RatingProfile,
  unsatisfiedRoundsBefore: number,
): 'redo' | 'review' | 'screening' | null {
  const loop = profile.loop;
  const outcome = rateOutcome(score, unsatisfiedRoundsBefore, {
    satisfiedMinScore: profile.rating.satisfiedMinScore,
    reviewAfterRounds: loop ? (loop.reviewAfterRounds ?? null) : DEFAULT_LOOP_SETTINGS.reviewAfterRounds,
    unsatisfiedTo: loop?.unsatisfiedTo ?? 'unit',
  });
  return outcome.next === 'rated' ? null : outcome.next;
}
