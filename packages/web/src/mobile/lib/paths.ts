/**
 * Where the enterprise's mobile pages live and how they link to each other. The mobile area is
 * everything under `/m`; it never shows the staff console's frame.
 */

/** Whether a path belongs to the mobile area (`/m` itself or anything below `/m/`). */
export function isMobilePath(pathname: string): boolean {
  return pathname === '/m' || pathname.startsWith('/m/');
}

/**
 * Where to go after logging in. Only a path inside the mobile area is followed, so that a
 * crafted `?next=` cannot send the user to another site (`//evil.example`) or to a console
 * screen; anything else lands on "my demands".
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || next.startsWith('//') || next.includes('\\')) return '/m';
  const path = next.split(/[?#]/)[0] ?? '';
  if (!isMobilePath(path) || path.startsWith('/m/login')) return '/m';
  return next;
}

/** The login page that returns to `path` afterwards. */
export function loginPath(path: string): string {
  return `/m/login?next=${encodeURIComponent(path)}`;
}

/**
 * The absolute address of a jurisdiction's QR entry page, which the QR code encodes. It is
 * built from the address the page is served at, so a poster printed from a deployment points
 * back to that deployment.
 */
export function entryUrl(origin: string, code: string): string {
  return `${origin.replace(/\/+$/, '')}/m/j/${encodeURIComponent(code)}`;
}
