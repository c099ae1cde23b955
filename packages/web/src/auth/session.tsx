import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { api, getToken, handleUnauthorized, onSessionChange, setToken } from '../api/client';
import type { SessionUser } from '../api/models';

interface Session {
  user: SessionUser | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<void>;
  /** Signs in with a mobile and the code it received by SMS (enterprise contacts). */
  loginBySms: (mobile: string, code: string) => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Keeps the signed-in user. The session is the browser's, not the tab's: a case opened in a new
 * tab (console or phone pages alike) is signed in already, until the token expires or the user
 * logs out — and a logout, or a login as someone else, in one tab is followed by every other
 * tab. A 401 anywhere ends the session and shows the login page.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [loading, setLoading] = useState(getToken() !== null);
  // The token the shown user was read with, to tell another tab's new login from our own.
  const current = useRef<string | null>(getToken());

  useEffect(() => {
    handleUnauthorized(() => {
      setToken(null);
      current.current = null;
      setUser(null);
    });
    const restore = (token: string) => {
      current.current = token;
      setLoading(true);
      api<SessionUser>('/api/v1/auth/me')
        .then(
          (me) => {
            if (current.current === token) setUser(me);
          },
          () => {
            if (current.current !== token) return;
            setToken(null);
            current.current = null;
            setUser(null);
          },
        )
        .finally(() => setLoading(false));
    };
    const stop = onSessionChange((token) => {
      if (token === current.current) return;
      if (!token) {
        current.current = null;
        setUser(null);
        return;
      }
      restore(token);
    });
    const token = getToken();
    if (token) restore(token);
    return stop;
  }, []);

  const start = useCallback(async (path: string, body: Record<string, string>) => {
    const result = await api<{ token: string; expiresAt?: string; user: SessionUser }>(path, { method: 'POST', body });
    setToken(result.token, result.expiresAt);
    current.current = result.token;
    setUser(result.user);
  }, []);
  const login = useCallback(
    (username: string, password: string) => start('/api/v1/auth/login', { username, password }),
    [start],
  );
  const loginBySms = useCallback(
    (mobile: string, code: string) => start('/api/v1/auth/sms-login', { mobile, code }),
    [start],
  );

  // The token leaves the page before the server revokes it, so that no request of the page
  // (the notification bell's poll) goes out with a token that is no longer valid.
  const logout = useCallback(async () => {
    const token = getToken();
    setToken(null);
    current.current = null;
    setUser(null);
    if (token) await api('/api/v1/auth/logout', { method: 'POST', token, keepalive: true }).catch(() => undefined);
  }, []);

  const value = useMemo(
    () => ({ user, loading, login, loginBySms, logout }),
    [user, loading, login, loginBySms, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session of the page: the user, whether it is still being restored, login and logout. */
export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
