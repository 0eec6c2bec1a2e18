import { createCipheriv, createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { MediaBenchError } from './errors.js';
import { RTP_FIXED_HEADER, rtpHeaderLength } from './rtp-header.js';

/*
 * SRTP/SRTCP protect (sender side) for AES_CM_128_HMAC_SHA1_80, RFC 3711,
 * key derivation rate 0. What mediasoup sends back is never decrypted: the
 * receive side counts from the clear RTP headers, and a test may check its tags.
 */

export const SRTP_CRYPTO_SUITE = 'AES_CM_128_HMAC_SHA1_80';
export const SRTP_TAG_LENGTH = 10;
/** SRTCP adds the E-flag|index word before the tag. */
export const SRTCP_TRAILER_LENGTH = 4 + SRTP_TAG_LENGTH;

const MASTER_KEY_LENGTH = 16;
const MASTER_SALT_LENGTH = 14;
const AUTH_KEY_LENGTH = 20;

/** PRF labels, RFC 3711 §4.3.1-2. */
const LABEL = { rtpKey: 0, rtpAuth: 1, rtpSalt: 2, rtcpKey: 3, rtcpAuth: 4, rtcpSalt: 5 } as const;

export interface SrtpParameters {
  cryptoSuite: typeof SRTP_CRYPTO_SUITE;
  keyBase64: string;
}

/** A fresh 30-byte master key+salt, in mediasoup's `keyBase64` form. */
export function newMasterKey(): string {
  return randomBytes(MASTER_KEY_LENGTH + MASTER_SALT_LENGTH).toString('base64');
}

export function srtpParameters(keyBase64: string): SrtpParameters {
  return { cryptoSuite: SRTP_CRYPTO_SUITE, keyBase64 };
}

/** The AES-CM keystream of `key` from counter block `iv`, `length` bytes (encrypting zeros). */
export function aesCmKeystream(key: Buffer | KeyObject, iv: Buffer, length: number): Buffer {
  return createCipheriv('aes-128-ctr', key, iv).update(Buffer.alloc(length));
}

/** RFC 3711 §4.3.3 with kdr 0: AES-CM of the master key over (master salt XOR label·2^48)·2^16. */
export function deriveSessionKey(
  masterKey: Buffer,
  masterSalt: Buffer,
  label: number,
  length: number,
): Buffer {
  const iv = Buffer.alloc(16);
  masterSalt.copy(iv, 0);
  // The 56-bit key_id (label || 48 zero bits of index DIV kdr) is right-aligned in the 112-bit salt.
  iv[7]! ^= label;
  return aesCmKeystream(masterKey, iv, length);
}

/** The 80-bit HMAC-SHA1 tag of `data` followed by `suffix` (the ROC for SRTP), written at `out[at]`. */
function writeTag(authKey: KeyObject, data: Buffer, suffix: Buffer | null, out: Buffer, at: number): void {
  // createHmac on a KeyObject measured cheaper per packet than copying pre-keyed hash states.
  const mac = createHmac('sha1', authKey).update(data);
  if (suffix) mac.update(suffix);
  mac.digest().copy(out, at, 0, SRTP_TAG_LENGTH);
}

interface SessionKeys {
  cipher: KeyObject;
  salt: Buffer;
  auth: KeyObject;
}

function sessionKeys(key: Buffer, salt: Buffer, labels: readonly [number, number, number]): SessionKeys {
  const [keyLabel, authLabel, saltLabel] = labels;
  return {
    cipher: createSecretKey(deriveSessionKey(key, salt, keyLabel, MASTER_KEY_LENGTH)),
    auth: createSecretKey(deriveSessionKey(key, salt, authLabel, AUTH_KEY_LENGTH)),
    salt: deriveSessionKey(key, salt, saltLabel, MASTER_SALT_LENGTH),
  };
}

/** The send state of one SSRC: RFC 3711 §3.3.1 rollover counter and last sequence number. */
interface RtpSendState {
  roc: number;
  lastSeq: number;
}

/**
 * Protects what one endpoint sends with one master key: any number of RTP
 * SSRCs (each with its own rollover counter) and SRTCP.
 */
export class SrtpSession {
  readonly #rtp: SessionKeys;
  readonly #rtcp: SessionKeys;
  readonly #rtpState = new Map<number, RtpSendState>();
  readonly #rtcpIndex = new Map<number, number>();
  // Scratch buffers: createCipheriv copies the IV, the HMAC reads the ROC before returning.
  readonly #iv = Buffer.alloc(16);
  readonly #roc = Buffer.alloc(4);

  constructor(keyBase64: string) {
    const master = Buffer.from(keyBase64, 'base64');
    if (master.length !== MASTER_KEY_LENGTH + MASTER_SALT_LENGTH) {
      throw new MediaBenchError(
        'BAD_SRTP_KEY',
        `an ${SRTP_CRYPTO_SUITE} master key+salt is 30 bytes, got ${master.length}`,
      );
    }
    const key = master.subarray(0, MASTER_KEY_LENGTH);
    const salt = master.subarray(MASTER_KEY_LENGTH);
    this.#rtp = sessionKeys(key, salt, [LABEL.rtpKey, LABEL.rtpAuth, LABEL.rtpSalt]);
    this.#rtcp = sessionKeys(key, salt, [LABEL.rtcpKey, LABEL.rtcpAuth, LABEL.rtcpSalt]);
  }

  /** The SRTP packet for a clear RTP packet: payload encrypted, 10-byte tag appended. */
  protectRtp(packet: Buffer): Buffer {
    const headerLength = rtpHeaderLength(packet);
    const ssrc = packet.readUInt32BE(8);
    const seq = packet.readUInt16BE(2);
    const roc = this.#rolloverCounter(ssrc, seq);

    // IV = (k_s·2^16) XOR (SSRC·2^64) XOR (i·2^16), i = ROC·2^16 + SEQ.
    const iv = this.#counterBlock(this.#rtp.salt, ssrc);
    iv.writeUInt32BE((iv.readUInt32BE(8) ^ roc) >>> 0, 8);
    iv.writeUInt16BE(iv.readUInt16BE(12) ^ seq, 12);

    const out = Buffer.allocUnsafe(packet.length + SRTP_TAG_LENGTH);
    packet.copy(out, 0, 0, headerLength);
    createCipheriv('aes-128-ctr', this.#rtp.cipher, iv)
      .update(packet.subarray(headerLength))
      .copy(out, headerLength);
    this.#roc.writeUInt32BE(roc, 0);
    writeTag(this.#rtp.auth, out.subarray(0, packet.length), this.#roc, out, packet.length);
    return out;
  }

  /** The SRTCP packet for a clear compound RTCP packet: encrypted after 8 bytes, E|index, tag. */
  protectRtcp(packet: Buffer): Buffer {
    if (packet.length < 8 || (packet[0] ?? 0) >> 6 !== 2) {
      throw new MediaBenchError('BAD_RTP_PACKET', `not an RTCP packet (${packet.length} bytes)`);
    }
    const ssrc = packet.readUInt32BE(4);
    // The first SRTCP index is 1, as libsrtp numbers them.
    const index = ((this.#rtcpIndex.get(ssrc) ?? 0) + 1) & 0x7fffffff;
    this.#rtcpIndex.set(ssrc, index);

    const iv = this.#counterBlock(this.#rtcp.salt, ssrc);
    iv.writeUInt32BE((iv.readUInt32BE(10) ^ index) >>> 0, 10);

    const out = Buffer.allocUnsafe(packet.length + SRTCP_TRAILER_LENGTH);
    packet.copy(out, 0, 0, 8);
    createCipheriv('aes-128-ctr', this.#rtcp.cipher, iv).update(packet.subarray(8)).copy(out, 8);
    out.writeUInt32BE((0x80000000 | index) >>> 0, packet.length);
    writeTag(this.#rtcp.auth, out.subarray(0, packet.length + 4), null, out, packet.length + 4);
    return out;
  }

  /**
   * Whether an SRTP packet protected with this key carries a valid tag, for a
   * stream still on rollover counter `roc` (0: its first 65,536 packets).
   */
  authenticRtp(packet: Buffer, roc = 0): boolean {
    if (packet.length < RTP_FIXED_HEADER + SRTP_TAG_LENGTH) return false;
    const body = packet.subarray(0, packet.length - SRTP_TAG_LENGTH);
    const expected = Buffer.alloc(SRTP_TAG_LENGTH);
    const rocBytes = Buffer.alloc(4);
    rocBytes.writeUInt32BE(roc, 0);
    writeTag(this.#rtp.auth, body, rocBytes, expected, 0);
    return timingSafeEqual(expected, packet.subarray(packet.length - SRTP_TAG_LENGTH));
  }

  #rolloverCounter(ssrc: number, seq: number): number {
    const state = this.#rtpState.get(ssrc);
    if (!state) {
      this.#rtpState.set(ssrc, { roc: 0, lastSeq: seq });
      return 0;
    }
    // A sender's numbers only go forward: a big step back is the 16-bit wrap.
    if (seq < state.lastSeq && state.lastSeq - seq > 0x8000) state.roc = (state.roc + 1) >>> 0;
    state.lastSeq = seq;
    return state.roc;
  }

  /** (salt·2^16) XOR (SSRC·2^64), in the shared scratch block. */
  #counterBlock(salt: Buffer, ssrc: number): Buffer {
    const iv = this.#iv;
    salt.copy(iv, 0);
    iv.writeUInt16BE(0, 14);
    iv.writeUInt32BE((iv.readUInt32BE(4) ^ ssrc) >>> 0, 4);
    return iv;
  }
}
