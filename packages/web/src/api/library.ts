import { api } from './client';
import { downloadFile } from './export';
import type { BodyOf, ResponseOf } from './models';

/** A page of the experience library (`GET /api/v1/library`). */
export type LibraryList = ResponseOf<'/api/v1/library'>;

/** One entry as the list shows it, with its match score when searched. */
export type LibraryListItem = LibraryList['items'][number];

/** One entry (`GET /api/v1/library/{id}`). */
export type LibraryEntry = ResponseOf<'/api/v1/library/{id}'>;

/** What distils a closed case into the library (`POST /api/v1/library`). */
export type NewLibraryEntry = BodyOf<'/api/v1/library'>;

/** The hub's edit of an entry (`PUT /api/v1/library/{id}`). */
export type LibraryEntryChange = BodyOf<'/api/v1/library/{id}', 'put'>;

/** The path of a library search: words, and typical cases only when asked. */
export function libraryPath(q: string, typicalOnly: boolean): string {
  const query = new URLSearchParams();
  if (q.trim()) query.set('q', q.trim());
  if (typicalOnly) query.set('typical', 'true');
  const s = query.toString();
  return s ? `/api/v1/library?${s}` : '/api/v1/library';
}

/** `POST /api/v1/library`: the hub distils a closed case; answers the new entry's id. */
export function createLibraryEntry(body: NewLibraryEntry): Promise<{ id: string }> {
  return api<{ id: string }>('/api/v1/library', { method: 'POST', body });
}

/** `PUT /api/v1/library/{id}`: the hub edits an entry or marks it typical. */
export function updateLibraryEntry(id: string, body: LibraryEntryChange): Promise<LibraryEntry> {
  return api<LibraryEntry>(`/api/v1/library/${encodeURIComponent(id)}`, { method: 'PUT', body });
}

/** Downloads the typical-case 简报 of a period (YYYY-MM, YYYY-Qn or YYYY). */
export function downloadTypicalBrief(period: string): Promise<string> {
  return downloadFile(
    `/api/v1/reports/typical-cases.docx?period=${encodeURIComponent(period)}`,
    `typical-cases-${period}.docx`,
  );
}
