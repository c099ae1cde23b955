import { api } from './client';
import type { BodyOf, ResponseOf } from './models';

/** A catalogue item as `GET /api/v1/service-items` lists it. */
export type ServiceItem = ResponseOf<'/api/v1/service-items'>['items'][number];
/** A "一件事" bundle with its items in order. */
export type ServiceBundle = ResponseOf<'/api/v1/service-bundles'>['bundles'][number];
/** An item as the admin or the hub writes it. */
export type ServiceItemInput = BodyOf<'/api/v1/service-items', 'post'>;
/** A bundle as the admin or the hub writes it. */
export type ServiceBundleInput = BodyOf<'/api/v1/service-bundles', 'post'>;
/** An enterprise's request of an item or a bundle. */
export type ServiceRequestInput = BodyOf<'/api/v1/service-items/{id}/requests', 'post'>;
/** The case a request became, and the units it went to. */
export interface ServiceRequestCreated {
  caseId: string;
  number: string;
  leadUnit: { id: string; name: string };
  coUnits: { id: string; name: string }[];
}

/** `GET /api/v1/service-items`: the catalogue by kind, field and words. */
export function findServiceItems(filter: { kind?: string; field?: string; q?: string }): Promise<ServiceItem[]> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) query.set(k, v);
  const qs = query.toString();
  return api<{ items: ServiceItem[] }>(`/api/v1/service-items${qs ? `?${qs}` : ''}`).then((r) => r.items);
}

/** `GET /api/v1/service-items/{id}`. */
export function getServiceItem(id: string): Promise<ServiceItem> {
  return api<ServiceItem>(`/api/v1/service-items/${encodeURIComponent(id)}`);
}

/** `GET /api/v1/service-bundles`. */
export function listServiceBundles(): Promise<ServiceBundle[]> {
  return api<{ bundles: ServiceBundle[] }>('/api/v1/service-bundles').then((r) => r.bundles);
}

/** `POST` or `PUT /api/v1/service-items[/{id}]`. */
export function saveServiceItem(id: string | null, input: ServiceItemInput): Promise<ServiceItem> {
  return id
    ? api<ServiceItem>(`/api/v1/service-items/${encodeURIComponent(id)}`, { method: 'PUT', body: input })
    : api<ServiceItem>('/api/v1/service-items', { method: 'POST', body: input });
}

/** `POST` or `PUT /api/v1/service-bundles[/{id}]`. */
export function saveServiceBundle(id: string | null, input: ServiceBundleInput): Promise<ServiceBundle> {
  return id
    ? api<ServiceBundle>(`/api/v1/service-bundles/${encodeURIComponent(id)}`, { method: 'PUT', body: input })
    : api<ServiceBundle>('/api/v1/service-bundles', { method: 'POST', body: input });
}

/** `POST /api/v1/service-items/{id}/requests` or `/service-bundles/{id}/requests`. */
export function requestService(
  kind: 'items' | 'bundles',
  id: string,
  input: ServiceRequestInput,
): Promise<ServiceRequestCreated> {
  return api<ServiceRequestCreated>(`/api/v1/service-${kind}/${encodeURIComponent(id)}/requests`, {
    method: 'POST',
    body: input,
  });
}

/** `GET /api/v1/fallback-unit`: the jurisdiction's 兜底办, or null. */
export function getFallbackUnit(): Promise<{ id: string; name: string } | null> {
  return api<{ unit: { id: string; name: string } | null }>('/api/v1/fallback-unit').then((r) => r.unit);
}
