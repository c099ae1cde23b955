import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

/**
 * How the CLI backs up an embedded database that a running server holds. The server alone may
 * open the data folder, so the CLI asks it: at start the server writes `qisu.server.json` into
 * the data folder — its loopback address and a random token — readable by the folder's owner
 * only (0600), and answers `GET /api/local/backup` only to a request that comes from the same
 * machine and carries that token. Whoever can read the token can read the database files
 * themselves, so the route grants nothing the file system does not. The file goes when the
 * server stops; one left by a crash names a server that no longer answers.
 */
export const LOCAL_SERVER_FILE = 'qisu.server.json';
/** The header that carries the token. */
export const LOCAL_TOKEN_HEADER = 'x-qisu-local-token';
/** The route's path: outside `/api/v1`, absent from the OpenAPI document. */
export const LOCAL_BACKUP_PATH = '/api/local/backup';

const LocalServer = z.object({
  pid: z.number().int().positive(),
  url: z.url(),
  token: z.string().regex(/^[0-9a-f]{64}$/),
});
/** What `qisu.server.json` says: which process, where it listens on this machine, and its token. */
export type LocalServer = z.infer<typeof LocalServer>;

/** A fresh token for one server run. */
export function newLocalToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Writes the server file, owner-only, replacing one left by an earlier run; returns what removes
 * it. A file that exists is removed first so that the new one is created with mode 0600.
 */
export async function publishLocalServer(dataDir: string, server: LocalServer): Promise<() => Promise<void>> {
  const path = join(resolve(dataDir), LOCAL_SERVER_FILE);
  await rm(path, { force: true });
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(server));
  } finally {
    await handle.close();
  }
  return () => rm(path, { force: true });
}

/** The running server of a data folder as its file says, or null when there is none or it is unreadable. */
export function readLocalServer(dataDir: string): LocalServer | null {
  try {
    const parsed = LocalServer.safeParse(JSON.parse(readFileSync(join(resolve(dataDir), LOCAL_SERVER_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Compares a presented token with the expected one in constant time (through their hashes). */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * True for a connection from this machine: a loopback address, or the server's own address
 * (a server bound to one interface sees its local clients arrive from that address).
 */
export function fromThisMachine(remote: string | undefined, local: string | undefined): boolean {
  if (!remote) return false;
  const bare = remote.startsWith('::ffff:') ? remote.slice(7) : remote;
  if (bare === '::1' || bare.startsWith('127.')) return true;
  return local !== undefined && remote === local;
}

/** The URL a local client reaches a server at, from the host it listens on and its port. */
export function loopbackUrl(host: string, port: number): string {
  if (host === '' || host === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

/** A server that did not give a backup: what it answered, in both languages. */
export class LocalBackupRefused extends Error {
  constructor(readonly detail: string) {
    super(`运行中的服务未能提供备份：${detail}\nThe running server did not give a backup: ${detail}`);
    this.name = 'LocalBackupRefused';
  }
}

/** Asks the running server for a backup and streams it into `out` (which is ended). */
export async function fetchLocalBackup(server: LocalServer, out: Writable): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL(LOCAL_BACKUP_PATH, server.url), {
      headers: { [LOCAL_TOKEN_HEADER]: server.token },
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new LocalBackupRefused(`${server.url} (${cause})`);
  }
  if (!response.ok || !response.body) {
    throw new LocalBackupRefused(`HTTP ${response.status}`);
  }
  await pipeline(Readable.fromWeb(response.body), out);
}
