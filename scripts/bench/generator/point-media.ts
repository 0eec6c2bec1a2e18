import crypto from 'node:crypto';
import type { types } from 'mediasoup';
import {
  audioRtpParameters,
  createReceiver,
  createSender,
  loadClip,
  newMasterKey,
  SendScheduler,
  SRTP_CRYPTO_SUITE,
  SYNTHETIC_RTP_CAPABILITIES,
  videoRtpParameters,
  type Clip,
  type ReceiveSnapshot,
  type SyntheticReceiver,
  type SyntheticSender,
} from '../media/index.js';

/*
 * One synthetic participant's media, on the process's shared clip and timer:
 * its SRTP keys, the rtpParameters of what it sends, the sockets that send
 * the clip and count what comes back.
 */

const OPUS_PT = 100;
const VP8_PT = 101;

interface Shared {
  clip: Clip;
  scheduler: SendScheduler;
}
let shared: Promise<Shared> | undefined;
/** The clip (made once by the runner, read from its cache here) and one timer for every sender of the process. */
const sharedMedia = (): Promise<Shared> =>
  (shared ??= loadClip().then((clip) => ({ clip, scheduler: new SendScheduler() })));

export interface SrtpKey {
  cryptoSuite: typeof SRTP_CRYPTO_SUITE;
  keyBase64: string;
}

/** Where the server's plain transport listens. */
export interface ServerTuple {
  ip: string;
  port: number;
}

export const pointRtpCapabilities = (): types.RtpCapabilities => SYNTHETIC_RTP_CAPABILITIES;

const randomSsrc = () => crypto.randomInt(1, 2 ** 32 - 1);

export class PointMedia {
  readonly sendKey: SrtpKey = { cryptoSuite: SRTP_CRYPTO_SUITE, keyBase64: newMasterKey() };
  readonly receiveKey: SrtpKey = { cryptoSuite: SRTP_CRYPTO_SUITE, keyBase64: newMasterKey() };
  readonly audioParameters: types.RtpParameters;
  readonly videoParameters: types.RtpParameters;
  readonly #shared: Shared;
  readonly #audioSsrc = randomSsrc();
  readonly #videoSsrcs: number[];
  #sender: SyntheticSender | undefined;
  #receiver: SyntheticReceiver | undefined;
  #closed = false;

  constructor(shared: Shared) {
    this.#shared = shared;
    this.#videoSsrcs = shared.clip.video.map(randomSsrc);
    const cname = crypto.randomUUID();
    this.audioParameters = audioRtpParameters(this.#audioSsrc, OPUS_PT, cname);
    this.videoParameters = videoRtpParameters(this.#videoSsrcs, VP8_PT, cname);
  }

  /** Starts the reports that tell the server's comedia transport where to send, and counting. */
  async receiveFrom(server: ServerTuple): Promise<void> {
    this.#receiver = await createReceiver({ server, srtpKeyBase64: this.receiveKey.keyBase64 });
    if (this.#closed) return this.#receiver.close();
    this.#shared.scheduler.add(this.#receiver);
  }

  /** Starts sending the clip: call once the producers exist. */
  async sendTo(server: ServerTuple): Promise<void> {
    this.#sender = await createSender({
      clip: this.#shared.clip,
      server,
      srtpKeyBase64: this.sendKey.keyBase64,
      audio: { ssrc: this.#audioSsrc, payloadType: OPUS_PT },
      video: { ssrcs: this.#videoSsrcs, payloadType: VP8_PT },
    });
    if (this.#closed) return this.#sender.close();
    this.#shared.scheduler.add(this.#sender);
  }

  /** What arrived so far, by SSRC. */
  received(): ReceiveSnapshot {
    return this.#receiver?.stats.snapshot() ?? new Map();
  }

  close(): void {
    this.#closed = true;
    for (const member of [this.#sender, this.#receiver]) {
      if (!member) continue;
      this.#shared.scheduler.remove(member);
      member.close();
    }
  }
}

export async function openPointMedia(): Promise<PointMedia> {
  return new PointMedia(await sharedMedia());
}

/** Makes (or reads) the clip, before the generator processes start, so that they only read its cache. */
export async function prepareClip(): Promise<Clip> {
  return (await sharedMedia()).clip;
}
