// Tests of the HLS disk warning and of its watch, which clears once space
// comes back.
import { describe, expect, it } from 'vitest';
import { hlsDiskWarning, type HlsWarning, watchHlsDisk } from './hls-disk.js';

const MB = 1024 * 1024;

describe('hlsDiskWarning', () => {
  it('is null while the free space reaches the minimum, or with no minimum', () => {
    expect(hlsDiskWarning('/data/hls/a', 1024 * MB, 1024)).toBeNull();
    expect(hlsDiskWarning('/data/hls/a', 0, 0)).toBeNull();
  });

  it('is DISK_FULL below it, saying what it means for viewers and destinations', () => {
    expect(hlsDiskWarning('/data/hls/a', 1023.9 * MB, 1024)).toEqual({
      code: 'DISK_FULL',
      message:
        '1023 MB free in /data/hls/a, below the 1024 MB kept free (MIN_FREE_DISK_MB): ' +
        'the watch page may stop getting new segments; the destinations keep going',
    });
  });
});

describe('watchHlsDisk', () => {
  it('warns from the first look, clears once space is back, and stops looking when stopped', async () => {
    let free = 10 * MB;
    let looks = 0;
    const changes: (HlsWarning | null)[] = [];
    const measure = (): Promise<number> => {
      looks += 1;
      return Promise.resolve(free);
    };
    const watch = await watchHlsDisk('/hls/a', 100, (w) => changes.push(w), { everyMs: 20, measure });
    expect(watch.warning?.code).toBe('DISK_FULL');
    expect(changes).toHaveLength(1);
    free = 200 * MB;
    await expect.poll(() => watch.warning, { timeout: 2_000, interval: 10 }).toBeNull();
    expect(changes).toEqual([expect.objectContaining({ code: 'DISK_FULL' }), null]);
    watch.stop();
    const stoppedAt = looks;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(looks).toBe(stoppedAt);
  });

  it('watches nothing without a watch page or a minimum', async () => {
    const measure = (): Promise<number> => Promise.reject(new Error('not to be called'));
    for (const [dir, minimum] of [
      [null, 100],
      ['/hls/a', 0],
    ] as const) {
      const watch = await watchHlsDisk(dir, minimum, () => undefined, { measure });
      expect(watch.warning).toBeNull();
      watch.stop();
    }
  });

  it('keeps the last warning when a look fails', async () => {
    let fail = false;
    const measure = (): Promise<number> => (fail ? Promise.reject(new Error('EIO')) : Promise.resolve(0));
    const watch = await watchHlsDisk('/hls/a', 1, () => undefined, { everyMs: 10, measure });
    fail = true;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(watch.warning?.code).toBe('DISK_FULL');
    watch.stop();
  });
});
