/*
 * The VP8 payload descriptor (RFC 7741 §4.2) as far as the synthetic stream
 * touches it: the PictureID, 7 bits (older ffmpeg: X=1, I=1, M=0) or 15 bits
 * (browsers, newer ffmpeg: M=1), and whether a packet starts a key frame.
 */

export interface Vp8PictureId {
  /** Offset of the PictureID's first byte in the payload. */
  offset: number;
  bits: 7 | 15;
}

/** Where the PictureID of a VP8 payload is, or null when the descriptor has none. */
export function vp8PictureId(payload: Buffer, at = 0): Vp8PictureId | null {
  if (payload.length < at + 3) return null;
  const x = (payload[at]! & 0x80) !== 0;
  const i = (payload[at + 1]! & 0x80) !== 0;
  if (!x || !i) return null;
  const m = (payload[at + 2]! & 0x80) !== 0;
  if (m && payload.length < at + 4) return null;
  return { offset: at + 2, bits: m ? 15 : 7 };
}

/** Writes `value` (taken modulo the field's width) into the PictureID found by `vp8PictureId`. */
export function writePictureId(packet: Buffer, id: Vp8PictureId, value: number): void {
  if (id.bits === 15) {
    packet[id.offset] = 0x80 | ((value >> 8) & 0x7f);
    packet[id.offset + 1] = value & 0xff;
  } else {
    packet[id.offset] = value & 0x7f;
  }
}

/** S=1 and partition 0 with the VP8 frame header's P bit clear (RFC 7741 §4.3). */
export function isVp8KeyFrameStart(payload: Buffer, at = 0): boolean {
  const first = payload[at];
  if (first === undefined || (first & 0x10) === 0 || (first & 0x07) !== 0) return false;
  let offset = at + 1;
  if (first & 0x80) {
    const ext = payload[offset++] ?? 0;
    if (ext & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1;
    if (ext & 0x40) offset += 1;
    if (ext & 0x30) offset += 1;
  }
  const header = payload[offset];
  return header !== undefined && (header & 0x01) === 0;
}

/**
 * The packet with a 7-bit PictureID widened to 15 bits (M=1), as browsers send
 * it: a 7-bit one wraps every 128 frames, which a receiver's frame-reference
 * tracking takes for a jump back. `at` is the payload offset; other packets are returned as they are.
 */
export function widenPictureId(packet: Buffer, at: number): Buffer {
  const id = vp8PictureId(packet, at);
  if (!id || id.bits === 15) return packet;
  const wide = Buffer.allocUnsafe(packet.length + 1);
  packet.copy(wide, 0, 0, id.offset);
  wide[id.offset] = 0x80;
  packet.copy(wide, id.offset + 1, id.offset);
  return wide;
}
