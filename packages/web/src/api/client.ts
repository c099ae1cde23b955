import { translate } from '../i18n/i18n';
import { readStoredSession, SESSION_KEY, writeStoredSession } from '../lib/stored-session';

/**
 * The console's only way to the server: JSON over fetch with the session's bearer token and
 * the user's language; errors become `ApiError` with the server's code and message.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let onUnauthorized: () => void = () => undefined;

// A token kept per tab by earlier versions is not carried over: such a tab logs in once more.
try {
  sessionStorage.removeItem('qisu.token');
} catch {
  // Storage may be unavailable (private modes); nothing was kept then.
}

/**
 * Keeps the session's token for every tab of this browser (`localStorage`), with its expiry when
 * the login said it; null ends it here and — through the `storage` event — in the other tabs.
 */
export function setToken(value: string | null, expiresAt?: string): void {
  if (value)
    localStorage.setItem(SESSION_KEY, writeStoredSession({ token: value, ...(expiresAt ? { expiresAt } : {}) }));
  else localStorage.removeItem(SESSION_KEY);
}

/** The session's token, read from storage each time so that a login or logout in another tab counts at once. */
export function getToken(): string | null {
  const stored = readStoredSession(localStorage.getItem(SESSION_KEY), Date.now());
  return stored?.token ?? null;
}

/** What to do when the server refuses the token (401): end the session on this page. */
export function handleUnauthorized(callback: () => void): void {
  onUnauthorized = callback;
}

/**
 * Tells `callback` when another tab of this browser logs in, switches user or logs out (the
 * `storage` event fires only in the other tabs). Returns the function that stops listening.
 */
export function onSessionChange(callback: (token: string | null) => void): () => void {
  const listener = (e: StorageEvent) => {
    // `key` is null when another tab cleared the whole storage.
    if (e.key !== SESSION_KEY && e.key !== null) return;
    callback(getToken());
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}

/**
 * One call of the API as the signed-in user (or with the `token` given; `keepalive` lets it
 * finish when the page navigates away); rejects with `ApiError`
 * (status 0 when the server cannot be reached).
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; keepalive?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = {
    'accept-language': localStorage.getItem('qisu.lang') === 'en-US' ? 'en-US' : 'zh-CN',
  };
  const token = init.token !== undefined ? init.token : getToken();
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      ...(init.keepalive ? { keepalive: true } : {}),
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  } catch {
    throw new ApiError(
      0,
      'NETWORK',
      translate(headers['accept-language'] === 'en-US' ? 'en-US' : 'zh-CN', 'networkError'),
    );
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = (data['error'] ?? {}) as { code?: string; message?: string };
    // A 401 for a token another tab has since replaced says nothing about the session now.
    // A refused login (password or SMS code) says nothing about a session.
    const signingIn = path === '/api/v1/auth/login' || path === '/api/v1/auth/sms-login';
    if (response.status === 401 && !signingIn && getToken() === token) onUnauthorized();
    throw new ApiError(response.status, error.code ?? 'HTTP', error.message ?? response.statusText, error);
  }
  return data as T;
}
