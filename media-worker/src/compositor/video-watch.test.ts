// Tests of the video watch's decisions over time: ask for a key frame,
// show, or count the source as stalled.
import { describe, expect, it } from 'vitest';
import { KEY_FRAME_RETRY_MS, STALL_MS, watchAction } from './video-watch.js';

describe('watchAction', () => {
  it('waits while frames come', () => {
    expect(watchAction({ advancedAt: 10_000, requestedAt: 0 }, 10_000 + KEY_FRAME_RETRY_MS - 1)).toBe('wait');
  });

  it('asks for a key frame again every KEY_FRAME_RETRY_MS without a new frame, then gives up on the source', () => {
    const start = 50_000;
    const times = { advancedAt: start, requestedAt: start };
    const asked: number[] = [];
    let stalledAt: number | undefined;
    for (let now = start; now <= start + 10_000 && stalledAt === undefined; now += 250) {
      const action = watchAction(times, now);
      if (action === 'requestKeyFrame') {
        asked.push(now - start);
        times.requestedAt = now;
      } else if (action === 'stalled') stalledAt = now - start;
    }
    expect(asked).toEqual([2_000, 4_000]);
    expect(stalledAt).toBe(STALL_MS);
  });

  it('after frames stopped, asks as soon as they have stood still long enough', () => {
    // The last request was long ago: only the frames' idle time counts.
    expect(watchAction({ advancedAt: 100_000, requestedAt: 0 }, 100_000 + KEY_FRAME_RETRY_MS)).toBe(
      'requestKeyFrame',
    );
    expect(watchAction({ advancedAt: 100_000, requestedAt: 101_500 }, 102_500)).toBe('wait');
  });
});
