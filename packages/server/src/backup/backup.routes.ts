import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { attachmentRoot } from '../attachments/attachments.storage.js';
import type { Deps } from '../context.js';
import type { Engine } from '../db/database.js';
import { AppError } from '../errors.js';
import { fromThisMachine, LOCAL_BACKUP_PATH, LOCAL_TOKEN_HEADER, tokenMatches } from './backup.local.js';
import { writeBackup } from './backup.service.js';

/** Set by `startServer` only for an embedded database it holds; absent, the route does not exist. */
export interface LocalBackupOptions {
  /** The token this server run wrote to its data folder. */
  token: string;
  /** The data folder the server holds (`QISU_DATA_DIR`). */
  dataDir: string;
}

/**
 * `GET /api/local/backup`: a backup of the running server's embedded database, for the CLI on
 * the same machine (see backup.local.ts). Any other caller — another machine, a request relayed
 * by a proxy, no token or a wrong one — gets the 404 of a path that does not exist. The backup
 * is first written to a private file in the data folder, so the snapshot's transaction (which
 * holds PGlite's one connection) lasts as long as the local disk needs, not as long as the client
 * takes to read; the file is unlinked as soon as it is open for sending.
 */
export function registerLocalBackupRoute(
  app: FastifyInstance,
  deps: Deps & { engine: Engine },
  options: LocalBackupOptions,
): void {
  app.get(LOCAL_BACKUP_PATH, { schema: { hide: true } }, async (request, reply) => {
    // A request relayed by a proxy on this machine arrives from loopback; the CLI never sends these headers.
    const relayed = request.headers['x-forwarded-for'] !== undefined || request.headers['forwarded'] !== undefined;
    const local = !relayed && fromThisMachine(request.socket.remoteAddress, request.socket.localAddress);
    if (!local || !tokenMatches(options.token, request.headers[LOCAL_TOKEN_HEADER])) throw new AppError('NOT_FOUND');

    const folder = join(resolve(options.dataDir), 'tmp');
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const temp = join(folder, `backup-${randomBytes(8).toString('hex')}.tmp`);
    try {
      await writeBackup({ db: deps.db, engine: deps.engine }, createWriteStream(temp, { flags: 'wx', mode: 0o600 }), {
        attachmentsRoot: attachmentRoot(options.dataDir),
        now: deps.clock.now(),
        onProgress: (message) => request.log.info(message),
      });
      const stream = createReadStream(temp);
      await once(stream, 'open');
      await rm(temp, { force: true });
      return reply
        .type('application/gzip')
        .header('content-disposition', 'attachment; filename="qisu-backup.gz"')
        .header('cache-control', 'no-store')
        .send(stream);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  });
}
