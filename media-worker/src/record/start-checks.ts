// Why this worker cannot start an output now: ffmpeg missing or the disk
// below its minimum.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { freeBytes, lowDiskError } from '../egress/disk-space.js';
import { EgressError } from '../egress/errors.js';

/**
 * Why this worker cannot record into `dir` now, or null: its ffmpeg is gone
 * (FFMPEG_NOT_FOUND) or the disk is below its minimum (DISK_FULL). Either
 * would fail every retry too.
 */
export async function startRefusal(
  ffmpeg: string,
  dir: string,
  minFreeDiskMb: number,
): Promise<EgressError | null> {
  const runnable = await access(ffmpeg, constants.X_OK).then(
    () => true,
    () => false,
  );
  if (!runnable) {
    return new EgressError(
      'FFMPEG_NOT_FOUND',
      `ffmpeg at ${ffmpeg} is missing or not executable: install it or fix FFMPEG_PATH`,
    );
  }
  if (minFreeDiskMb <= 0) return null;
  return lowDiskError(dir, await freeBytes(dir), minFreeDiskMb, 'start');
}
