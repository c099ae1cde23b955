import type { Complexity, Profile } from '@qisu/core';
import { resolveLimitChoices } from '@qisu/core';

/**
 * What the dispatch form offers for the resolve limit (办结时限) of a case of this complexity and
 * kind, from the profile's clock rules through core's `resolveLimitChoices`, the same decision
 * the server's `dispatch` checks the chosen limit against:
 * - `choose`: the rule is a range (涪城 general cases `5-15wd`); `choices` lists every whole day
 *   of it in order, and a case dispatched without a choice runs to `fallback`, its upper bound;
 * - `fixed`: the rule is one duration (`30wd`, `immediate`, 开化's `2wdr`); nothing to choose, the
 *   form shows it read-only and sends no `limit`;
 * - `none`: the profile has no resolve rule for this case (or is not loaded): nothing to show.
 */
export type LimitOffer =
  | { mode: 'choose'; range: string; choices: string[]; fallback: string }
  | { mode: 'fixed'; limit: string }
  | { mode: 'none' };

/** The resolve limit a hub may pick when dispatching; no complexity chosen counts as `general`, as on the server. */
export function limitOffer(
  profile: Pick<Profile, 'clocks'> | null,
  complexity: Complexity | null,
  kind: string,
): LimitOffer {
  if (!profile) return { mode: 'none' };
  const { spec, choices } = resolveLimitChoices(profile, complexity, kind);
  if (spec === null) return { mode: 'none' };
  const fallback = choices[choices.length - 1];
  if (fallback === undefined) return { mode: 'fixed', limit: spec };
  return { mode: 'choose', range: spec, choices, fallback };
}
