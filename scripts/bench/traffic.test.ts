import { describe, expect, it } from 'vitest';
import type { ConsumerCounters } from './generator/messages.js';
import { traffic } from './traffic.js';

const counters = (over: Partial<ConsumerCounters>): ConsumerCounters => ({
  point: 1,
  consumerId: 'c',
  kind: 'video',
  view: 'large',
  paused: false,
  packets: 0,
  expected: 0,
  bytes: 0,
  frames: 0,
  ...over,
});

describe('traffic over a window', () => {
  it('takes loss, bit rate and frame rates from the differences', () => {
    const before = [
      counters({ consumerId: 'v1', packets: 100, expected: 100, bytes: 1_000, frames: 10 }),
      counters({ consumerId: 'v2', view: 'thumbnail', packets: 50, expected: 50, frames: 5 }),
      counters({ consumerId: 'a1', kind: 'audio', packets: 10, expected: 10 }),
    ];
    const after = [
      counters({ consumerId: 'v1', packets: 1_090, expected: 1_100, bytes: 1_251_000, frames: 310 }),
      counters({ consumerId: 'v2', view: 'thumbnail', packets: 350, expected: 350, frames: 155 }),
      counters({ consumerId: 'a1', kind: 'audio', packets: 510, expected: 510 }),
    ];
    const t = traffic(before, after, 10);
    expect(t.consumers).toBe(3);
    expect(t.packets).toBe(990 + 300 + 500);
    expect(t.lossPct).toBe(Math.round((10 / 1_800) * 100 * 1000) / 1000);
    expect(t.mbps).toBe(1);
    expect(t.fps.large?.median).toBe(30);
    expect(t.fps.thumbnail?.median).toBe(15);
    expect(t.stalled).toBe(0);
  });

  it('counts a resumed video consumer without frames as stalled, and leaves out those not there throughout', () => {
    const before = [
      counters({ consumerId: 'v1', packets: 5, expected: 5, frames: 1 }),
      counters({ consumerId: 'v2', paused: true }),
    ];
    const after = [
      counters({ consumerId: 'v1', packets: 5, expected: 5, frames: 1 }),
      counters({ consumerId: 'v2', packets: 90, expected: 90, frames: 30 }),
      counters({ consumerId: 'v3', packets: 90, expected: 90, frames: 30 }),
    ];
    const t = traffic(before, after, 1);
    expect(t).toMatchObject({ consumers: 1, stalled: 1, lossPct: 0 });
  });
});
