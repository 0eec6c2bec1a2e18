/** Why the process refused to start; each code names one operator-fixable condition. */
export type StartupErrorCode =
  'FFMPEG_NOT_FOUND' | 'FFMPEG_PATH_INVALID' | 'FFMPEG_UNUSABLE' | 'PORT_IN_USE' | 'LISTEN_FAILED';

/**
 * A condition that stops the process at start. Its message is the single line
 * the operator sees, so it must say what is wrong and what to change.
 */
export class StartupError extends Error {
  constructor(
    readonly code: StartupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}
