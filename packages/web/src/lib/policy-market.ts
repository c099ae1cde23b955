/**
 * Who may decide or pay an application, as the server rules it (the routed unit's handlers and
 * head, or the hub): the console only shows the buttons; the server checks every call again.
 */
export function mayDecideApplication(
  user: { roles: readonly string[]; unitId?: string | null | undefined },
  application: { routedUnitId: string | null },
): boolean {
  if (user.roles.includes('hub')) return true;
  const unitRole = user.roles.includes('unit_handler') || user.roles.includes('unit_head');
  return unitRole && application.routedUnitId !== null && application.routedUnitId === user.unitId;
}
