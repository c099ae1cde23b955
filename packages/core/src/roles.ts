/**
 * The roles of SPEC §2. A user may hold several; permissions and data scope are the union of
 * what each role grants.
 */
export const ROLES = [
  'enterprise',
  'liaison',
  'hub',
  'unit_handler',
  'unit_head',
  'leader',
  'discipline',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export function hasAnyRole(roles: readonly Role[], wanted: readonly Role[]): boolean {
  return roles.some((r) => wanted.includes(r));
}
