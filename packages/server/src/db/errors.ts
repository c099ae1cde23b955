/**
 * True when a write failed on a unique constraint (SQLSTATE 23505). Both pg and PGlite report the
 * code on the error; services turn it into a 409 when two writers race past the pre-check.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
