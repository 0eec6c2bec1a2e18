import { describe, expect, it } from 'vitest';
import { assembleStream } from './clip-assemble.js';
import type { StreamShape } from './clip-assemble.js';

function rtp(seq: number, ts: number, marker: boolean, payload: number[]): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (marker ? 0x80 : 0) | 97;
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE(ts >>> 0, 4);
  header.writeUInt32BE(0x5555, 8);
  return Buffer.concat([header, Buffer.from(payload)]);
}

const senderReport = Buffer.from([0x80, 200, 0, 6, ...new Array<number>(24).fill(0)]);

/** 2 fps for 2 s, key frame every second; one packet per frame with ffmpeg's 7-bit PictureID. */
const videoShape: StreamShape = {
  name: 'test video',
  kind: 'video',
  clockRate: 90_000,
  durationMs: 2000,
  fps: 2,
  keyFrameIntervalMs: 1000,
};

function videoDatagrams(frames: number, firstSeq = 65534, firstTs = 0xffffff00): Buffer[] {
  return Array.from({ length: frames }, (_, n) =>
    rtp(firstSeq + n, firstTs + n * 45_000, true, [0x90, 0x80, n & 0x7f, n % 2 === 0 ? 0x10 : 0x11]),
  );
}

describe('assembleStream', () => {
  it('drops RTCP, cuts to one loop and measures offsets from the first timestamp, across wraps', () => {
    const datagrams = videoDatagrams(6);
    datagrams.splice(2, 0, senderReport);
    const stream = assembleStream(datagrams, videoShape);
    expect(stream.packets.map((p) => p.tsOffset)).toEqual([0, 45_000, 90_000, 135_000]);
    expect(stream.packets.map((p) => p.offsetMs)).toEqual([0, 500, 1000, 1500]);
  });

  it('widens the 7-bit PictureID to 15 bits', () => {
    const stream = assembleStream(videoDatagrams(4), videoShape);
    expect([...stream.packets[3]!.data.subarray(12)]).toEqual([0x90, 0x80, 0x80, 3, 0x11]);
  });

  it('refuses a stream with a sequence gap, a missing frame or a missing key frame', () => {
    const gap = videoDatagrams(5);
    gap.splice(1, 1);
    expect(() => assembleStream(gap, videoShape)).toThrow(
      expect.objectContaining({ code: 'CLIP_INCOMPLETE' }),
    );
    expect(() => assembleStream(videoDatagrams(3), videoShape)).toThrow(/3 frames in 2000 ms, expected 4/);
    const noKey = videoDatagrams(4).map((d, n) =>
      n === 2 ? rtp(65536, 0xffffff00 + 90_000, true, [0x90, 0x80, 2, 0x11]) : d,
    );
    expect(() => assembleStream(noKey, videoShape)).toThrow(/no key frame at 1000 ms/);
    expect(() => assembleStream([senderReport], videoShape)).toThrow(/sent no RTP/);
  });

  it('checks that audio has one packet per frame duration', () => {
    const shape: StreamShape = { name: 'a', kind: 'audio', clockRate: 48_000, durationMs: 100, frameMs: 20 };
    const packets = (count: number): Buffer[] =>
      Array.from({ length: count }, (_, n) => rtp(n, n * 960, false, [1]));
    expect(assembleStream(packets(6), shape).packets).toHaveLength(5);
    expect(() => assembleStream(packets(4), shape)).toThrow(
      expect.objectContaining({ code: 'CLIP_INCOMPLETE' }),
    );
  });
});
