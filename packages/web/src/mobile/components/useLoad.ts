import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';

/** A loaded value with its loading and error states, and a way to load it again. */
export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** The HTTP status of the failure (0: no answer), to tell "not found" from "try again". */
  errorStatus: number | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads once per change of `key` and on `reload`. A response that arrives after the key changed
 * (a slow network, a quick tap elsewhere) is dropped, so the page never shows another case's data.
 * Errors are the server's message, which is already in the user's language.
 */
export function useLoad<T>(key: string, load: () => Promise<T>, fallbackError: string): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorStatus, setErrorStatus] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    setErrorStatus(null);
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(errorText(e, fallbackError));
        setErrorStatus(e instanceof ApiError ? e.status : null);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; `key` names what it loads.
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, errorStatus, loading, reload };
}

/** The message to show for a failed call: the server's (in the user's language) or a general one. */
export function errorText(e: unknown, fallback: string): string {
  return e instanceof ApiError && e.message ? e.message : fallback;
}
