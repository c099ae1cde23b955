import type { Complexity, Role, UnitKind } from '@qisu/core';
import { COMPLEXITIES, UNIT_KINDS } from '@qisu/core';
import type { MessageKey } from '../i18n/messages';

/** The roles an admin may give, in the order the forms list them (the hub's staff first), with their texts. */
export const ROLE_KEYS = Object.fromEntries(
  (['hub', 'unit_handler', 'unit_head', 'leader', 'discipline', 'liaison', 'enterprise', 'admin'] satisfies Role[]).map(
    (r) => [r, `role.${r}` as const],
  ),
) as Record<string, MessageKey>;

/** The text of each of core's unit kinds, in core's order. */
export const UNIT_KIND_KEYS = Object.fromEntries(UNIT_KINDS.map((k) => [k, `unitKind.${k}` as const])) as Record<
  UnitKind,
  MessageKey
>;

/** The label of each enterprise size. */
export const SCALE_KEYS: Record<'large' | 'medium' | 'small' | 'micro', MessageKey> = {
  large: 'admScaleLarge',
  medium: 'admScaleMedium',
  small: 'admScaleSmall',
  micro: 'admScaleMicro',
};

/** The text of each of core's complexities. */
export const COMPLEXITY_KEYS = Object.fromEntries(COMPLEXITIES.map((c) => [c, `complexity.${c}` as const])) as Record<
  Complexity,
  MessageKey
>;
