// `backup`: a consistent copy of a running installation into a new folder with its manifest.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { backupSqlite, sqliteBytes, type DatabaseContents } from './sqlite-copy.js';
import { ensureSpace, freeBytes } from './disk-space.js';
import { COPIED_FOLDERS, DATABASE_FILES, SECRET_FILE, secretOf } from './data-dir.js';
import { copyFile, describe, listFiles, treeBytes } from './files.js';
import {
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type BackupFile,
  type Manifest,
} from './manifest.js';
import { currentSchema, dumpSchema, postgresContents, schemaBytes, withClient } from './postgres-tools.js';
import { BackupError } from './backup-error.js';

export interface BackupOptions {
  config: Config;
  /** The folder to make the backup in (created when missing). */
  to: string;
  appVersion: string;
  now?: Date;
  /** Free bytes where the backup goes; the filesystem's by default. */
  free?: (dir: string) => number;
}

export interface BackupResult {
  folder: string;
  manifest: Manifest;
  warnings: string[];
}

/** `diemcau-20261208-041500`: sorts by time, safe in every filesystem. */
export function backupName(now: Date): string {
  const iso = now.toISOString();
  return `diemcau-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

async function databaseBytes(config: Config): Promise<number> {
  if (config.database.kind === 'sqlite') return sqliteBytes(config.database.file);
  return withClient(config.database.url, async (c) => schemaBytes(c, (await currentSchema(c)) ?? 'public'));
}

async function copyDatabase(
  config: Config,
  folder: string,
): Promise<[Manifest['database'], DatabaseContents]> {
  if (config.database.kind === 'sqlite') {
    const contents = await backupSqlite(config.database.file, path.join(folder, DATABASE_FILES.sqlite));
    return [{ kind: 'sqlite', file: DATABASE_FILES.sqlite }, contents];
  }
  const url = config.database.url;
  return withClient(url, async (client) => {
    const schema = await currentSchema(client);
    if (schema === null)
      throw new BackupError(
        'WRONG_DATABASE',
        'the database has no schema in its search_path: nothing to back up',
      );
    const serverVersion = (await client.query<{ v: string }>('show server_version')).rows[0]?.v ?? '';
    await dumpSchema(url, schema, path.join(folder, DATABASE_FILES.postgres));
    // Read after the dump: a recording deleted in between shows as missing, never the reverse.
    const contents = await postgresContents(client, schema);
    return [{ kind: 'postgres', file: DATABASE_FILES.postgres, schema, serverVersion }, contents];
  });
}

/**
 * Copies the database (in one consistent state), the server secret, the local CA and the
 * recordings into `to/diemcau-<time>/`. It is written as a hidden `.partial` folder and renamed
 * when whole, so a failed or interrupted backup never looks like one.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const { config } = options;
  const dataDir = config.dataDir;
  const secret = secretOf(config);
  const secretFile = path.join(dataDir, SECRET_FILE);
  const needed =
    (await databaseBytes(config)) +
    COPIED_FOLDERS.reduce((sum, f) => sum + treeBytes(path.join(dataDir, f)), 0) +
    (secret.source === 'file' ? fs.statSync(secretFile).size : 0);
  ensureSpace(options.to, needed, (options.free ?? freeBytes)(options.to));

  const name = backupName(options.now ?? new Date());
  const folder = path.join(options.to, name);
  if (fs.existsSync(folder)) throw new BackupError('TARGET_NOT_EMPTY', `${folder} already exists`);
  const partial = path.join(options.to, `.${name}.partial`);
  // The first folder made, if any: removed with the partial backup when it fails.
  const made = fs.mkdirSync(options.to, { recursive: true, mode: 0o700 });
  fs.mkdirSync(partial, { mode: 0o700 });
  try {
    const [database, contents] = await copyDatabase(config, partial);
    if (secret.source === 'file') copyFile(secretFile, path.join(partial, SECRET_FILE));
    for (const sub of COPIED_FOLDERS) {
      for (const file of listFiles(path.join(dataDir, sub))) {
        copyFile(path.join(dataDir, sub, file), path.join(partial, sub, file));
      }
    }
    const missing = contents.recordingPaths.filter(
      (p) => !fs.existsSync(path.join(partial, 'recordings', p)),
    );
    const files: BackupFile[] = [];
    for (const file of listFiles(partial)) files.push(await describe(partial, file));
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      appVersion: options.appVersion,
      createdAt: (options.now ?? new Date()).toISOString(),
      database,
      migrations: contents.migrations,
      secretKey: secret.source,
      secretKeySha256: secret.sha256,
      recordings: { catalogued: contents.recordingPaths.length, missing },
      files,
    };
    fs.writeFileSync(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    fs.renameSync(partial, folder);
    return { folder, manifest, warnings: backupWarnings(manifest) };
  } catch (error) {
    fs.rmSync(made ?? partial, { recursive: true, force: true });
    throw error;
  }
}

function backupWarnings(manifest: Manifest): string[] {
  const warnings: string[] = [];
  if (manifest.secretKey === 'environment') {
    warnings.push(
      'SECRET_KEY comes from the environment and is not in the backup: keep it with the backup, the stream keys and join links need it',
    );
  }
  for (const p of manifest.recordings.missing)
    warnings.push(`recording file ${p} is catalogued but was not on disk`);
  return warnings;
}
