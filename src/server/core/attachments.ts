import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * L6: an attachment larger than this is left out of the logged email (the email is still logged, and the timeline
 * says why). Decimal megabytes, as people read "50 MB", and the stricter of the two readings.
 */
export const ATTACHMENT_LIMIT_BYTES = 50_000_000;

export function leftOutReason(size: number): string {
  return `left out: ${formatMegabytes(size)} is over the ${formatMegabytes(ATTACHMENT_LIMIT_BYTES)} limit for stored attachments`;
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / 1_000_000;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Content-addressed files under `<data-dir>/attachments/ab/cd/<sha256>` (the rows that point at them live in the
 * database; SQLite is poor at 50 MB BLOBs). A file appears under its final name complete and fsynced or not at
 * all: it is written elsewhere, synced, then renamed, and the directory synced. Identical content lands on the
 * same name, so a second copy of an email, another instance or a retry simply rewrites the same bytes.
 *
 * Errors are left as Node raised them (EACCES, ENOSPC, EROFS, ENOTDIR…): `transientCause` reads them as "store
 * not writable", and the BCC listener answers 451 so the email comes back once the operator has fixed it.
 */
export class AttachmentStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`"${sha256}" is not a sha256 hex digest`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  open(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }

  /**
   * Moves a finished temporary file into the store. The caller computed its digest while writing it; the file
   * should be on the same filesystem for the rename to be atomic (a spool under the data dir is), and is copied
   * first when it is not.
   */
  async putFile(tempFile: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return;
    await mkdir(dirname(target), { recursive: true });
    await fsyncPath(tempFile);
    try {
      await rename(tempFile, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      const staged = await this.stagingPath();
      await copyFile(tempFile, staged);
      await fsyncPath(staged);
      await rename(staged, target);
    }
    await fsyncPath(dirname(target));
  }

  /** Stores bytes held in memory (the sidebar path) and returns their digest. */
  async putBuffer(content: Buffer): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    if (!(await this.has(sha256))) {
      const staged = await this.stagingPath();
      try {
        await writeFile(staged, content, { flag: 'wx' });
        await this.putFile(staged, sha256);
      } finally {
        await rm(staged, { force: true });
      }
    }
    return { sha256, size: content.length };
  }

  private async stagingPath(): Promise<string> {
    const dir = join(this.root, '.staging');
    await mkdir(dir, { recursive: true });
    return join(dir, randomUUID());
  }
}

/** fsync a file or a directory (a directory so that a rename into it survives a power cut). */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
