import { randomBytes } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Where attachment blobs live for a data folder: `<dataDir>/attachments`. A throwaway database
 * (`memory://`) gets a throwaway folder under the system's temp directory, one per process.
 */
export function attachmentRoot(dataDir: string): string {
  if (dataDir.startsWith('memory://')) return join(tmpdir(), `qisu-attachments-${process.pid}`);
  return join(resolve(dataDir), 'attachments');
}

/**
 * Content-addressed blob storage on the local file system: a file is stored once under its
 * SHA-256 as `<root>/<sha[0..2]>/<sha>`, whoever uploads it and however often. Writes go to a
 * temporary file in the same folder and are renamed into place, so a reader never sees half a
 * blob; two processes writing the same blob at once both rename identical bytes. Several server
 * processes must share the folder (e.g. a network volume) for downloads to work on every one.
 * Blobs are never deleted here: rows may share them.
 */
export class BlobStore {
  constructor(readonly root: string) {}

  /** The blob's path; refuses anything but a lower-case hex SHA-256 so no path can be smuggled in. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /**
   * Stores the bytes under their hash unless a blob with that hash exists already. The caller
   * computed the hash; it is trusted here. Returns whether bytes were written.
   */
  async put(sha256: string, bytes: Uint8Array): Promise<{ written: boolean }> {
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return { written: false };
    const folder = join(this.root, sha256.slice(0, 2));
    await mkdir(folder, { recursive: true });
    const temp = join(folder, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    try {
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { written: true };
  }

  /**
   * Opens a blob for reading. A missing blob or one of the wrong size means the folder lost
   * data behind the database's back: that is a server fault, not the caller's.
   */
  async open(sha256: string, expectedSize: number): Promise<ReadStream> {
    const path = this.pathOf(sha256);
    const info = await stat(path);
    if (info.size !== expectedSize)
      throw new Error(`attachment blob ${sha256} has ${info.size} bytes, not ${expectedSize}`);
    return createReadStream(path);
  }
}
