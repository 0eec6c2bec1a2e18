// The parts of DATA_DIR a backup holds, and where each lives; hls/ and redis/ are left out on purpose.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

/**
 * Folders copied whole, relative to DATA_DIR: the recordings (the catalogue's rows are in the
 * database) and the local CA, whose root every hall installed. Not hls/, a live stream's passing
 * segments, nor redis/, the job queues, which a stopped service does not resume from a copy.
 */
export const COPIED_FOLDERS = ['recordings', 'tls'] as const;
export const SECRET_FILE = 'secret.key';

/** The name of the database inside a backup. */
export const DATABASE_FILES = { sqlite: 'database.sqlite', postgres: 'database.pgdump' } as const;

/** The server secret in use and where it comes from; its hash lets a restore compare without it. */
export function secretOf(config: Config): { source: 'file' | 'environment' | 'none'; sha256: string | null } {
  // The hash tells no more than the sealed stream keys in the database already do.
  const hash = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');
  if (config.secretKey) return { source: 'environment', sha256: hash(config.secretKey) };
  const file = path.join(config.dataDir, SECRET_FILE);
  if (!fs.existsSync(file)) return { source: 'none', sha256: null };
  return { source: 'file', sha256: hash(fs.readFileSync(file, 'utf8').trim()) };
}
