import { describe, expect, it } from 'vitest';
import { clipPacket } from './clip-file.js';
import type { ClipStream } from './clip-file.js';
import { RtpStreamCursor } from './rtp-stream.js';
import type { StreamIdentity } from './rtp-stream.js';

const CLOCK = 90_000;
const LOOP_MS = 1000;

/** An ffmpeg-like RTP packet: PT 97, its own SSRC and numbering, then `payload`. */
function ffmpegPacket(seq: number, tsOffset: number, marker: boolean, payload: number[]): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (marker ? 0x80 : 0) | 97;
  header.writeUInt16BE(seq, 2);
  header.writeUInt32BE(1_000_000 + tsOffset, 4);
  header.writeUInt32BE(0xaaaaaaaa, 8);
  return Buffer.concat([header, Buffer.from(payload)]);
}

/**
 * A 1 s VP8 loop: frames at 0, 250, 500, 750 ms, two packets each (S bit on
 * the first, marker on the second), key frames at 0 and 500 ms.
 */
function videoStream(pictureIdBits: 7 | 15 = 15): ClipStream {
  const packets = [];
  let seq = 100;
  for (let frame = 0; frame < 4; frame++) {
    const tsOffset = frame * 22_500;
    const vp8Header = frame % 2 === 0 ? 0x10 : 0x11;
    const pid = pictureIdBits === 15 ? [0x80, frame] : [frame];
    packets.push(
      clipPacket(tsOffset, CLOCK, ffmpegPacket(seq++, tsOffset, false, [0x90, 0x80, ...pid, vp8Header])),
    );
    packets.push(
      clipPacket(tsOffset, CLOCK, ffmpegPacket(seq++, tsOffset, true, [0x80, 0x80, ...pid, 0xee])),
    );
  }
  return { kind: 'video', clockRate: CLOCK, packets };
}

const identity: StreamIdentity = {
  ssrc: 0x01020304,
  payloadType: 101,
  firstSeq: 65534,
  firstTimestamp: 0xffffffff - 50_000,
  firstPictureId: 32766,
};

function take(cursor: RtpStreamCursor, count: number): { due: number; packet: Buffer }[] {
  const out = [];
  const scratch = Buffer.alloc(1500);
  for (let i = 0; i < count; i++) {
    const due = cursor.dueMs;
    const length = cursor.writeNext(scratch);
    out.push({ due, packet: Buffer.from(scratch.subarray(0, length)) });
  }
  return out;
}

describe('RtpStreamCursor', () => {
  it('rewrites SSRC, payload type, sequence, timestamp and PictureID, keeping marker and payload', () => {
    const [first, second] = take(new RtpStreamCursor(videoStream(), LOOP_MS, 0, identity), 2);
    expect(first!.packet.toString('hex')).toBe(
      ['80', '65', 'fffe', 'ffff3caf', '01020304', '90', '80', 'fffe', '10'].join(''),
    );
    expect(second!.packet.toString('hex')).toBe(
      ['80', 'e5', 'ffff', 'ffff3caf', '01020304', '80', '80', 'fffe', 'ee'].join(''),
    );
  });

  it('loops into one continuous stream: sequence, timestamp and PictureID wrap, due times advance', () => {
    const sent = take(new RtpStreamCursor(videoStream(), LOOP_MS, 0, identity), 20);
    sent.forEach(({ due, packet }, i) => {
      const loop = Math.floor(i / 8);
      const frame = Math.floor((i % 8) / 2);
      expect(packet.readUInt16BE(2)).toBe((65534 + i) & 0xffff);
      expect(packet.readUInt32BE(4)).toBe((identity.firstTimestamp + loop * 90_000 + frame * 22_500) >>> 0);
      expect(packet.readUInt16BE(14) & 0x7fff).toBe((32766 + loop * 4 + frame) & 0x7fff);
      expect(due).toBe(loop * 1000 + frame * 250);
      expect(packet[1]! & 0x80).toBe(i % 2 === 1 ? 0x80 : 0);
    });
  });

  it('starts at a later key frame and comes back to the clip start after it', () => {
    const sent = take(new RtpStreamCursor(videoStream(), LOOP_MS, 500, identity), 6);
    expect(sent.map((s) => s.due)).toEqual([0, 0, 250, 250, 500, 500]);
    expect(sent.map((s) => (s.packet.readUInt32BE(4) - identity.firstTimestamp) >>> 0)).toEqual([
      0, 0, 22_500, 22_500, 45_000, 45_000,
    ]);
    // The packet due at 500 ms is the clip's first (key) frame, one PictureID after the 750 ms frame.
    expect(sent[4]!.packet.readUInt16BE(14) & 0x7fff).toBe((32766 + 2) & 0x7fff);
    expect(sent[4]!.packet[16]).toBe(0x10);
  });

  it('refuses to start a video stream anywhere but on a key frame', () => {
    expect(() => new RtpStreamCursor(videoStream(), LOOP_MS, 250, identity)).toThrow(
      expect.objectContaining({ code: 'BAD_START_OFFSET' }),
    );
    expect(() => new RtpStreamCursor(videoStream(), LOOP_MS, 1000, identity)).toThrow(
      expect.objectContaining({ code: 'BAD_START_OFFSET' }),
    );
  });

  it('keeps a 7-bit PictureID 7 bits wide, counting modulo 128', () => {
    const sent = take(
      new RtpStreamCursor(videoStream(7), LOOP_MS, 0, { ...identity, firstPictureId: 126 }),
      6,
    );
    expect(sent.map((s) => s.packet.length)).toEqual([16, 16, 16, 16, 16, 16]);
    expect(sent.map((s) => s.packet[14])).toEqual([126, 126, 127, 127, 0, 0]);
  });

  it('leaves an audio payload untouched', () => {
    const payload = [0x90, 0x80, 0x80, 0x01, 0x10];
    const audio: ClipStream = {
      kind: 'audio',
      clockRate: 48_000,
      packets: [0, 960].map((ts, i) => clipPacket(ts, 48_000, ffmpegPacket(i, ts, false, payload))),
    };
    const sent = take(new RtpStreamCursor(audio, 40, 0, { ...identity, payloadType: 100 }), 3);
    expect(sent.map((s) => s.due)).toEqual([0, 20, 40]);
    expect(sent.map((s) => (s.packet.readUInt32BE(4) - identity.firstTimestamp) >>> 0)).toEqual([
      0, 960, 1920,
    ]);
    for (const { packet } of sent) {
      expect(packet[1]).toBe(100);
      expect([...packet.subarray(12)]).toEqual(payload);
    }
  });
});
