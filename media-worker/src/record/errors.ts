/** Why a `record` job failed; the job's failedReason starts with the code, e.g. `FFMPEG_EXITED: …`. */
export type RecordErrorCode =
  /** The recorder ffmpeg ended before the job was told to stop; the job is retried, its segments kept. */
  | 'FFMPEG_EXITED'
  /** The ffmpeg binary is not there to run: the operator must install it or fix FFMPEG_PATH. */
  | 'FFMPEG_NOT_FOUND'
  /**
   * Free space fell below MIN_FREE_DISK_MB, or a write failed for want of it:
   * the output stops, and what was written is finalised when there is room to.
   */
  | 'DISK_FULL'
  /** Stop came, but no segment held playable media: nothing to deliver. */
  | 'NO_MEDIA'
  /** Joining the segments into one file failed. */
  | 'CONCAT_FAILED';

export class RecordError extends Error {
  constructor(
    readonly code: RecordErrorCode,
    /** The reason without the code, as the host reads it. */
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'RecordError';
  }
}
