import { api } from './client';

/** The dimensions the hotspot view counts by. */
export type HotspotDimension = 'category' | 'region' | 'industry';

/** A member case of a group. */
export interface HotspotMember {
  id: string;
  number: string;
  title: string;
  status: string;
}

/** One group of similar cases as `GET /api/v1/hotspots` answers it; `id` is null until it was warned and stored. */
export interface Hotspot {
  id: string | null;
  title: string;
  keywords: string[];
  size: number;
  previousSize: number;
  growth: number;
  likes: number;
  score: number;
  category: string | null;
  region: string | null;
  industry: string | null;
  from: string | null;
  to: string | null;
  members: HotspotMember[];
  warnedAt: string | null;
  fix: { caseId: string; number: string; status: string; note: string | null } | null;
  status: 'open' | 'fixing' | 'resolved';
}

/** Counts of one value of the dimension in the window and the window before. */
export interface DimensionCount {
  value: string;
  label: string;
  count: number;
  previousCount: number;
  growth: number;
}

/** The hotspot view of the caller's jurisdiction. */
export interface HotspotList {
  window: { from: string; to: string; days: number };
  minCases: number;
  groups: Hotspot[];
  byDimension: DimensionCount[];
}

/** The path of the hotspot view for a window (days; the profile's when absent) and a dimension. */
export function hotspotsPath(windowDays: number | null, dimension: HotspotDimension): string {
  const query = new URLSearchParams({ dimension });
  if (windowDays) query.set('windowDays', String(windowDays));
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
