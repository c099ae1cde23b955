import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { LedgerEnterprise } from '../api/models';
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

/** How many enterprises a page of the ledger shows. */
export const ENTERPRISE_PAGE_SIZE = 20;

/** One page of the enterprise ledger and how many there are in all. */
export interface EnterprisePage {
  items: LedgerEnterprise[];
  total: number;
}

/**
 * The page of the enterprise ledger the address asks for (`?page=`, the first when absent or not a
 * number), narrowed by `filters`; a filter left empty is not sent.
 */
export function useEnterprisePage(params: URLSearchParams, filters: Record<string, string>) {
  const page = Number(params.get('page') ?? '1') || 1;
  const query = new URLSearchParams({ page: String(page), pageSize: String(ENTERPRISE_PAGE_SIZE) });
  for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
  const list = useFetched<EnterprisePage>(`/api/v1/enterprises?${query.toString()}`);
  return { page, list };
}
