import type { AdminUnit } from '../api/models';
import type { MessageKey } from '../i18n/messages';

/** The roles an admin may give, in the order the forms list them, with their labels. */
export const ROLE_KEYS: Record<string, MessageKey> = {
  hub: 'admRoleHub',
  unit_handler: 'admRoleUnitHandler',
  unit_head: 'admRoleUnitHead',
  leader: 'admRoleLeader',
  discipline: 'admRoleDiscipline',
  liaison: 'admRoleLiaison',
  enterprise: 'admRoleEnterprise',
  admin: 'admRoleAdmin',
};

/** The label of each unit kind. */
export const UNIT_KIND_KEYS: Record<AdminUnit['kind'], MessageKey> = {
  hub: 'admKindHub',
  department: 'admKindDepartment',
  town: 'admKindTown',
  park: 'admKindPark',
  discipline: 'admKindDiscipline',
  leadership: 'admKindLeadership',
  other: 'admKindOther',
};

/** The label of each enterprise size. */
export const SCALE_KEYS: Record<'large' | 'medium' | 'small' | 'micro', MessageKey> = {
  large: 'admScaleLarge',
  medium: 'admScaleMedium',
  small: 'admScaleSmall',
  micro: 'admScaleMicro',
};

/** The label of each complexity. */
export const COMPLEXITY_KEYS: Record<'simple' | 'general' | 'complex', MessageKey> = {
  simple: 'admComplexitySimple',
  general: 'admComplexityGeneral',
  complex: 'admComplexityComplex',
};

/** Roles that act for a unit, and so need one (the server says the same). */
export const UNIT_ROLES = ['unit_handler', 'unit_head'];

/** Units that take cases: not the hub, the leadership or the discipline commission. */
export const handlesCases = (u: Pick<AdminUnit, 'kind'>) => !['hub', 'leadership', 'discipline'].includes(u.kind);
