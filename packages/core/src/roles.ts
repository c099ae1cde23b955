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

/** Roles whose data scope is the whole jurisdiction (and the jurisdictions below it). */
export const JURISDICTION_WIDE_ROLES: readonly Role[] = ['hub', 'leader', 'admin'];

/** Roles that act for a unit on the cases assigned to it. */
export const UNIT_ROLES: readonly Role[] = ['unit_handler', 'unit_head'];

export function hasAnyRole(roles: readonly Role[], wanted: readonly Role[]): boolean {
  return roles.some((r) => wanted.includes(r));
}
