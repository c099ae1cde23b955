// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getToken, setToken } from '../api/client';
import { SESSION_KEY } from '../lib/stored-session';
import { SessionProvider, useSession } from './session';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
});

const json = (body: unknown, status = 200) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

const ME = { id: 'u1', username: 'kh.hub', name: '周敏', roles: ['hub'], jurisdiction: 'kh' };

function Who() {
  const { user, loading, login, logout } = useSession();
  if (loading) return <p>restoring</p>;
  return (
    <div>
      <p data-testid="who">{user ? user.name : 'nobody'}</p>
      <button onClick={() => void login('kh.hub', 'pw')}>login</button>
      <button onClick={() => void logout()}>logout</button>
    </div>
  );
}

/** What another tab of the same browser does to the shared storage, and the event this tab then gets. */
function otherTab(value: string | null) {
  if (value === null) localStorage.removeItem(SESSION_KEY);
  else localStorage.setItem(SESSION_KEY, value);
  act(() => {
    window.dispatchEvent(new StorageEvent('storage', { key: SESSION_KEY, newValue: value }));
  });
}

describe('the session across tabs', () => {
  it('keeps the token for the whole browser with its expiry, never per tab', async () => {
    const fetchMock = vi.fn((url: string) =>
      url === '/api/v1/auth/login'
        ? json({ token: 'tok-1', expiresAt: '2099-01-01T00:00:00.000Z', user: ME })
        : json({}),
    );
    vi.stubGlobal('fetch', fetchMock);
    render(
      <SessionProvider>
        <Who />
      </SessionProvider>,
    );
    fireEvent.click(screen.getByText('login'));
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('周敏'));
    expect(JSON.parse(localStorage.getItem(SESSION_KEY) ?? '{}')).toEqual({
      token: 'tok-1',
      expiresAt: '2099-01-01T00:00:00.000Z',
    });
    expect(sessionStorage.length).toBe(0);
  });

  it('opens signed in when another tab has logged in, and sends the token only in a header', async () => {
    setToken('tok-2', '2099-01-01T00:00:00.000Z');
    const fetchMock = vi.fn((_url: string, _init?: RequestInit) => json(ME));
    vi.stubGlobal('fetch', fetchMock);
    render(
      <SessionProvider>
        <Who />
      </SessionProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('周敏'));
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/me');
    expect(url).not.toContain('tok-2');
    expect((init.headers as Record<string, string>)['authorization']).toBe('Bearer tok-2');
  });

  it('does not use a token that has expired', () => {
    setToken('old', '2000-01-01T00:00:00.000Z');
    expect(getToken()).toBeNull();
  });

  it('logs out when another tab logs out, and follows another tab’s new login', async () => {
    setToken('tok-3');
    const fetchMock = vi.fn((_url: string, init?: RequestInit) =>
      json(
        (init?.headers as Record<string, string>)['authorization'] === 'Bearer tok-4'
          ? { ...ME, id: 'u2', name: '李强' }
          : ME,
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    render(
      <SessionProvider>
        <Who />
      </SessionProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('周敏'));

    otherTab(null);
    expect(screen.getByTestId('who').textContent).toBe('nobody');

    otherTab(JSON.stringify({ token: 'tok-4' }));
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('李强'));
  });

  it('a logout here clears the shared session, which the other tabs are told of', async () => {
    setToken('tok-5');
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) =>
        url === '/api/v1/auth/logout' ? Promise.resolve(new Response(null, { status: 204 })) : json(ME),
      ),
    );
    render(
      <SessionProvider>
        <Who />
      </SessionProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('周敏'));
    fireEvent.click(screen.getByText('logout'));
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('nobody'));
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it('drops the token before the server revokes it, so that no later request of the page is refused', async () => {
    setToken('tok-6');
    const seen: { url: string; auth: string | null; stored: string | null }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init: RequestInit = {}) => {
        const headers = (init.headers ?? {}) as Record<string, string>;
        seen.push({ url, auth: headers['authorization'] ?? null, stored: localStorage.getItem(SESSION_KEY) });
        return url === '/api/v1/auth/logout' ? Promise.resolve(new Response(null, { status: 204 })) : json(ME);
      }),
    );
    render(
      <SessionProvider>
        <Who />
      </SessionProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('周敏'));
    fireEvent.click(screen.getByText('logout'));
    await waitFor(() => expect(seen.some((s) => s.url === '/api/v1/auth/logout')).toBe(true));
    const revoke = seen.find((s) => s.url === '/api/v1/auth/logout')!;
    // The revoking request still names the session, but the page no longer holds it.
    expect(revoke.auth).toBe('Bearer tok-6');
    expect(revoke.stored).toBeNull();
    expect(screen.getByTestId('who').textContent).toBe('nobody');
  });
});
