import type { Profile } from './profile.js';

/** The part of a profile that defines its rating scale. */
export type RatingScale = Pick<Profile['rating'], 'labels' | 'satisfiedMinScore'>;

/** The scores of the API's 1–5 scale that the jurisdiction's scale uses, best first. */
export function scaleScores(scale: Pick<RatingScale, 'labels'>): number[] {
  return scale.labels.map((l) => l.score).sort((a, b) => b - a);
}

/**
 * Whether a score is one of the scale's answers. 径河街's two levels are 5 and 1 (seed 000
 * 三（五）满意/不满意); a 3 there is no answer anyone gave and must not be recorded.
 */
export function isOnScale(scale: Pick<RatingScale, 'labels'>, score: number): boolean {
  return scale.labels.some((l) => l.score === score);
}

/**
 * The scale's score nearest to `wanted` that says the same (satisfied or not): how a rating
 * written for the five-level scale reads on another jurisdiction's scale. Ties go to the
 * lower score.
 */
export function nearestOnScale(scale: RatingScale, wanted: number): number {
  const satisfied = wanted >= scale.satisfiedMinScore;
  const same = scaleScores(scale).filter((s) => s >= scale.satisfiedMinScore === satisfied);
  const pool = same.length > 0 ? same : scaleScores(scale);
  return pool.reduce((best, s) => {
    const d = Math.abs(s - wanted) - Math.abs(best - wanted);
    return d < 0 || (d === 0 && s < best) ? s : best;
  });
}

/** The scale's answers as people read them: `5（非常满意）、4（比较满意）…`. */
export function scaleText(scale: Pick<RatingScale, 'labels'>, lang: 'zh' | 'en'): string {
  const labels = [...scale.labels].sort((a, b) => b.score - a.score);
  return lang === 'zh'
    ? labels.map((l) => `${l.score}（${l.zh}）`).join('、')
    : labels.map((l) => `${l.score} (${l.en})`).join(', ');
}
