import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { errorText } from './form-errors';

/** What a screen shows while a GET is under way, after it answered, or after it failed. */
export interface Fetched<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs a path for an admin screen whenever it changes, keeping the answer, the server's error
 * message and whether a request is under way; an answer for a path no longer wanted is dropped.
 * A null path loads nothing.
 */
export function useFetched<T>(path: string | null): Fetched<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setLoading(true);
    setError(null);
    api<T>(path)
      .then(
        (value) => live && setData(value),
        (e: unknown) => live && setError(errorText(e)),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [path, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, reload };
}
