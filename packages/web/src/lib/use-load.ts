import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';

/** What a page shows of one GET: the answer, the error, whether it is loading, how to retry. */
export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs a path whenever it changes and keeps the last answer, the error message (the server's,
 * in the user's language) and whether a request is under way. An answer that arrives after the
 * path has changed again is dropped, so a quick period switch never shows the wrong period.
 * A null path loads nothing.
 */
export function useLoad<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (path === null) return;
    let current = true;
    setLoading(true);
    setError(null);
    api<T>(path)
      .then(
        (value) => {
          if (current) setData(value);
        },
        (e: unknown) => {
          if (current) setError(e instanceof ApiError ? e.message : String(e));
        },
      )
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [path, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, reload };
}
