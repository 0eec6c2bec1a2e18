// Why the media-worker process refused to start: one operator-fixable
// condition per code, its message the single line the operator sees.
import { CodedError } from '@diemcau/protocol';

export type StartupErrorCode =
  'FFMPEG_NOT_FOUND' | 'FFMPEG_PATH_INVALID' | 'FFMPEG_UNUSABLE' | 'PORT_IN_USE' | 'LISTEN_FAILED';

/** A condition that stops the process at start: its message must say what is wrong and what to change. */
export class StartupError extends CodedError<StartupErrorCode> {}
