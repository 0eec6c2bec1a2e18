// `restore`: puts a backup back on a stopped installation, checked whole before anything changes.
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '@diemcau/protocol';
import type { Config } from '../config.js';
import { migrationProvider } from '../db/migrations/index.js';
import { BackupError } from './backup-error.js';
import { COPIED_FOLDERS, SECRET_FILE, secretOf } from './data-dir.js';
import { ensureSpace, freeBytes } from './disk-space.js';
import { copyFile, sha256 } from './files.js';
import { readManifest, type Manifest } from './manifest.js';
import { currentSchema, restoreDump, tablesOf, withClient } from './postgres-tools.js';
import { ensureStopped } from './service-running.js';
import { checkSqliteCopy } from './sqlite-copy.js';

export interface RestoreOptions {
  config: Config;
  env: Env;
  from: string;
  /** Replace what DATA_DIR or the database already hold. */
  force: boolean;
  free?: (dir: string) => number;
}

/** Every file of the manifest is there with its size and checksum. */
async function verify(from: string, manifest: Manifest): Promise<void> {
  for (const file of manifest.files) {
    const absolute = path.join(from, file.path);
    const size = fs.existsSync(absolute) ? fs.statSync(absolute).size : -1;
    if (size !== file.bytes || (await sha256(absolute)) !== file.sha256) {
      throw new BackupError(
        'BACKUP_DAMAGED',
        `the backup is damaged: ${file.path} is ${size < 0 ? 'missing' : 'not the file it was'}; nothing was restored`,
      );
    }
  }
}

async function checkMigrations(manifest: Manifest, config: Config): Promise<void> {
  const known = new Set(
    Object.keys(await migrationProvider({ dialect: config.database.kind }).getMigrations()),
  );
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0) {
    throw new BackupError(
      'NOT_A_BACKUP',
      `the backup comes from a newer diemcau (${manifest.appVersion}, migration ${unknown.join(', ')}): restore it with that version`,
    );
  }
}

/** What is in the way, by name: DATA_DIR's entries, an SQLite file elsewhere, or the schema's tables. */
async function occupied(config: Config, manifest: Manifest): Promise<string[]> {
  const found = fs.existsSync(config.dataDir) ? fs.readdirSync(config.dataDir) : [];
  if (config.database.kind === 'sqlite') {
    const inside = path.dirname(config.database.file) === config.dataDir;
    if (!inside && fs.existsSync(config.database.file)) found.push(config.database.file);
    return found;
  }
  if (manifest.database.kind !== 'postgres') return found;
  const dumped = manifest.database.schema;
  const tables = await withClient(config.database.url, async (client) => {
    const schema = await currentSchema(client);
    if (schema !== null && schema !== dumped) {
      throw new BackupError(
        'WRONG_DATABASE',
        `the backup holds schema "${dumped}" but DATABASE_URL uses "${schema}": set its search_path to "${dumped}"`,
      );
    }
    return schema === null ? [] : tablesOf(client, schema);
  });
  return [...found, ...tables.map((t) => `table ${dumped}.${t}`)];
}

/** Renames `staged` onto `target`, replacing what is there. */
function swapIn(staged: string, target: string): void {
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(staged, target);
}

/**
 * Checks the backup (manifest, sizes, checksums, versions), that the service is stopped and the
 * target empty (or `force`), and that the space is there; then copies everything into a staging
 * folder beside its place, restores the database, and renames the files into place.
 */
export async function restoreBackup(
  options: RestoreOptions,
): Promise<{ manifest: Manifest; warnings: string[] }> {
  const { config, from } = options;
  const manifest = readManifest(from);
  if (manifest.database.kind !== config.database.kind) {
    throw new BackupError(
      'WRONG_DATABASE',
      manifest.database.kind === 'sqlite'
        ? 'the backup holds an SQLite database but DATABASE_URL is PostgreSQL: restore it on SQLite, then run migrate-to-postgres'
        : 'the backup holds a PostgreSQL database: set DATABASE_URL to the PostgreSQL to restore it into',
    );
  }
  await checkMigrations(manifest, config);
  await verify(from, manifest);
  await ensureStopped(config, options.env, 'a restore replaces the data it works on');
  const inTheWay = await occupied(config, manifest);
  if (inTheWay.length > 0 && !options.force) {
    const shown = inTheWay.slice(0, 5).join(', ') + (inTheWay.length > 5 ? ', …' : '');
    throw new BackupError(
      'TARGET_NOT_EMPTY',
      `DATA_DIR ${config.dataDir} or the database is not empty (${shown}): restore into an empty one, or add --force to replace its database, ${SECRET_FILE}, tls/ and recordings/`,
    );
  }
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  ensureSpace(config.dataDir, bytes, (options.free ?? freeBytes)(config.dataDir));

  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const staging = fs.mkdtempSync(path.join(config.dataDir, '.restoring-'));
  try {
    const parts = [SECRET_FILE, ...COPIED_FOLDERS];
    for (const file of manifest.files) {
      if (parts.some((p) => file.path === p || file.path.startsWith(`${p}/`))) {
        copyFile(path.join(from, file.path), path.join(staging, file.path));
      }
    }
    const dumped = path.join(from, manifest.database.file);
    if (config.database.kind === 'sqlite') {
      const target = config.database.file;
      const staged = `${target}.restoring`;
      copyFile(dumped, staged);
      checkSqliteCopy(staged);
      // A write-ahead log left from the old database would be replayed into the restored one.
      for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true });
      fs.renameSync(staged, target);
    } else {
      await restoreDump(config.database.url, dumped, options.force);
    }
    for (const part of parts) {
      const staged = path.join(staging, part);
      if (fs.existsSync(staged)) swapIn(staged, path.join(config.dataDir, part));
      else if (options.force) fs.rmSync(path.join(config.dataDir, part), { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { manifest, warnings: restoreWarnings(manifest, config) };
}

function restoreWarnings(manifest: Manifest, config: Config): string[] {
  const warnings: string[] = [];
  const now = secretOf(config);
  if (manifest.secretKey === 'environment' && now.sha256 !== manifest.secretKeySha256) {
    warnings.push(
      'the backup was made with SECRET_KEY from the environment: set SECRET_KEY to that value before starting',
    );
  } else if (manifest.secretKey === 'file' && config.secretKey && now.sha256 !== manifest.secretKeySha256) {
    warnings.push(
      `SECRET_KEY is set and differs from the restored ${SECRET_FILE}: unset it, or stream keys and join links will not open`,
    );
  }
  for (const p of manifest.recordings.missing)
    warnings.push(`recording file ${p} was missing when the backup was made`);
  return warnings;
}
