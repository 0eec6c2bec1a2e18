import { MediaBenchError } from './errors.js';

/** RFC 3550 fixed header: V P X CC | M PT | seq | timestamp | SSRC. */
export const RTP_FIXED_HEADER = 12;

/** RTP and RTCP share a port (rtcpMux): RTCP packet types 192..223 sit where M|PT would be (RFC 5761 §4). */
export function isRtcp(packet: Buffer): boolean {
  const pt = packet[1] ?? 0;
  return pt >= 192 && pt <= 223;
}

/** Bytes before the payload: fixed header, CSRCs and the header extension if present. */
export function rtpHeaderLength(packet: Buffer): number {
  const first = packet[0] ?? 0;
  if (packet.length < RTP_FIXED_HEADER || first >> 6 !== 2) {
    throw new MediaBenchError('BAD_RTP_PACKET', `not an RTP v2 packet (${packet.length} bytes)`);
  }
  let length = RTP_FIXED_HEADER + (first & 0x0f) * 4;
  if (first & 0x10) {
    if (packet.length < length + 4) throw new MediaBenchError('BAD_RTP_PACKET', 'truncated header extension');
    length += 4 + packet.readUInt16BE(length + 2) * 4;
  }
  if (packet.length < length) throw new MediaBenchError('BAD_RTP_PACKET', 'header longer than the packet');
  return length;
}
