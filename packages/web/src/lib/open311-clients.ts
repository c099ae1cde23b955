/**
 * What the Open311 clients screen tells a client's developers: where GeoReport v2 is served on
 * this platform and how a first call looks. Pure, so the screen only shows it.
 */

/** The GeoReport v2 endpoint of the platform the console is served from. */
export function open311Endpoint(origin: string): string {
  return `${origin.replace(/\/+$/, '')}/open311/v2`;
}

/** The services list of a jurisdiction: the first call every Open311 client makes. */
export function open311ServicesUrl(origin: string, jurisdiction: string): string {
  return `${open311Endpoint(origin)}/services.json?jurisdiction_id=${encodeURIComponent(jurisdiction)}`;
}

/** A client's row in the list: active ones can be revoked, revoked ones only read. */
export function canRevoke(client: { active: boolean }): boolean {
  return client.active;
}
