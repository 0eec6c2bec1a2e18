// What a backup folder holds, as written in its manifest.json, and the check that a folder is one.
import fs from 'node:fs';
import path from 'node:path';
import { validator } from '@diemcau/protocol';
import Type from 'typebox';
import { BackupError } from './backup-error.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'diemcau-backup';
export const MANIFEST_VERSION = 1;

/** One file of the backup, relative to its folder with `/`. */
export const BackupFile = Type.Object({
  path: Type.String({ minLength: 1 }),
  bytes: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  /** Unix permission bits, kept so secret.key and the CA's key stay private after a restore. */
  mode: Type.Integer({ minimum: 0, maximum: 0o7777 }),
});
export type BackupFile = Type.Static<typeof BackupFile>;

export const Manifest = Type.Object({
  format: Type.Literal(MANIFEST_FORMAT),
  version: Type.Literal(MANIFEST_VERSION),
  /** diemcau's package version that wrote it. */
  appVersion: Type.String(),
  createdAt: Type.String(),
  database: Type.Union([
    Type.Object({ kind: Type.Literal('sqlite'), file: Type.String() }),
    /** A pg_dump archive (custom format) of one schema. */
    Type.Object({
      kind: Type.Literal('postgres'),
      file: Type.String(),
      schema: Type.String(),
      serverVersion: Type.String(),
    }),
  ]),
  /** The schema migrations applied to the database copied. */
  migrations: Type.Array(Type.String()),
  /** `file`: DATA_DIR/secret.key is in the backup; `environment`: SECRET_KEY was set and is not. */
  secretKey: Type.Union([Type.Literal('file'), Type.Literal('environment'), Type.Literal('none')]),
  /** sha256 of the server secret: tells a restore whether SECRET_KEY is the one the data was sealed with. */
  secretKeySha256: Type.Union([Type.String(), Type.Null()]),
  recordings: Type.Object({
    /** Rows of recording_files in the database copied. */
    catalogued: Type.Integer({ minimum: 0 }),
    /** Catalogued paths (relative to recordings/) whose file was not on disk. */
    missing: Type.Array(Type.String()),
  }),
  files: Type.Array(BackupFile),
});
export type Manifest = Type.Static<typeof Manifest>;

const checkManifest = validator(Manifest);

/** Reads and validates FROM/manifest.json. */
export function readManifest(folder: string): Manifest {
  const file = path.join(folder, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'it has no manifest.json'
        : (error as Error).message;
    throw new BackupError('NOT_A_BACKUP', `${folder} is not a diemcau backup: ${reason}`);
  }
  const checked = checkManifest(raw);
  if (!checked.ok) {
    const [issue] = checked.issues;
    throw new BackupError(
      'NOT_A_BACKUP',
      `${file} is not a manifest this version reads (${issue?.path}: ${issue?.message})`,
    );
  }
  return checked.value;
}
