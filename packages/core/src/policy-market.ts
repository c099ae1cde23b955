/**
 * The policy supermarket (政策超市, seed 003; 004 三(二)4; 000 五(二)): which ledger enterprises a
 * policy is for, and the life of an application for it. Pure, so that the server's SQL filter, the
 * console's preview and the tests share one definition.
 */

/** The ledger's enterprise sizes (`enterprises.scale`), as a policy may target them. */
export const ENTERPRISE_SCALES = ['large', 'medium', 'small', 'micro'] as const;
/** One of `ENTERPRISE_SCALES`. */
export type EnterpriseScale = (typeof ENTERPRISE_SCALES)[number];

/**
 * What a policy is for. An empty list does not restrict; codes match by prefix (a policy tagged
 * `C` is for every manufacturer, GB/T 4754; `330824101` for one town, GB/T 2260). The ledger has
 * no field for the enterprise type (国企/民企/个体), so a policy cannot be targeted by it.
 */
export interface PolicyTargeting {
  industryCodes: readonly string[];
  scales: readonly EnterpriseScale[];
  regionCodes: readonly string[];
  /** true: 规上 only; false: 规下 only; null: either. */
  aboveDesignatedSize: boolean | null;
}

/** The facts of a ledger entry that targeting reads. */
export interface LedgerFacts {
  industryCode: string | null;
  scale: EnterpriseScale | null;
  regionCode: string | null;
  aboveDesignatedSize: boolean;
}

const prefixed = (codes: readonly string[], value: string | null): boolean =>
  codes.length === 0 || (value !== null && codes.some((c) => value.startsWith(c)));

/**
 * Whether a ledger entry is one the policy is for: every restricting tag holds. An entry without
 * the fact a tag needs (no industry code on the ledger) is not eligible for that tag: eligibility
 * must be proven by the ledger, never assumed (免申即享 pays on it).
 */
export function policyMatches(targeting: PolicyTargeting, facts: LedgerFacts): boolean {
  return (
    prefixed(targeting.industryCodes, facts.industryCode) &&
    (targeting.scales.length === 0 || (facts.scale !== null && targeting.scales.includes(facts.scale))) &&
    prefixed(targeting.regionCodes, facts.regionCode) &&
    (targeting.aboveDesignatedSize === null || targeting.aboveDesignatedSize === facts.aboveDesignatedSize)
  );
}

/** A push's own filter, narrowing the policy's targeting further (SPEC §10). */
export interface PushFilter {
  industryCode?: string | undefined;
  scale?: EnterpriseScale | undefined;
  regionCode?: string | undefined;
}

/** Whether a ledger entry passes a push's filter (prefix match on codes, equality on scale). */
export function pushFilterMatches(filter: PushFilter, facts: LedgerFacts): boolean {
  return (
    (!filter.industryCode || (facts.industryCode ?? '').startsWith(filter.industryCode)) &&
    (!filter.scale || facts.scale === filter.scale) &&
    (!filter.regionCode || (facts.regionCode ?? '').startsWith(filter.regionCode))
  );
}

/** The states of a policy application: 一窗受理 → 部门办理 → 统一反馈 → 兑现. */
export const POLICY_APPLICATION_STATUSES = ['submitted', 'approved', 'rejected', 'paid'] as const;
/** One of `POLICY_APPLICATION_STATUSES`. */
export type PolicyApplicationStatus = (typeof POLICY_APPLICATION_STATUSES)[number];

/** What can be done to an application. */
export type PolicyApplicationCommand = 'decide' | 'pay';

/**
 * The next status of an application, or null when the command is illegal in its status (the API
 * answers 409 with the current one): a submitted application is decided once, an approved one is
 * paid once; a rejected or paid one is final.
 */
export function nextApplicationStatus(
  status: PolicyApplicationStatus,
  command: PolicyApplicationCommand,
  approve = false,
): PolicyApplicationStatus | null {
  switch (status) {
    case 'submitted':
      return command === 'decide' ? (approve ? 'approved' : 'rejected') : null;
    case 'approved':
      return command === 'pay' ? 'paid' : null;
    case 'rejected':
    case 'paid':
      return null;
  }
}
