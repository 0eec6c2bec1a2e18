/** The fields of an RTP packet the video forwarder acts on; `payload` is a view into the packet. */
export interface RtpPacket {
  payloadType: number;
  sequence: number;
  ssrc: number;
  payload: Buffer;
}

const RTP_HEADER_BYTES = 12;

/** RFC 5761: second bytes 192..223 are RTCP packet types (SR 200, RR 201, PSFB 206...), never RTP. */
export function isRtcp(packet: Buffer): boolean {
  return packet.length >= 2 && packet.readUInt8(1) >= 192 && packet.readUInt8(1) <= 223;
}

/** An RTP version 2 packet's header fields and payload (CSRCs, header extension and padding skipped), or null. */
export function parseRtp(packet: Buffer): RtpPacket | null {
  if (packet.length < RTP_HEADER_BYTES || packet.readUInt8(0) >> 6 !== 2 || isRtcp(packet)) return null;
  const csrcCount = packet.readUInt8(0) & 0x0f;
  let offset = RTP_HEADER_BYTES + 4 * csrcCount;
  if (packet.readUInt8(0) & 0x10) {
    if (packet.length < offset + 4) return null;
    offset += 4 + 4 * packet.readUInt16BE(offset + 2);
  }
  let end = packet.length;
  if (packet.readUInt8(0) & 0x20) end -= packet.readUInt8(packet.length - 1);
  if (end <= offset) return null;
  return {
    payloadType: packet.readUInt8(1) & 0x7f,
    sequence: packet.readUInt16BE(2),
    ssrc: packet.readUInt32BE(8),
    payload: packet.subarray(offset, end),
  };
}

/**
 * Whether a VP8 RTP payload (RFC 7741) starts a key frame: the first packet of
 * partition 0 (S=1, PID=0) whose VP8 header has P=0. The payload descriptor's
 * optional PictureID, TL0PICIDX and TID/KEYIDX bytes come first.
 */
export function isVp8KeyFrameStart(payload: Buffer): boolean {
  if (payload.length < 1) return false;
  const first = payload.readUInt8(0);
  if ((first & 0x10) === 0 || (first & 0x07) !== 0) return false;
  let offset = 1;
  if (first & 0x80) {
    if (payload.length < 2) return false;
    const extension = payload.readUInt8(1);
    offset = 2;
    if (extension & 0x80) offset += payload.length > offset && payload.readUInt8(offset) & 0x80 ? 2 : 1;
    if (extension & 0x40) offset += 1;
    if (extension & 0x30) offset += 1;
  }
  return payload.length > offset && (payload.readUInt8(offset) & 0x01) === 0;
}

/**
 * An RTCP Picture Loss Indication (RFC 4585 6.3.1) for `mediaSsrc`: the sender
 * (mediasoup's consumer) asks its producer for a key frame.
 */
export function pliPacket(mediaSsrc: number, senderSsrc: number): Buffer {
  const packet = Buffer.alloc(12);
  packet[0] = 0x81; // V=2, FMT=1 (PLI)
  packet[1] = 206; // PSFB
  packet.writeUInt16BE(2, 2); // length in 32-bit words - 1
  packet.writeUInt32BE(senderSsrc >>> 0, 4);
  packet.writeUInt32BE(mediaSsrc >>> 0, 8);
  return packet;
}

/** A copy of an RTP packet with another sequence number (modulo 2^16). */
export function withSequence(packet: Buffer, sequence: number): Buffer {
  const copy = Buffer.from(packet);
  copy.writeUInt16BE(((sequence % 0x10000) + 0x10000) % 0x10000, 2);
  return copy;
}
