import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import type { AttachmentFetchFailure } from '@qisu/core';

/**
 * The one HTTP GET of the fetch job: a file another platform sent as a link, downloaded within
 * limits that a hostile link cannot get round — a deadline for the whole fetch (redirects and
 * body included), at most `maxBytes` read (the body is streamed and the connection dropped past
 * it), at most `maxRedirects` redirects each checked like the first link, http and https only,
 * and unless `allowPrivate` no address of this machine or of a private, shared, link-local,
 * multicast or reserved network. Addresses are checked where the connection is made (the lookup
 * the socket uses, and the literal address of a link), so a name that resolves to an internal
 * address — also on a second lookup — is refused.
 */

/** The limits of one fetch. */
export interface FetchLimits {
  /** Deadline of the whole fetch, redirects and body included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** `QISU_FETCH_ALLOW_PRIVATE`: reach this machine and private networks too (tests, an intranet). */
  allowPrivate: boolean;
}

/** A fetch that did not give a file: why, a detail for the record, and whether trying later may help. */
export class FetchFailed extends Error {
  constructor(
    readonly reason: AttachmentFetchFailure,
    readonly detail: string,
    readonly retryable: boolean,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'FetchFailed';
  }
}

/** The bytes a link gave, with the name the server suggested (or the link's last segment). */
export interface FetchedFile {
  bytes: Buffer;
  filename: string | undefined;
}

/** Networks no link may reach unless private addresses are allowed. */
const BLOCKED = (() => {
  const list = new BlockList();
  const v4 = [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const;
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, 'ipv4');
  const v6 = [
    // Unspecified, loopback and the deprecated IPv4-compatible addresses; IPv4-mapped ones are
    // checked against the IPv4 networks above by BlockList itself.
    ['::', 96],
    ['64:ff9b:1::', 48],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['fec0::', 10],
    ['ff00::', 8],
  ] as const;
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, 'ipv6');
  return list;
})();

/** Whether an address lies in a network the fetch may not reach. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

class AddressRefused extends Error {
  constructor(readonly address: string) {
    super(`address ${address} is not allowed`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The socket's lookup: every address a name resolves to must be allowed, else none is used. */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = addresses.find((a) => isBlockedAddress(a.address));
    if (refused) return callback(new AddressRefused(refused.address), '');
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
    if (options.all) return callback(null, addresses);
    return callback(null, first.address, first.family);
  });
}

/** A link as the fetch accepts it: absolute http(s), no credentials, at most 8,000 characters once escaped. */
export function parseLink(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FetchFailed('bad_url', 'not an absolute URL', false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchFailed('bad_url', `scheme ${url.protocol} is not http or https`, false);
  }
  if (url.username || url.password) throw new FetchFailed('bad_url', 'credentials in the URL', false);
  if (url.href.length > 8000) throw new FetchFailed('bad_url', 'longer than 8000 characters', false);
  return url;
}

/**
 * A link as it is queued: the parsed URL's own spelling (scheme and host in lower case, spaces
 * escaped), or null when it is not an absolute http(s) URL or carries credentials.
 */
export function normalLink(text: string): string | null {
  try {
    return parseLink(text).href;
  } catch {
    return null;
  }
}

/** The literal address of a link's host, checked before connecting (no lookup happens for it). */
function checkLiteral(url: URL, limits: FetchLimits): void {
  if (limits.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && isBlockedAddress(host)) {
    throw new FetchFailed('address_not_allowed', `address ${host} is not allowed`, false);
  }
}

const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/** What a failed connection or read means; aborts are the deadline. */
function failureOf(error: unknown, signal: AbortSignal): FetchFailed {
  if (error instanceof FetchFailed) return error;
  if (error instanceof AddressRefused) return new FetchFailed('address_not_allowed', error.message, false);
  if (signal.aborted) return new FetchFailed('timeout', 'no complete answer in time', true);
  const code = (error as NodeJS.ErrnoException).code;
  return new FetchFailed('unreachable', code ?? String((error as Error).message ?? error).slice(0, 200), true);
}

/** Sends one GET and resolves with the response's head. */
function get(url: URL, limits: FetchLimits, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'GET',
      headers: { 'user-agent': 'qisu-attachment-fetch', accept: '*/*', 'accept-encoding': 'identity' },
      signal,
      ...(limits.allowPrivate ? {} : { lookup: guardedLookup }),
    });
    request.on('response', resolve);
    request.on('error', (error) => reject(failureOf(error, signal)));
    request.end();
  });
}

/** Reads a body up to `maxBytes`, dropping the connection as soon as it is more. */
function readBody(response: IncomingMessage, limits: FetchLimits, signal: AbortSignal): Promise<Buffer> {
  const tooLarge = () => new FetchFailed('too_large', `more than ${limits.maxBytes} bytes`, false);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    response.destroy();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) {
        response.destroy(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    let ended = false;
    response.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks, size));
    });
    response.on('error', (error) => reject(failureOf(error, signal)));
    response.on('close', () => {
      if (!ended) reject(failureOf(new Error('the connection closed before the end'), signal));
    });
    signal.addEventListener('abort', () => response.destroy(), { once: true });
  });
}

/** The file name a server suggests in `Content-Disposition`, else the link's last path segment. */
export function suggestedName(disposition: string | undefined, url: URL): string | undefined {
  const star = disposition && /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  const plain = disposition && /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  const raw = star?.[1] ?? plain?.[1] ?? url.pathname.split('/').pop();
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw).trim() || undefined;
  } catch {
    return raw.trim() || undefined;
  }
}

/**
 * Fetches a link within the limits, following at most `maxRedirects` redirects; throws
 * `FetchFailed` with the reason, retryable when the other side may answer later (no connection,
 * the deadline, 408, 425, 429 and 5xx gateway answers).
 */
export async function fetchLink(link: string, limits: FetchLimits): Promise<FetchedFile> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = parseLink(link);
  for (let redirects = 0; ; redirects++) {
    checkLiteral(url, limits);
    const response = await get(url, limits, signal);
    const status = response.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status)) {
      response.destroy();
      const location = response.headers.location;
      if (!location) throw new FetchFailed('http_error', `HTTP ${status} without a Location`, false);
      if (redirects >= limits.maxRedirects) {
        throw new FetchFailed('too_many_redirects', `more than ${limits.maxRedirects} redirects`, false);
      }
      let next: string;
      try {
        next = new URL(location, url).href;
      } catch {
        throw new FetchFailed('bad_url', 'the redirect’s Location is not a URL', false);
      }
      url = parseLink(next);
      continue;
    }
    if (status < 200 || status > 299) {
      response.destroy();
      throw new FetchFailed('http_error', `HTTP ${status}`, RETRY_STATUSES.has(status));
    }
    const bytes = await readBody(response, limits, signal);
    return { bytes, filename: suggestedName(response.headers['content-disposition'], url) };
  }
}
