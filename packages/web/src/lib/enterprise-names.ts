import { api } from '../api/client';
import type { LedgerEnterprise } from '../api/models';

/** The ledger's largest page (`GET /api/v1/enterprises`, `pageSize` ≤ 200). */
const PAGE = 200;
/** At most this many pages are read for names: a very large ledger shows the rest by their count only. */
const MAX_PAGES = 10;

/**
 * Names of the enterprises with these ids, read from the ledger list a page at a time until all
 * are found (the list shows contacts masked; a single enterprise's read would show them whole
 * and log the view, which a list of users does not need). Ids not found are left out.
 */
export async function enterpriseNames(ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const names = new Map<string, string>();
  for (let page = 1; wanted.size > names.size && page <= MAX_PAGES; page++) {
    const { items, total } = await api<{ items: LedgerEnterprise[]; total: number }>(
      `/api/v1/enterprises?page=${page}&pageSize=${PAGE}`,
    );
    for (const e of items) if (wanted.has(e.id)) names.set(e.id, e.name);
    if (page * PAGE >= total || items.length === 0) break;
  }
  return names;
}
