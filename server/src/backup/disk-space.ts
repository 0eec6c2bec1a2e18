// Free space on the filesystem a path would be written to, checked before anything is written.
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup-error.js';

/** Room left for metadata and the estimate's error (a database dump can outgrow its tables). */
const MARGIN_BYTES = 16 * 1024 * 1024;

/** Bytes available to this user on the filesystem of `target`, or of its nearest existing parent. */
export function freeBytes(target: string): number {
  let dir = path.resolve(target);
  for (;;) {
    try {
      const stat = fs.statfsSync(dir);
      return stat.bavail * stat.bsize;
    } catch (error) {
      const parent = path.dirname(dir);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === dir) throw error;
      dir = parent;
    }
  }
}

const mb = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

/** Throws NO_SPACE when `needed` bytes (plus a margin) do not fit in `free`. */
export function ensureSpace(target: string, needed: number, free: number): void {
  if (needed + MARGIN_BYTES > free) {
    throw new BackupError(
      'NO_SPACE',
      `not enough space in ${target}: it needs about ${mb(needed + MARGIN_BYTES)}, ${mb(free)} free; nothing was written`,
    );
  }
}
