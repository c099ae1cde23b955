import type { Role } from '@qisu/core';
import { hasAnyRole } from '@qisu/core';
import { AppError } from '../errors.js';
import type { Actor } from './actor.js';

/** Throws 403 unless the actor holds one of the roles. Services call it first. */
export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!hasAnyRole(actor.roles, roles)) throw new AppError('FORBIDDEN');
}
