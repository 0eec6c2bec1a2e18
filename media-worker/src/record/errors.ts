/** Why a `record` job failed; the job's failedReason starts with the code, e.g. `FFMPEG_EXITED: …`. */
export type RecordErrorCode =
  /** The recorder ffmpeg ended before the job was told to stop; the job is retried, its segments kept. */
  | 'FFMPEG_EXITED'
  /** Stop came, but no segment held playable media: nothing to deliver. */
  | 'NO_MEDIA'
  /** Joining the segments into one file failed. */
  | 'CONCAT_FAILED';

export class RecordError extends Error {
  constructor(
    readonly code: RecordErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'RecordError';
  }
}
