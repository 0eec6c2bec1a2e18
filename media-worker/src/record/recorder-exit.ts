// Why a hall's recorder ended before `stop`: FFMPEG_NOT_FOUND, DISK_FULL
// or FFMPEG_EXITED, from its exit and stderr.
import { noSpaceLine } from '../egress/disk-space.js';
import { EgressError } from '../egress/errors.js';
import type { ProcessExit } from '../egress/ffmpeg-process.js';

/**
 * Why a recorder ffmpeg ended before `stop`, from its exit and stderr tail:
 * it could not be started (FFMPEG_NOT_FOUND), a write found the disk full
 * (DISK_FULL), or anything else (FFMPEG_EXITED, which a retry may get past).
 */
export function recorderExitError(exit: ProcessExit, stderr: string): EgressError {
  // startFfmpeg resolves a spawn failure as an exit without code or signal, its error last in the tail.
  if (exit.code === null && exit.signal === null) {
    const reason = stderr.split('\n').at(-1) ?? '';
    return new EgressError('FFMPEG_NOT_FOUND', `ffmpeg could not be started: ${reason}`);
  }
  const noSpace = noSpaceLine(stderr);
  if (noSpace !== undefined) {
    return new EgressError(
      'DISK_FULL',
      `the recorder could not write (${noSpace}): what was written is kept`,
    );
  }
  return new EgressError(
    'FFMPEG_EXITED',
    `recorder exited (${exit.code ?? exit.signal}) before stop: ${stderr}`,
  );
}
