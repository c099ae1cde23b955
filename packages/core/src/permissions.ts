import type { Role } from './roles.js';

/**
 * Who may do what, as named sets shared by the server's checks and the console's menus and
 * buttons. The server checks every call again; the console only uses these to hide what a role
 * could not do, so the two never disagree about who a screen is for.
 */

/** The kinds of unit of a jurisdiction's organisation (SPEC §2). */
export const UNIT_KINDS = ['hub', 'department', 'town', 'park', 'discipline', 'leadership', 'other'] as const;

export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * Units that take cases as lead or co-unit. The hub screens, the leadership and the discipline
 * commission oversee: none of them is ever assigned a case. Typed as strings because stored rows
 * and API payloads carry the kind as one; the members are checked against {@link UNIT_KINDS}.
 */
export const HANDLING_UNIT_KINDS: readonly string[] = [
  'department',
  'town',
  'park',
  'other',
] satisfies readonly UnitKind[];

/** Whether a unit of this kind may be assigned a case. */
export function handlesCases(kind: string): boolean {
  return HANDLING_UNIT_KINDS.includes(kind);
}

/** Roles whose data scope is the whole jurisdiction (and the jurisdictions below it). */
export const JURISDICTION_WIDE_ROLES: readonly Role[] = ['hub', 'leader', 'admin'];

/** Roles that act for a unit on the cases assigned to it; a user with one needs a unit. */
export const UNIT_ROLES: readonly Role[] = ['unit_handler', 'unit_head'];

/** Roles that may file a case: the enterprise itself, or someone on its behalf. */
export const CASE_CREATOR_ROLES: readonly Role[] = ['enterprise', 'liaison', 'hub'];

/** Roles that screen and dispatch cases (研判交办), one case or many at once. */
export const SCREENING_ROLES: readonly Role[] = ['hub', 'leader'];

/** Roles that may add attachments to an open case (the server also checks the relation to it). */
export const ATTACHMENT_ROLES: readonly Role[] = ['enterprise', 'hub', 'liaison', 'unit_handler', 'unit_head'];

/**
 * Roles that see the links another platform sent with a case while they wait to be fetched, or
 * why one was given up: the staff who may see the case, not the enterprise (a link may carry
 * the platform's access token).
 */
export const PENDING_LINK_READER_ROLES: readonly Role[] = [
  'hub',
  'leader',
  'admin',
  'discipline',
  'liaison',
  'unit_handler',
  'unit_head',
];

/** Roles that send a satisfaction questionnaire to the enterprises solicited in a period (seed 003 二(五)). */
export const QUESTIONNAIRE_SENDER_ROLES: readonly Role[] = ['hub'];

/** Roles that read every questionnaire of the jurisdiction and its summary. */
export const QUESTIONNAIRE_READER_ROLES: readonly Role[] = ['hub', 'leader', 'admin'];

/** Roles that record a solicitation round (征询): a liaison for the enterprises on its ledger, or the hub. */
export const SOLICITOR_ROLES: readonly Role[] = ['liaison', 'hub'];

/** Roles that read solicitation rounds and the week's coverage, each within its own scope. */
export const SOLICITATION_READER_ROLES: readonly Role[] = ['liaison', 'hub', 'leader', 'admin'];

/**
 * Roles that record an activity (走访与活动): a liaison for the enterprises on its ledger, the hub
 * and a leader for any of the jurisdiction.
 */
export const ACTIVITY_RECORDER_ROLES: readonly Role[] = ['liaison', 'hub', 'leader'];

/**
 * Roles that read activities, each within its own scope: a liaison those it recorded or attended
 * or that met its ledger. Units do not: their work arrives as the cases an activity produced,
 * dispatched to them like any other, and an activity has no unit to bound a unit's scope.
 */
export const ACTIVITY_READER_ROLES: readonly Role[] = ['liaison', 'hub', 'leader', 'admin'];

/** Roles that read the month's activity report (a leader's days in enterprises, seed 003 二(四)). */
export const ACTIVITY_REPORT_ROLES: readonly Role[] = ['hub', 'leader', 'admin'];

/** Roles that read the oversight figures, cards and hotspots of their scope. */
export const OVERSIGHT_ROLES: readonly Role[] = ['hub', 'leader', 'admin', 'discipline'];

/** Roles that read the experience library (经验库): every staff role of the jurisdiction learns from it. */
export const LIBRARY_READER_ROLES: readonly Role[] = [
  'hub',
  'leader',
  'admin',
  'discipline',
  'liaison',
  'unit_handler',
  'unit_head',
];

/** Roles that distil a closed case into the library and edit its entries, typical cases included (seed 002 二(一)2). */
export const LIBRARY_EDITOR_ROLES: readonly Role[] = ['hub'];

/** Roles that link and resolve a hotspot's systemic fix (办理一个、解决一类). */
export const HOTSPOT_FIXER_ROLES: readonly Role[] = ['hub', 'leader'];

/** Roles that read the profile's version history and the routing catalogue. */
export const PROFILE_READER_ROLES: readonly Role[] = ['admin', 'hub', 'leader'];

/** Roles that keep the enterprise ledger. */
export const LEDGER_KEEPER_ROLES: readonly Role[] = ['admin', 'hub'];

/** Roles that import the enterprise ledger and cases from Excel into their own jurisdiction. */
export const IMPORTER_ROLES: readonly Role[] = ['admin', 'hub'];

/** Roles that add and edit the policy library. */
export const POLICY_WRITER_ROLES: readonly Role[] = ['admin', 'hub'];

/** Roles that change the jurisdiction's set-up: units, users, profile, calendar, routing, models. */
export const ADMIN_ROLES: readonly Role[] = ['admin'];

/** Whether any of the user's roles is in the set; the console's roles arrive as plain strings. */
export function mayAct(roles: readonly string[], set: readonly Role[]): boolean {
  return roles.some((r) => (set as readonly string[]).includes(r));
}
