import { describe, expect, it } from 'vitest';
import { isRtcp, isVp8KeyFrameStart, parseRtp, pliPacket, withSequence } from './rtp-packets.js';

/** An RTP header: V=2, the given flags in the first byte, PT 101, sequence 0x1234, SSRC 0xdeadbeef. */
function rtp(firstByte: number, ...rest: number[]): Buffer {
  return Buffer.from([firstByte, 101, 0x12, 0x34, 0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef, ...rest]);
}

describe('parseRtp', () => {
  it('reads the header fields and the payload', () => {
    expect(parseRtp(rtp(0x80, 1, 2, 3))).toEqual({
      payloadType: 101,
      sequence: 0x1234,
      ssrc: 0xdeadbeef,
      payload: Buffer.from([1, 2, 3]),
    });
  });

  it('skips CSRCs and a header extension, and drops padding', () => {
    const withCsrc = rtp(0x81, 9, 9, 9, 9, 7);
    expect(parseRtp(withCsrc)?.payload).toEqual(Buffer.from([7]));
    // Extension: profile 0xbede, length 1 word.
    const withExtension = rtp(0x90, 0xbe, 0xde, 0, 1, 1, 2, 3, 4, 7, 8);
    expect(parseRtp(withExtension)?.payload).toEqual(Buffer.from([7, 8]));
    const padded = rtp(0xa0, 7, 0, 0, 3);
    expect(parseRtp(padded)?.payload).toEqual(Buffer.from([7]));
  });

  it('refuses RTCP, other versions and short packets', () => {
    const sr = Buffer.from([0x80, 200, 0, 6, ...Array.from({ length: 24 }, () => 0)]);
    expect(isRtcp(sr)).toBe(true);
    expect(parseRtp(sr)).toBeNull();
    expect(parseRtp(rtp(0x40, 1))).toBeNull();
    expect(parseRtp(Buffer.from([0x80, 101, 0]))).toBeNull();
    expect(parseRtp(rtp(0x80))).toBeNull();
  });
});

describe('isVp8KeyFrameStart', () => {
  // VP8 payload header byte: bit 0 is P, 0 for a key frame.
  const KEY = 0x10;
  const INTER = 0x11;

  it('finds a key frame after a bare descriptor', () => {
    expect(isVp8KeyFrameStart(Buffer.from([0x10, KEY]))).toBe(true);
    expect(isVp8KeyFrameStart(Buffer.from([0x10, INTER]))).toBe(false);
  });

  it('skips a 15-bit PictureID, TL0PICIDX and TID/KEYIDX (as browsers send)', () => {
    expect(isVp8KeyFrameStart(Buffer.from([0x90, 0xe0, 0x81, 0x23, 0x05, 0x40, KEY]))).toBe(true);
    expect(isVp8KeyFrameStart(Buffer.from([0x90, 0xe0, 0x81, 0x23, 0x05, 0x40, INTER]))).toBe(false);
    // A 7-bit PictureID only (M=0).
    expect(isVp8KeyFrameStart(Buffer.from([0x90, 0x80, 0x23, KEY]))).toBe(true);
  });

  it('ignores packets that do not start partition 0', () => {
    expect(isVp8KeyFrameStart(Buffer.from([0x00, KEY]))).toBe(false);
    expect(isVp8KeyFrameStart(Buffer.from([0x11, KEY]))).toBe(false);
    expect(isVp8KeyFrameStart(Buffer.from([0x90, 0x80]))).toBe(false);
  });
});

describe('RTCP and renumbering', () => {
  it('builds a PLI for the media SSRC', () => {
    expect([...pliPacket(0xdeadbeef, 1)]).toEqual([0x81, 206, 0, 2, 0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef]);
  });

  it('renumbers a copy, wrapping below 0', () => {
    const packet = rtp(0x80, 1);
    expect(withSequence(packet, 0x1233).readUInt16BE(2)).toBe(0x1233);
    expect(withSequence(packet, -1).readUInt16BE(2)).toBe(0xffff);
    expect(packet.readUInt16BE(2)).toBe(0x1234);
  });
});
