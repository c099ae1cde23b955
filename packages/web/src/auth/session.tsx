import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, getToken, handleUnauthorized, setToken } from '../api/client';
import type { SessionUser } from '../api/models';

interface Session {
  user: SessionUser | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Keeps the signed-in user; a 401 anywhere ends the session and shows the login page. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [loading, setLoading] = useState(getToken() !== null);

  useEffect(() => {
    handleUnauthorized(() => {
      setToken(null);
      setUser(null);
    });
    if (!getToken()) return;
    api<SessionUser>('/api/v1/auth/me')
      .then(setUser, () => setToken(null))
      .finally(() => setLoading(false));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await api<{ token: string; user: SessionUser }>('/api/v1/auth/login', {
      method: 'POST',
      body: { username, password },
    });
    setToken(result.token);
    setUser(result.user);
  }, []);

  const logout = useCallback(async () => {
    await api('/api/v1/auth/logout', { method: 'POST' }).catch(() => undefined);
    setToken(null);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, loading, login, logout }), [user, loading, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
