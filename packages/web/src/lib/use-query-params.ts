import { useSearchParams } from 'react-router-dom';

/**
 * The page's address query and a way to change part of it: each key given is set, or removed when
 * its value is empty; the keys not given stay as they are.
 */
export function useQueryParams(): [URLSearchParams, (next: Record<string, string>) => void] {
  const [params, setParams] = useSearchParams();
  const update = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged);
  };
  return [params, update];
}
