// Copying files into and out of a backup: checksums, sizes, modes, and the walk of a folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupFile } from './manifest.js';

/** Regular files under `dir`, relative to it with `/`, sorted; a missing folder has none. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, relative), { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) found.push(child);
    }
  };
  walk('');
  return found.sort();
}

/** Total size of the regular files under `dir`. */
export function treeBytes(dir: string): number {
  return listFiles(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
}

export async function sha256(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What the manifest says of a file already in the backup folder. */
export async function describe(folder: string, relative: string): Promise<BackupFile> {
  const absolute = path.join(folder, relative);
  const stat = fs.statSync(absolute);
  return { path: relative, bytes: stat.size, sha256: await sha256(absolute), mode: stat.mode & 0o7777 };
}

/**
 * Copies one file, keeping its mode. A copy rather than a hard link: a link shares the inode, so
 * a recording still being written would change inside the backup, and a link cannot reach another
 * disk, where a backup belongs. Where the filesystem can clone (btrfs, XFS), the copy is one.
 */
export function copyFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
  fs.copyFileSync(from, to, fs.constants.COPYFILE_FICLONE);
  fs.chmodSync(to, fs.statSync(from).mode & 0o7777);
}
