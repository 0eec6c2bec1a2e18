import { isRtcp, RTP_FIXED_HEADER } from './rtp-header.js';

/** Counters of one SSRC at one moment. */
export interface SsrcCounters {
  packets: number;
  bytes: number;
  /** Packets with the marker bit: for video, the last packet of each frame. */
  frames: number;
  /** Highest extended sequence number minus the lowest seen, plus one (RFC 3550 A.3). */
  expected: number;
  /** When the first packet arrived, on the caller's clock. */
  firstAtMs: number;
}

export type ReceiveSnapshot = Map<number, SsrcCounters>;

/** What arrived for one SSRC between two snapshots. */
export interface WindowStats {
  packets: number;
  bytes: number;
  frames: number;
  expected: number;
  lost: number;
  /** 0..100; duplicates can make `packets` exceed `expected`, which counts as no loss. */
  lossPercent: number;
}

interface SsrcState extends SsrcCounters {
  /** Highest extended sequence number seen (cycles·2^16 + seq). */
  maxExt: number;
  minExt: number;
}

/**
 * Counts what an SFU sends to one receive socket, per SSRC, from the clear
 * RTP headers (SRTP leaves them unencrypted): packets, bytes, frames, and
 * the expected count from extended sequence numbers, which survives the
 * 16-bit wrap and reordering.
 */
export class ReceiveStats {
  readonly #ssrcs = new Map<number, SsrcState>();
  rtcpPackets = 0;

  /** Counts one datagram that arrived at `nowMs`; RTCP (rtcpMux) is counted apart. */
  record(datagram: Buffer, nowMs: number): void {
    if (datagram.length < RTP_FIXED_HEADER || (datagram[0] ?? 0) >> 6 !== 2) return;
    if (isRtcp(datagram)) {
      this.rtcpPackets++;
      return;
    }
    const ssrc = datagram.readUInt32BE(8);
    const seq = datagram.readUInt16BE(2);
    const marker = (datagram[1]! & 0x80) !== 0;
    let state = this.#ssrcs.get(ssrc);
    if (!state) {
      state = { packets: 0, bytes: 0, frames: 0, expected: 0, firstAtMs: nowMs, maxExt: seq, minExt: seq };
      this.#ssrcs.set(ssrc, state);
    } else {
      const ext = extend(seq, state.maxExt);
      if (ext > state.maxExt) state.maxExt = ext;
      else if (ext < state.minExt) state.minExt = ext;
    }
    state.packets++;
    state.bytes += datagram.length;
    if (marker) state.frames++;
    state.expected = state.maxExt - state.minExt + 1;
  }

  snapshot(): ReceiveSnapshot {
    const copy: ReceiveSnapshot = new Map();
    for (const [ssrc, s] of this.#ssrcs) {
      copy.set(ssrc, {
        packets: s.packets,
        bytes: s.bytes,
        frames: s.frames,
        expected: s.expected,
        firstAtMs: s.firstAtMs,
      });
    }
    return copy;
  }
}

/** The extended sequence number of `seq` nearest to `reference` (within half the 16-bit space). */
function extend(seq: number, reference: number): number {
  const delta = ((seq - reference + 0x8000) & 0xffff) - 0x8000;
  return reference + delta;
}

/** Per SSRC, what arrived between `before` and `after` (an SSRC new in `after` counts from zero). */
export function diffSnapshots(before: ReceiveSnapshot, after: ReceiveSnapshot): Map<number, WindowStats> {
  const out = new Map<number, WindowStats>();
  for (const [ssrc, a] of after) {
    const b = before.get(ssrc);
    const packets = a.packets - (b?.packets ?? 0);
    const expected = a.expected - (b?.expected ?? 0);
    const lost = Math.max(0, expected - packets);
    out.set(ssrc, {
      packets,
      bytes: a.bytes - (b?.bytes ?? 0),
      frames: a.frames - (b?.frames ?? 0),
      expected,
      lost,
      lossPercent: expected > 0 ? (lost * 100) / expected : 0,
    });
  }
  return out;
}
