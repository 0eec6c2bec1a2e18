/** Why a `live` job failed; the job's failedReason starts with the code, e.g. `ENCODER_FAILED: …`. */
export type LiveErrorCode =
  /** The ffmpeg binary is not there to run: the operator must install it or fix FFMPEG_PATH. */
  | 'FFMPEG_NOT_FOUND'
  /** Valid by the schema but not encodable here: a video slot not VP8, an audio slot not Opus, an id used twice. */
  | 'INVALID_JOB'
  /** No watch page and no destination: there is nowhere to send the programme. */
  | 'NO_OUTPUT'
  /** A write failed with "No space left on device": the encoder gives up at once, without restarts. */
  | 'DISK_FULL'
  /** The encoder or the mixer kept exiting; the job is retried (on this or another worker). */
  | 'ENCODER_FAILED'
  | 'MIXER_FAILED';

export class LiveError extends Error {
  constructor(
    readonly code: LiveErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'LiveError';
  }
}
