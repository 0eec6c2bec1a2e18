import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipCacheName, loadClip, VIDEO_LAYERS } from './clip.js';
import { decodeClip, describeClip, encodeClip, streamRate } from './clip-file.js';
import type { Clip } from './clip-file.js';
import { rtpHeaderLength } from './rtp-header.js';
import { isVp8KeyFrameStart, vp8PictureId } from './vp8.js';

// The clip the benchmarks use: made by the system ffmpeg on the first run, from the cache after.
const CACHE = path.join(fileURLToPath(new URL('../../..', import.meta.url)), 'bench-results');
let clip: Clip;

beforeAll(async () => {
  clip = await loadClip();
  for (const line of describeClip(clip)) console.log(`[clip] ${line}`);
}, 120_000);

describe('the looping clip', () => {
  it('has Opus at about 32 kbit/s in 20 ms packets', () => {
    const rate = streamRate(clip.audio, clip.durationMs);
    expect(rate.packetsPerSecond).toBe(50);
    expect(rate.bitsPerSecond).toBeGreaterThan(32_000 * 0.7);
    expect(rate.bitsPerSecond).toBeLessThan(32_000 * 1.3);
  });

  it('has the web client camera layers at their bitrates, 30 fps, in packets of at most 1200 bytes', () => {
    expect(clip.video).toHaveLength(VIDEO_LAYERS.length);
    clip.video.forEach((layer, i) => {
      const { bitsPerSecond } = streamRate(layer, clip.durationMs);
      expect(bitsPerSecond).toBeGreaterThan(VIDEO_LAYERS[i]!.bitrate * 0.75);
      expect(bitsPerSecond).toBeLessThan(VIDEO_LAYERS[i]!.bitrate * 1.25);
      expect(new Set(layer.packets.map((p) => p.tsOffset)).size).toBe((30 * clip.durationMs) / 1000);
      expect(Math.max(...layer.packets.map((p) => p.data.length))).toBeLessThanOrEqual(1200);
    });
  });

  it('starts every layer on a key frame and has key frames on the same instants in all layers', () => {
    for (const layer of clip.video) {
      const keyFrameMs = layer.packets
        .filter((p) => isVp8KeyFrameStart(p.data, rtpHeaderLength(p.data)))
        .map((p) => p.offsetMs);
      expect(keyFrameMs).toEqual([0, 2000, 4000, 6000, 8000]);
    }
  });

  it('carries a 15-bit PictureID in every VP8 packet', () => {
    for (const layer of clip.video) {
      for (const { data } of layer.packets) expect(vp8PictureId(data, rtpHeaderLength(data))?.bits).toBe(15);
    }
  });

  it('is cached under bench-results for the next run', async () => {
    const cached = decodeClip(await fs.readFile(path.join(CACHE, clipCacheName())));
    // Byte for byte through the encoder: a deep toEqual over thousands of buffers takes seconds.
    expect(encodeClip(cached).equals(encodeClip(clip))).toBe(true);
  });
});
