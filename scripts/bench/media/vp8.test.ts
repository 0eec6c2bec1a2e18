import { describe, expect, it } from 'vitest';
import { isVp8KeyFrameStart, vp8PictureId, widenPictureId, writePictureId } from './vp8.js';

// Descriptors as ffmpeg's rtpenc_vp8 writes them: X=1 S=1, I=1, then the PictureID, then the VP8 frame.
const KEY_FRAME_HEADER = [0x10, 0x02, 0x00]; // P bit (bit 0 of the first byte) clear: key frame
const INTER_FRAME_HEADER = [0x31, 0x02, 0x00];
const sevenBit = (first: number, pid: number, frame: number[]): Buffer =>
  Buffer.from([first, 0x80, pid, ...frame]);
const fifteenBit = (first: number, pid: number, frame: number[]): Buffer =>
  Buffer.from([first, 0x80, 0x80 | (pid >> 8), pid & 0xff, ...frame]);

describe('vp8PictureId / writePictureId', () => {
  it('finds a 7-bit PictureID and writes values modulo 128', () => {
    const payload = sevenBit(0x90, 5, KEY_FRAME_HEADER);
    const id = vp8PictureId(payload);
    expect(id).toEqual({ offset: 2, bits: 7 });
    writePictureId(payload, id!, 130);
    expect([...payload.subarray(0, 4)]).toEqual([0x90, 0x80, 2, 0x10]);
  });

  it('finds a 15-bit PictureID (M bit) and writes values modulo 32768', () => {
    const payload = fifteenBit(0x90, 0x1234, KEY_FRAME_HEADER);
    const id = vp8PictureId(payload);
    expect(id).toEqual({ offset: 2, bits: 15 });
    writePictureId(payload, id!, 0x8000 + 0x0203);
    expect([...payload.subarray(0, 5)]).toEqual([0x90, 0x80, 0x82, 0x03, 0x10]);
  });

  it('reads past an RTP header, and finds nothing without X or I', () => {
    const packet = Buffer.concat([Buffer.alloc(12), fifteenBit(0x90, 1, KEY_FRAME_HEADER)]);
    expect(vp8PictureId(packet, 12)).toEqual({ offset: 14, bits: 15 });
    expect(vp8PictureId(Buffer.from([0x10, 0x10, 0x02, 0x00]))).toBeNull();
    expect(vp8PictureId(Buffer.from([0x90, 0x00, 0x10, 0x02]))).toBeNull();
  });
});

describe('isVp8KeyFrameStart', () => {
  it('is true for the first packet of a key frame only', () => {
    expect(isVp8KeyFrameStart(sevenBit(0x90, 1, KEY_FRAME_HEADER))).toBe(true);
    expect(isVp8KeyFrameStart(fifteenBit(0x90, 1, KEY_FRAME_HEADER))).toBe(true);
    expect(isVp8KeyFrameStart(fifteenBit(0x90, 1, INTER_FRAME_HEADER))).toBe(false);
    // Continuation packet of the same key frame: S bit cleared.
    expect(isVp8KeyFrameStart(fifteenBit(0x80, 1, KEY_FRAME_HEADER))).toBe(false);
    // Without the extension byte the VP8 header follows the first byte.
    expect(isVp8KeyFrameStart(Buffer.from([0x10, ...KEY_FRAME_HEADER]))).toBe(true);
  });
});

describe('widenPictureId', () => {
  it('inserts the high byte with the M bit, keeping header, value and frame bytes', () => {
    const header = Buffer.from([0x80, 0xe0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]);
    const packet = Buffer.concat([header, sevenBit(0x90, 0x55, KEY_FRAME_HEADER)]);
    const wide = widenPictureId(packet, 12);
    expect(wide.length).toBe(packet.length + 1);
    expect(wide.subarray(0, 12)).toEqual(header);
    expect([...wide.subarray(12)]).toEqual([0x90, 0x80, 0x80, 0x55, ...KEY_FRAME_HEADER]);
    expect(vp8PictureId(wide, 12)).toEqual({ offset: 14, bits: 15 });
  });

  it('returns a 15-bit descriptor as it is', () => {
    const packet = Buffer.concat([Buffer.alloc(12), fifteenBit(0x90, 7, KEY_FRAME_HEADER)]);
    expect(widenPictureId(packet, 12)).toBe(packet);
  });
});
