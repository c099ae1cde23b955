/**
 * The worklist's state lives in the URL, so a link or a saved view reopens exactly the same
 * list. These functions turn URL parameters into the list API's query and back.
 */

/** Every filter the list API takes, in the order a saved view lists them. */
export const FILTER_KEYS = [
  'status',
  'clock',
  'unitId',
  'enterpriseId',
  'categoryId',
  'channel',
  'regionCode',
  'from',
  'to',
  'q',
  'sort',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const PAGE_SIZE = 20;

/** The filters set in the URL, without paging (what a saved view keeps). */
export function filtersOf(params: URLSearchParams): Partial<Record<FilterKey, string>> {
  const filters: Partial<Record<FilterKey, string>> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value && !(key === 'sort' && value === 'newest')) filters[key] = value;
  }
  return filters;
}

/** The list API's query for the URL: its filters plus the page. */
export function listQuery(params: URLSearchParams): string {
  const query = new URLSearchParams(filtersOf(params));
  const page = Number(params.get('page') ?? '1');
  query.set('page', String(Number.isInteger(page) && page > 0 ? page : 1));
  query.set('pageSize', String(PAGE_SIZE));
  return query.toString();
}

/** The URL after changing some filters: empty values drop out, and any change returns to page 1. */
export function withFilters(params: URLSearchParams, next: Record<string, string>): URLSearchParams {
  const merged = new URLSearchParams(params);
  for (const [k, v] of Object.entries(next)) {
    if (v) merged.set(k, v);
    else merged.delete(k);
  }
  if (!('page' in next)) merged.delete('page');
  return merged;
}

/** How many filters beyond state, time limits, search and order are set (shown on the "more" toggle). */
export function moreFilterCount(params: URLSearchParams): number {
  return (['unitId', 'categoryId', 'channel', 'regionCode', 'from'] as const).filter((k) => params.get(k)).length;
}

/** Whether the saved view is what the URL shows now. */
export function sameFilters(view: Record<string, string>, params: URLSearchParams): boolean {
  const current = filtersOf(params);
  const keys = new Set([...Object.keys(view), ...Object.keys(current)]);
  return [...keys].every((k) => (view[k] ?? '') === (current[k as FilterKey] ?? ''));
}

/** States from which the hub may still dispatch (the rows bulk dispatch can select). */
export const DISPATCHABLE = ['submitted', 'screening', 'returned'];

export interface BulkResult {
  caseId: string;
  ok: boolean;
  number?: string;
  error?: { code: string; message: string };
}

/** Splits a bulk answer into what went and what did not, naming each failed case by its number. */
export function summariseBulk(
  results: BulkResult[],
  numberOf: (caseId: string) => string,
): { sent: string[]; failed: { number: string; message: string }[] } {
  return {
    sent: results.filter((r) => r.ok).map((r) => r.number ?? numberOf(r.caseId)),
    failed: results
      .filter((r) => !r.ok)
      .map((r) => ({ number: numberOf(r.caseId), message: r.error?.message || r.error?.code || '' })),
  };
}

/** The tab counts' query: every filter of the URL but the state, the clock and the order. */
export function countsQuery(params: URLSearchParams): string {
  const { status: _status, clock: _clock, sort: _sort, ...rest } = filtersOf(params);
  return new URLSearchParams(rest).toString();
}

/** The export's query: the list's filters and order, without paging (the export holds every row). */
export function exportQuery(params: URLSearchParams): string {
  return new URLSearchParams(filtersOf(params)).toString();
}

/**
 * The one case whose number is exactly what was typed (any case, spaces ignored), for the
 * header's search: that case opens at once; otherwise the typed text searches the worklist.
 */
export function exactNumberMatch<T extends { id: string; number: string }>(
  items: readonly T[],
  typed: string,
): T | null {
  const wanted = typed.trim().toUpperCase();
  if (!wanted) return null;
  const hits = items.filter((c) => c.number.toUpperCase() === wanted);
  return hits.length === 1 ? (hits[0] ?? null) : null;
}
