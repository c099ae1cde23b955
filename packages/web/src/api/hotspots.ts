import { api } from './client';
import type { ResponseOf } from './models';

/** The dimensions the hotspot view counts by. */
export type HotspotDimension = 'category' | 'region' | 'industry';

/** The hotspot view of the caller's jurisdiction (`GET /api/v1/hotspots`). */
export type HotspotList = ResponseOf<'/api/v1/hotspots'>;

/** One group of similar cases; `id` is null until it was warned and stored. */
export type Hotspot = HotspotList['groups'][number];

/** A member case of a group. */
export type HotspotMember = Hotspot['members'][number];

/** Counts of one value of the dimension in the window and the window before. */
export type DimensionCount = HotspotList['byDimension'][number];

/** The path of the hotspot view for a window (days; the profile's when absent) and a dimension. */
export function hotspotsPath(
  windowDays: number | null,
  dimension: HotspotDimension,
  order: 'heat' | 'burst' = 'heat',
): string {
  const query = new URLSearchParams({ dimension });
  if (windowDays) query.set('windowDays', String(windowDays));
  if (order !== 'heat') query.set('order', order);
  return `/api/v1/hotspots?${query.toString()}`;
}

/** `POST /api/v1/hotspots/{id}/fix`: links the group to a systemic-fix case, by id or number. */
export function linkHotspotFix(id: string, body: { caseId: string; note?: string }): Promise<Hotspot> {
  return api<Hotspot>(`/api/v1/hotspots/${encodeURIComponent(id)}/fix`, { method: 'POST', body });
}

/** `POST /api/v1/hotspots/{id}/resolve`: marks the group resolved. */
export function resolveHotspot(id: string, note: string): Promise<Hotspot> {
  return api<Hotspot>(`/api/v1/hotspots/${encodeURIComponent(id)}/resolve`, { method: 'POST', body: { note } });
}
