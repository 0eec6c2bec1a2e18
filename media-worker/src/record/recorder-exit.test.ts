// Tests of the reasons read from a recorder's exit: spawn failure, a full
// disk, anything else.
import { describe, expect, it } from 'vitest';
import { recorderExitError } from './recorder-exit.js';

describe('recorderExitError', () => {
  it('reads a spawn failure as FFMPEG_NOT_FOUND', () => {
    const error = recorderExitError({ code: null, signal: null }, 'spawn /nonexistent/ffmpeg ENOENT');
    expect(error.message).toBe(
      'FFMPEG_NOT_FOUND: ffmpeg could not be started: spawn /nonexistent/ffmpeg ENOENT',
    );
  });

  it('reads "No space left on device" as DISK_FULL', () => {
    // ffmpeg 5.1's segment muxer writing to /dev/full.
    const stderr = [
      "[segment @ 0x55f454cc1c00] [error] Failure occurred when ending segment '00000.mkv'",
      '[error] av_interleaved_write_frame(): No space left on device',
      '[error] Error writing trailer of %05d.mkv: Invalid argument',
    ].join('\n');
    const error = recorderExitError({ code: 1, signal: null }, stderr);
    expect(error.code).toBe('DISK_FULL');
    expect(error.detail).toBe(
      'the recorder could not write (av_interleaved_write_frame(): No space left on device): what was written is kept',
    );
  });

  it('reads anything else as FFMPEG_EXITED, which is retried', () => {
    const error = recorderExitError({ code: 1, signal: null }, '[error] input.sdp: Invalid data found');
    expect(error.message).toBe(
      'FFMPEG_EXITED: recorder exited (1) before stop: [error] input.sdp: Invalid data found',
    );
    expect(recorderExitError({ code: null, signal: 'SIGKILL' }, '').code).toBe('FFMPEG_EXITED');
  });
});
