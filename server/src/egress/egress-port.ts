import type { EgressStream } from '@diemcau/protocol';
import type { types } from 'mediasoup';
import type { ProducerData } from '../sfu/peer.js';

/** Where a media-worker listens for one stream: RTP on `port`, RTCP on `port + 1`. */
export interface EgressTarget {
  host: string;
  port: number;
}

/** What ffmpeg on the media-worker reads: Opus, VP8, H.264 (the routers' other codec, VP9, is not recorded). */
const EGRESS_MIME_TYPES = new Set(['audio/opus', 'video/vp8', 'video/h264']);

export interface EgressPortOptions {
  /** The stream id the job and its `listening` report use (`mic`, `camera`, `video`, `audio-0`...). */
  id: string;
  /** Local address of the PlainTransport; it sends to the media-worker from there. */
  listenIp: string;
  /** Restricts the codecs this port carries, e.g. `['video/VP8']` for a slot whose SDP is fixed. */
  mimeTypes?: readonly string[];
}

/**
 * One RTP stream from the SFU to a media-worker port: a PlainTransport
 * (comedia off, RTCP on its own port as ffmpeg expects) and at most one
 * consumer, which can be swapped for another producer's without touching the
 * transport (the programme slot). A PlainTransport connects once, so a job
 * taken up again on new ports gets a new transport and consumer (`connect`).
 */
export class EgressPort {
  readonly id: string;
  readonly #router: types.Router;
  readonly #options: EgressPortOptions;
  #transport: types.PlainTransport;
  #consumer: types.Consumer | undefined;
  #producerId: string | undefined;
  #target: EgressTarget | undefined;
  #closed = false;

  private constructor(router: types.Router, transport: types.PlainTransport, options: EgressPortOptions) {
    this.id = options.id;
    this.#router = router;
    this.#transport = transport;
    this.#options = options;
  }

  static async create(router: types.Router, options: EgressPortOptions): Promise<EgressPort> {
    return new EgressPort(router, await EgressPort.#newTransport(router, options.listenIp), options);
  }

  static #newTransport(router: types.Router, ip: string): Promise<types.PlainTransport> {
    return router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip },
      rtcpMux: false,
      comedia: false,
    });
  }

  get producerId(): string | undefined {
    return this.#producerId;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Whether this port can carry the producer (its codec is one ffmpeg reads here). */
  canCarry(producer: types.Producer<ProducerData>): boolean {
    return this.#router.canConsume({ producerId: producer.id, rtpCapabilities: this.#capabilities() });
  }

  /**
   * Feeds the port from `producer` (replacing the previous one), paused until
   * the port is connected. Returns the stream as the job describes it.
   */
  async attach(producer: types.Producer<ProducerData>): Promise<EgressStream> {
    this.#consumer?.close();
    this.#consumer = undefined;
    this.#producerId = producer.id;
    const consumer = await this.#consume(producer.id);
    return streamOf(this.id, consumer);
  }

  /** Stops feeding the port; the transport stays for the next producer. */
  detach(): void {
    this.#consumer?.close();
    this.#consumer = undefined;
    this.#producerId = undefined;
  }

  /** Sends to the media-worker's port; a second call (a new listener) rebuilds the transport first. */
  async connect(target: EgressTarget): Promise<void> {
    if (this.#target) {
      this.#consumer?.close();
      this.#consumer = undefined;
      this.#transport.close();
      this.#transport = await EgressPort.#newTransport(this.#router, this.#options.listenIp);
      if (this.#producerId) await this.#consume(this.#producerId).catch(() => undefined);
    }
    this.#target = target;
    await this.#transport.connect({ ip: target.host, port: target.port, rtcpPort: target.port + 1 });
    await this.#consumer?.resume();
    await this.requestKeyFrame();
  }

  /** Video only; copy segments and a switched slot start on a key frame. */
  async requestKeyFrame(): Promise<void> {
    const consumer = this.#consumer;
    if (consumer?.kind === 'video' && !consumer.closed)
      await consumer.requestKeyFrame().catch(() => undefined);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#transport.close();
  }

  async #consume(producerId: string): Promise<types.Consumer> {
    const consumer = await this.#transport.consume({
      producerId,
      rtpCapabilities: this.#capabilities(),
      paused: this.#target === undefined,
    });
    if (this.#producerId !== producerId || this.#closed) {
      consumer.close();
      return consumer;
    }
    this.#consumer = consumer;
    if (this.#target) await this.requestKeyFrame();
    return consumer;
  }

  /** The router's codecs ffmpeg reads, without RTX: the media-worker sends no NACKs. */
  #capabilities(): types.RtpCapabilities {
    const allowed = this.#options.mimeTypes?.map((m) => m.toLowerCase());
    const codecs = (this.#router.rtpCapabilities.codecs ?? []).filter((codec) => {
      const mime = codec.mimeType.toLowerCase();
      return EGRESS_MIME_TYPES.has(mime) && (allowed === undefined || allowed.includes(mime));
    });
    return { codecs, headerExtensions: [] };
  }
}

/** A consumer's RTP parameters reduced to what the media-worker's SDP needs. */
export function streamOf(id: string, consumer: types.Consumer): EgressStream {
  const codec = consumer.rtpParameters.codecs[0];
  if (!codec) throw new Error(`consumer ${consumer.id} has no codec`);
  const mimeType = codec.mimeType.toLowerCase();
  const known = { 'audio/opus': 'audio/opus', 'video/vp8': 'video/VP8', 'video/h264': 'video/H264' } as const;
  const canonical = known[mimeType as keyof typeof known];
  if (!canonical) throw new Error(`codec ${codec.mimeType} cannot be sent to a media-worker`);
  const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
  const parameters = Object.fromEntries(
    Object.entries(codec.parameters ?? {}).filter(
      (entry): entry is [string, string | number] =>
        typeof entry[1] === 'string' || typeof entry[1] === 'number',
    ),
  );
  return {
    id,
    kind: consumer.kind,
    mimeType: canonical,
    payloadType: codec.payloadType,
    clockRate: codec.clockRate,
    ...(codec.channels === undefined ? {} : { channels: codec.channels }),
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    ...(ssrc === undefined ? {} : { ssrc }),
  };
}
