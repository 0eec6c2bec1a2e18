/** Why the synthetic media core refused or failed; `code` is stable for the load generator to branch on. */
export type MediaBenchErrorCode =
  | 'BAD_OPTIONS'
  | 'BAD_SRTP_KEY'
  | 'BAD_RTP_PACKET'
  | 'FFMPEG_FAILED'
  | 'CLIP_INCOMPLETE'
  | 'CLIP_CACHE_CORRUPT'
  | 'BAD_START_OFFSET';

export class MediaBenchError extends Error {
  constructor(
    readonly code: MediaBenchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MediaBenchError';
  }
}
