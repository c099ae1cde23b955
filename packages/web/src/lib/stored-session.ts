/**
 * The session as this browser keeps it in `localStorage`, so that every tab of the browser shares
 * it: the bearer token and when the server said it expires. Only the token — never the user's
 * data or password — and never in a URL. The server remains the judge of a token: this only
 * spares a request with one that has surely expired.
 */
export interface StoredSession {
  token: string;
  /** ISO time the login answered; absent when unknown (the server then decides alone). */
  expiresAt?: string;
}

/** The storage key every tab reads and watches (its `storage` event ends a session in all tabs). */
export const SESSION_KEY = 'qisu.session';

/**
 * The stored session, or null when there is none, it cannot be read, or it has expired at
 * `now`. Anything malformed counts as no session rather than an error.
 */
export function readStoredSession(raw: string | null, now: number): StoredSession | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { token, expiresAt } = value as { token?: unknown; expiresAt?: unknown };
  if (typeof token !== 'string' || token === '') return null;
  if (expiresAt === undefined) return { token };
  if (typeof expiresAt !== 'string') return null;
  const end = Date.parse(expiresAt);
  if (Number.isNaN(end) || end <= now) return null;
  return { token, expiresAt };
}

/** The text to store for a session. */
export function writeStoredSession(session: StoredSession): string {
  return JSON.stringify(
    session.expiresAt ? { token: session.token, expiresAt: session.expiresAt } : { token: session.token },
  );
}
