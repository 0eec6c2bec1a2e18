// Tests of the start checks: a missing ffmpeg first, then a disk below
// its minimum.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { startRefusal } from './start-checks.js';

// Any executable does for the check: it only asks whether the file can be run.
const RUNNABLE = process.execPath;

describe('startRefusal', () => {
  it('refuses a missing ffmpeg first', async () => {
    const refusal = await startRefusal('/nonexistent/ffmpeg', os.tmpdir(), 1e9);
    expect(refusal?.message).toBe(
      'FFMPEG_NOT_FOUND: ffmpeg at /nonexistent/ffmpeg is missing or not executable: install it or fix FFMPEG_PATH',
    );
  });

  it('refuses a disk below the minimum, and lets a minimum of 0 through', async () => {
    const refusal = await startRefusal(RUNNABLE, os.tmpdir(), 1e9);
    expect(refusal?.code).toBe('DISK_FULL');
    expect(refusal?.detail).toMatch(
      /below the 1000000000 MB kept free \(MIN_FREE_DISK_MB\): recording not started$/,
    );
    expect(await startRefusal(RUNNABLE, os.tmpdir(), 0)).toBeNull();
  });
});
