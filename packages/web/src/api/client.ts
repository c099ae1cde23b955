import { translate } from '../i18n/i18n';

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

let token: string | null = sessionStorage.getItem('qisu.token');
let onUnauthorized: () => void = () => undefined;

export function setToken(value: string | null): void {
  token = value;
  if (value) sessionStorage.setItem('qisu.token', value);
  else sessionStorage.removeItem('qisu.token');
}

export function getToken(): string | null {
  return token;
}

export function handleUnauthorized(callback: () => void): void {
  onUnauthorized = callback;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {
    'accept-language': localStorage.getItem('qisu.lang') === 'en-US' ? 'en-US' : 'zh-CN',
  };
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
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
    if (response.status === 401 && path !== '/api/v1/auth/login') onUnauthorized();
    throw new ApiError(response.status, error.code ?? 'HTTP', error.message ?? response.statusText, error);
  }
  return data as T;
}
