import { describe, expect, it } from 'vitest';
import { clipPacket, decodeClip, describeClip, encodeClip, streamRate } from './clip-file.js';
import type { Clip } from './clip-file.js';

const clip: Clip = {
  durationMs: 1000,
  keyFrameIntervalMs: 500,
  audio: {
    kind: 'audio',
    clockRate: 48_000,
    packets: [clipPacket(0, 48_000, Buffer.alloc(100, 1)), clipPacket(960, 48_000, Buffer.alloc(100, 2))],
  },
  video: [
    { kind: 'video', clockRate: 90_000, packets: [clipPacket(0, 90_000, Buffer.alloc(1200, 3))] },
    { kind: 'video', clockRate: 90_000, packets: [clipPacket(3000, 90_000, Buffer.alloc(500, 4))] },
  ],
};

describe('clip file', () => {
  it('decodes what it encodes', () => {
    expect(decodeClip(encodeClip(clip))).toEqual(clip);
  });

  it('refuses a truncated or foreign file with CLIP_CACHE_CORRUPT', () => {
    const file = encodeClip(clip);
    for (const bad of [file.subarray(0, file.length - 1), Buffer.from('hello world, not a clip')]) {
      expect(() => decodeClip(bad)).toThrow(expect.objectContaining({ code: 'CLIP_CACHE_CORRUPT' }));
    }
  });

  it('reports bitrate and packet rate per stream', () => {
    expect(streamRate(clip.audio, clip.durationMs)).toEqual({ packetsPerSecond: 2, bitsPerSecond: 1600 });
    expect(describeClip(clip)).toEqual([
      'audio: 2 kbit/s, 2.0 packets/s',
      'video layer 0: 10 kbit/s, 1.0 packets/s',
      'video layer 1: 4 kbit/s, 1.0 packets/s',
    ]);
  });
});
