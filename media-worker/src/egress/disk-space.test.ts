// Tests of the disk-space checks: the DISK_FULL reasons, ffmpeg's
// ENOSPC line, and the watch of a running output.
import os from 'node:os';
import { statfs } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { freeBytes, lowDiskError, noSpaceLine, watchDiskSpace } from './disk-space.js';

const MB = 1024 * 1024;

// What ffmpeg 5.1 printed when its segment muxer's file was /dev/full (exit code 1).
const SEGMENT_ENOSPC = [
  "[segment @ 0x55f454cc1c00] [error] Failure occurred when ending segment '00000.mkv'",
  '[error] av_interleaved_write_frame(): No space left on device',
  '[error] Error writing trailer of %05d.mkv: Invalid argument',
].join('\n');

describe('lowDiskError', () => {
  it('is null while the free space reaches the minimum', () => {
    expect(lowDiskError('/data', 1024 * MB, 1024, 'running')).toBeNull();
    expect(lowDiskError('/data', 0, 0, 'start')).toBeNull();
  });

  it('is DISK_FULL below it, saying what the output does', () => {
    const start = lowDiskError('/data/recordings/r1/programme', 1023.9 * MB, 1024, 'start');
    expect(start?.code).toBe('DISK_FULL');
    expect(start?.detail).toBe(
      '1023 MB free in /data/recordings/r1/programme, below the 1024 MB kept free (MIN_FREE_DISK_MB): recording not started',
    );
    expect(lowDiskError('/d', 5 * MB, 1024, 'running')?.message).toBe(
      'DISK_FULL: 5 MB free in /d, below the 1024 MB kept free (MIN_FREE_DISK_MB): recording stopped, what was written is kept',
    );
  });
});

describe('noSpaceLine', () => {
  it("finds ffmpeg's ENOSPC and drops its prefixes", () => {
    expect(noSpaceLine(SEGMENT_ENOSPC)).toBe('av_interleaved_write_frame(): No space left on device');
    expect(noSpaceLine('[matroska @ 0x55d] [error] Error writing: No space left on device')).toBe(
      'Error writing: No space left on device',
    );
  });

  it('finds nothing in other failures', () => {
    expect(noSpaceLine('[error] input.sdp: Invalid data found when processing input')).toBeUndefined();
    expect(noSpaceLine('')).toBeUndefined();
  });
});

describe('free space', () => {
  it('is what statfs gives an unprivileged process', async () => {
    const stats = await statfs(os.tmpdir());
    const free = await freeBytes(os.tmpdir());
    expect(free).toBeGreaterThan(0);
    expect(free).toBeLessThanOrEqual(stats.blocks * stats.bsize);
  });

  it('is watched until it falls below the minimum', async () => {
    const watch = watchDiskSpace(os.tmpdir(), 1e9, 20);
    const error = await watch.low;
    watch.stop();
    expect(error.code).toBe('DISK_FULL');
    expect(error.detail).toMatch(/recording stopped, what was written is kept$/);
  });
});
