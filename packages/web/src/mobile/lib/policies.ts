/** A notification as the phone reads it: those of the policy supermarket carry `policyId`. */
export interface PolicyNotice {
  id: string;
  type: string;
  policyId?: string;
  readAt: string | null;
}

/**
 * The policies pushed to the contact (a `policy` or `policy.automatic` notification) that they
 * have not read yet, by policy, with the newest notice of each, so the list can show them first
 * and opening one marks that notice read.
 */
export function pushedPolicies(notices: readonly PolicyNotice[]): Map<string, PolicyNotice> {
  const byPolicy = new Map<string, PolicyNotice>();
  for (const n of notices) {
    if (!n.policyId || n.readAt !== null) continue;
    if (n.type !== 'policy' && n.type !== 'policy.automatic') continue;
    if (!byPolicy.has(n.policyId)) byPolicy.set(n.policyId, n);
  }
  return byPolicy;
}
