// SQLite through its online backup API: a consistent copy while the server writes, and what it holds.
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { BackupError } from './backup-error.js';

/** What the backup records of a database besides its bytes. */
export interface DatabaseContents {
  migrations: string[];
  /** recording_files.path of every row: relative to DATA_DIR/recordings. */
  recordingPaths: string[];
}

/** The database file and its write-ahead log: what a copy may need to hold. */
export function sqliteBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

const hasTable = (db: SQLite.Database, name: string) =>
  db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(name) !== undefined;

export function readContents(db: SQLite.Database): DatabaseContents {
  const column = (query: string) => db.prepare(query).pluck().all() as string[];
  return {
    migrations: hasTable(db, 'kysely_migration')
      ? column('select name from kysely_migration order by name')
      : [],
    recordingPaths: hasTable(db, 'recording_files')
      ? column('select path from recording_files order by path')
      : [],
  };
}

/** Opens a copy and checks it is whole; it is left as one file, without a write-ahead log. */
export function checkSqliteCopy(file: string): DatabaseContents {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok')
      throw new BackupError('BACKUP_DAMAGED', `the copy of the database is damaged: ${String(result)}`);
    return readContents(db);
  } finally {
    db.close();
  }
}

/**
 * Copies the live database page by page with SQLite's backup API (better-sqlite3's
 * `db.backup()`), which restarts by itself when the server writes meanwhile, so the copy is one
 * consistent state, never a torn file as `cp` of a database in use can be.
 */
export async function backupSqlite(source: string, destination: string): Promise<DatabaseContents> {
  if (!fs.existsSync(source)) {
    throw new BackupError('WRONG_DATABASE', `there is no database at ${source}: nothing to back up`);
  }
  const db = new SQLite(source, { fileMustExist: true });
  try {
    await db.backup(destination);
  } finally {
    db.close();
  }
  fs.chmodSync(destination, 0o600);
  return checkSqliteCopy(destination);
}
