import type { ClipStream } from './clip-file.js';
import { MediaBenchError } from './errors.js';
import { rtpHeaderLength } from './rtp-header.js';
import { isVp8KeyFrameStart, vp8PictureId, writePictureId } from './vp8.js';

/** What makes one sender's copy of a clip stream its own. */
export interface StreamIdentity {
  ssrc: number;
  payloadType: number;
  firstSeq: number;
  firstTimestamp: number;
  /** VP8 only; the 15-bit PictureID of the first frame. */
  firstPictureId: number;
}

/** A random identity: sequence, timestamp and PictureID start anywhere, as a browser's do. */
export function randomIdentity(ssrc: number, payloadType: number): StreamIdentity {
  const random = (bits: number): number => Math.floor(Math.random() * 2 ** bits);
  return { ssrc, payloadType, firstSeq: random(16), firstTimestamp: random(32), firstPictureId: random(15) };
}

/**
 * An endless RTP stream from one clip stream, looping it: SSRC and payload
 * type replaced, sequence numbers continuous, timestamps advancing by the
 * clip's length on every loop, VP8 PictureIDs continuous, so the SFU sees one
 * unbroken stream. It starts `startMs` into the clip, which must be a key frame
 * for video (staggered starts spread the senders' key frames).
 */
export class RtpStreamCursor {
  readonly #stream: ClipStream;
  readonly #identity: StreamIdentity;
  readonly #loopMs: number;
  readonly #loopTicks: number;
  readonly #startMs: number;
  readonly #startTicks: number;
  readonly #vp8: boolean;
  #index: number;
  #loop = 0;
  #seq: number;
  #pictureId: number;
  #frameTsOffset: number;
  /** When the next packet is due, in ms since the stream's start. */
  dueMs = 0;

  constructor(stream: ClipStream, loopMs: number, startMs: number, identity: StreamIdentity) {
    this.#stream = stream;
    this.#identity = identity;
    this.#loopMs = loopMs;
    this.#loopTicks = (loopMs * stream.clockRate) / 1000;
    this.#startMs = startMs;
    this.#startTicks = Math.round((startMs * stream.clockRate) / 1000);
    this.#vp8 = stream.kind === 'video';
    this.#index = stream.packets.findIndex((p) => p.tsOffset >= this.#startTicks);
    const first = stream.packets[this.#index];
    if (!first || (this.#vp8 && !isVp8KeyFrameStart(first.data, rtpHeaderLength(first.data)))) {
      throw new MediaBenchError('BAD_START_OFFSET', `${startMs} ms into the clip is not a key frame`);
    }
    this.#seq = identity.firstSeq & 0xffff;
    this.#pictureId = identity.firstPictureId;
    this.#frameTsOffset = first.tsOffset;
    this.#updateDue();
  }

  /** Writes the next packet into `out` (at least 1500 bytes), returns its length and moves on. */
  writeNext(out: Buffer): number {
    const packet = this.#stream.packets[this.#index]!;
    const data = packet.data;
    data.copy(out, 0);
    out[1] = (data[1]! & 0x80) | this.#identity.payloadType;
    out.writeUInt16BE(this.#seq, 2);
    const ticks =
      this.#identity.firstTimestamp + this.#loop * this.#loopTicks + packet.tsOffset - this.#startTicks;
    out.writeUInt32BE(ticks >>> 0, 4);
    out.writeUInt32BE(this.#identity.ssrc, 8);
    if (this.#vp8) {
      // A new timestamp is a new frame (this includes the first frame of the next loop).
      if (packet.tsOffset !== this.#frameTsOffset) {
        this.#frameTsOffset = packet.tsOffset;
        this.#pictureId = (this.#pictureId + 1) & 0x7fff;
      }
      const id = vp8PictureId(data, rtpHeaderLength(data));
      if (id) writePictureId(out, id, this.#pictureId);
    }

    this.#seq = (this.#seq + 1) & 0xffff;
    if (++this.#index === this.#stream.packets.length) {
      this.#index = 0;
      this.#loop++;
    }
    this.#updateDue();
    return data.length;
  }

  #updateDue(): void {
    const packet = this.#stream.packets[this.#index]!;
    this.dueMs = this.#loop * this.#loopMs + packet.offsetMs - this.#startMs;
  }
}
