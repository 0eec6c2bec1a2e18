// The typed failures of backup, restore and migrate-to-postgres: each code names what the operator must fix.
import { CodedError } from '@diemcau/protocol';

export type BackupErrorCode =
  /** The target filesystem cannot hold what would be written. */
  | 'NO_SPACE'
  /** The server or media-worker still runs on the data it would replace. */
  | 'SERVICE_RUNNING'
  /** DATA_DIR or the target database already holds data (restore: --force replaces it). */
  | 'TARGET_NOT_EMPTY'
  /** The folder is not a diemcau backup, or one this version cannot read. */
  | 'NOT_A_BACKUP'
  /** A file of the backup is missing or its checksum differs from the manifest's. */
  | 'BACKUP_DAMAGED'
  /** The configured database is not of the kind the command needs. */
  | 'WRONG_DATABASE'
  /** pg_dump or pg_restore is not installed. */
  | 'TOOL_MISSING'
  /** pg_dump or pg_restore ran and failed. */
  | 'TOOL_FAILED'
  /** Rows read and rows written differ: nothing was committed. */
  | 'COPY_MISMATCH';

export class BackupError extends CodedError<BackupErrorCode> {
  constructor(code: BackupErrorCode, message: string) {
    super(code, message);
  }
}
