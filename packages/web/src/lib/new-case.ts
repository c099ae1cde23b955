import type { Channel } from '@qisu/core';

/** What the new-case form holds. */
export interface NewCaseValues {
  title: string;
  content: string;
  kind: string;
  categoryId?: string;
  channel?: Channel;
  enterpriseId?: string | null;
  contactName?: string;
  contactMobile?: string;
  location?: string;
}

/** A mobile or a landline with its area code, as the server accepts it (`CreateCaseBody`). */
export const PHONE_PATTERN = /^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/;

/**
 * The channel a form opens with: the hub mostly logs phone calls, a liaison what it gathered on
 * its rounds; an enterprise files on its own and names no channel (the server sets it).
 */
export function defaultChannel(roles: readonly string[]): Channel | undefined {
  if (roles.includes('hub')) return 'phone';
  if (roles.includes('liaison')) return 'liaison';
  return undefined;
}

/** Whether the form files for an enterprise it names (hub, liaison) rather than for the user's own. */
export function filesForOthers(roles: readonly string[]): boolean {
  return roles.includes('hub') || roles.includes('liaison');
}

/** The body of `POST /api/v1/cases`: trimmed texts, empty optional fields left out. */
export function newCaseBody(values: NewCaseValues): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed) body[key] = key === 'contactMobile' ? trimmed.replace(/\s+/g, '') : trimmed;
  }
  return body;
}

/** Why a chosen file cannot go: too many in all, or too large; null when it may. */
export function fileProblem(
  file: { name: string; size: number },
  chosen: number,
  limits: { maxBytes: number; maxFiles: number },
): { reason: 'tooMany' } | { reason: 'tooLarge' } | null {
  if (chosen >= limits.maxFiles) return { reason: 'tooMany' };
  if (file.size > limits.maxBytes) return { reason: 'tooLarge' };
  return null;
}
