import { describe, expect, it } from 'vitest';
import { clipPacket, type ClipStream } from './clip-file.js';
import { paced } from './pacing.js';

const packet = (tsOffset: number, size: number) => clipPacket(tsOffset, 90_000, Buffer.alloc(size));

describe('pacing', () => {
  it('spreads a frame’s packets at the pacing rate, from the frame’s time on', () => {
    // 100 ms: one frame of 4 × 1000 bytes at 0, one of 1000 bytes at 50 ms: 50 bytes/ms mean, 125 paced.
    const stream: ClipStream = {
      kind: 'video',
      clockRate: 90_000,
      packets: [packet(0, 1000), packet(0, 1000), packet(0, 1000), packet(0, 1000), packet(4_500, 1000)],
    };
    expect(paced(stream, 100).packets.map((p) => p.offsetMs)).toEqual([0, 8, 16, 24, 50]);
  });

  it('sends a packet that waits behind a big frame as soon as the pacer is free', () => {
    const stream: ClipStream = {
      kind: 'video',
      clockRate: 90_000,
      packets: [packet(0, 3000), packet(90, 100)],
    };
    // 3100 bytes in 10 ms: 775 bytes/ms paced; the big packet holds the pacer for 3.87 ms.
    const [first, second] = paced(stream, 10).packets;
    expect(first!.offsetMs).toBe(0);
    expect(second!.offsetMs).toBeCloseTo(3000 / 775, 6);
  });
});
