import { describe, expect, it } from 'vitest';
import { diffSnapshots, ReceiveStats } from './receive-stats.js';

function packet(ssrc: number, seq: number, marker = false, size = 100): Buffer {
  const p = Buffer.alloc(size);
  p[0] = 0x80;
  p[1] = (marker ? 0x80 : 0) | 101;
  p.writeUInt16BE(seq & 0xffff, 2);
  p.writeUInt32BE(ssrc, 8);
  return p;
}

describe('ReceiveStats', () => {
  it('counts packets, bytes, frames by marker bit and the first arrival per SSRC', () => {
    const stats = new ReceiveStats();
    stats.record(packet(1, 10), 5);
    stats.record(packet(1, 11, true), 6);
    stats.record(packet(2, 500, false, 60), 7);
    const snap = stats.snapshot();
    expect(snap.get(1)).toEqual({ packets: 2, bytes: 200, frames: 1, expected: 2, firstAtMs: 5 });
    expect(snap.get(2)).toEqual({ packets: 1, bytes: 60, frames: 0, expected: 1, firstAtMs: 7 });
  });

  it('expects across the 16-bit wrap and counts the missing as lost', () => {
    const stats = new ReceiveStats();
    for (const seq of [65533, 65534, 0, 1, 3]) stats.record(packet(1, seq), 0);
    const window = diffSnapshots(new Map(), stats.snapshot()).get(1);
    expect(window).toMatchObject({ packets: 5, expected: 7, lost: 2 });
    expect(window!.lossPercent).toBeCloseTo((2 * 100) / 7);
  });

  it('takes reordered packets, even ones before the first, as arrivals and not loss', () => {
    const stats = new ReceiveStats();
    for (const seq of [100, 102, 101, 99, 103]) stats.record(packet(1, seq), 0);
    expect(stats.snapshot().get(1)).toMatchObject({ packets: 5, expected: 5 });
    // Reordering over the wrap.
    const wrap = new ReceiveStats();
    for (const seq of [65535, 1, 0, 2]) wrap.record(packet(1, seq), 0);
    expect(wrap.snapshot().get(1)).toMatchObject({ packets: 4, expected: 4 });
  });

  it('counts RTCP apart and ignores what is not RTP', () => {
    const stats = new ReceiveStats();
    const rr = Buffer.from([0x80, 201, 0, 1, 0, 0, 0, 9, 0, 0, 0, 0]);
    stats.record(rr, 0);
    stats.record(Buffer.from('not rtp at all'), 0);
    stats.record(Buffer.alloc(4), 0);
    expect(stats.rtcpPackets).toBe(1);
    expect(stats.snapshot().size).toBe(0);
  });

  it('diffs two snapshots into one measurement window', () => {
    const stats = new ReceiveStats();
    for (let seq = 0; seq < 10; seq++) stats.record(packet(1, seq, seq % 2 === 1), 0);
    const before = stats.snapshot();
    for (let seq = 10; seq < 30; seq++) if (seq !== 15) stats.record(packet(1, seq, seq % 2 === 1), 0);
    stats.record(packet(2, 7), 0);
    const window = diffSnapshots(before, stats.snapshot());
    expect(window.get(1)).toEqual({
      packets: 19,
      bytes: 1900,
      frames: 9,
      expected: 20,
      lost: 1,
      lossPercent: 5,
    });
    expect(window.get(2)).toEqual({
      packets: 1,
      bytes: 100,
      frames: 0,
      expected: 1,
      lost: 0,
      lossPercent: 0,
    });
    // Snapshots are copies: later packets do not change them.
    expect(before.get(1)!.packets).toBe(10);
  });

  it('does not count duplicates as negative loss', () => {
    const stats = new ReceiveStats();
    for (const seq of [1, 2, 2, 3]) stats.record(packet(1, seq), 0);
    expect(diffSnapshots(new Map(), stats.snapshot()).get(1)).toMatchObject({
      packets: 4,
      expected: 3,
      lost: 0,
    });
  });
});
