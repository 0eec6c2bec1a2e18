import { Device, type types } from 'mediasoup-client';
import { meterAudio, meterVideo, type Meter, type ReceivedMedia } from './node-peer/meters.js';
import type {
  ConsumerInfo,
  PeerNotifications,
  PeerRequests,
  SignallingPort,
  TransportInfo,
} from './node-peer/signalling.js';
import {
  syntheticAudio,
  syntheticVideo,
  type SyntheticAudioOptions,
  type SyntheticSource,
  type SyntheticVideoOptions,
} from './node-peer/synthetic.js';
import { asClientTrack, asWrtcTrack, wrtcHandlerFactory } from './node-peer/wrtc.js';

export type {
  SignallingPort,
  PeerRequests,
  PeerNotifications,
  TransportInfo,
  ConsumerInfo,
} from './node-peer/signalling.js';
export type { ReceivedMedia } from './node-peer/meters.js';

/*
 * A WebRTC peer in Node for tests and load generation: mediasoup-client over
 * @roamhq/wrtc, so ICE, DTLS, SRTP, VP8/Opus encoding and decoding are the
 * real libwebrtc ones; only the camera and microphone are synthetic.
 */

export interface VideoOptions extends SyntheticVideoOptions {
  /** Three rid layers (1/4, 1/2, full size). libwebrtc sends all three only from 960x540 up. */
  simulcast: boolean;
}

/** 960x540 is the smallest size at which libwebrtc M106 sends three simulcast layers. */
export const DEFAULT_VIDEO: VideoOptions = { width: 960, height: 540, fps: 15, noise: 0.1, simulcast: true };
export const DEFAULT_AUDIO: SyntheticAudioOptions = { frequency: 440, amplitude: 8_000 };

const SIMULCAST_ENCODINGS: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

export interface InboundStats {
  kind: string;
  ssrc: number;
  packetsReceived: number;
  packetsLost: number;
  /** Seconds. */
  jitter: number;
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
}

export interface OutboundStats {
  kind: string;
  ssrc: number;
  rid: string | undefined;
  bytesSent: number;
  framesEncoded: number;
  frameWidth: number;
  frameHeight: number;
}

export interface PeerStats {
  inbound: InboundStats[];
  outbound: OutboundStats[];
}

interface Received {
  consumer: types.Consumer;
  meter: Meter;
}

type StatsEntry = Record<string, unknown>;

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

async function statsEntries(transport: types.Transport | undefined): Promise<StatsEntry[]> {
  if (!transport || transport.closed) return [];
  const report = (await transport.getStats()) as { values(): Iterable<StatsEntry> };
  return [...report.values()];
}

export class NodePeer {
  readonly name: string;
  /** performance.now() when join() started: the origin for join-time measurements. */
  readonly startedAt: number;
  /** What the server answered to `join`. */
  joined: unknown;
  /** Every notification the server sent, in order. */
  readonly notifications: { method: string; data: unknown }[] = [];
  /** Failures while handling a notification (they cannot be thrown to anyone). */
  readonly errors: Error[] = [];

  readonly #port: SignallingPort;
  readonly #device: Device;
  #sendTransport: Promise<types.Transport> | undefined;
  #recvTransport: Promise<types.Transport> | undefined;
  readonly #sources: SyntheticSource[] = [];
  readonly #producers = new Map<string, types.Producer>();
  readonly #received = new Map<string, Received>();
  #closed = false;

  private constructor(name: string, port: SignallingPort, device: Device, startedAt: number) {
    this.name = name;
    this.#port = port;
    this.#device = device;
    this.startedAt = startedAt;
    port.onNotification((method, data) => this.#onNotification(method, data));
  }

  /**
   * Loads the router's capabilities, joins, then creates the receive transport
   * (the room makes transports for joined peers only, and pushes what exists
   * once the receive transport is there). The send transport is created on
   * the first produce.
   */
  static async join(port: SignallingPort, name = 'peer'): Promise<NodePeer> {
    const startedAt = performance.now();
    const device = new Device({ handlerFactory: wrtcHandlerFactory() });
    const routerRtpCapabilities = await port.request('getRouterRtpCapabilities', {});
    await device.load({ routerRtpCapabilities });
    const peer = new NodePeer(name, port, device, startedAt);
    try {
      peer.joined = await port.request('join', {
        rtpCapabilities: device.rtpCapabilities,
        displayName: name,
      });
      await peer.#recv();
    } catch (error) {
      await peer.close();
      throw error;
    }
    return peer;
  }

  /** Starts the synthetic camera and produces it; returns the server's producer id. */
  async produceVideo(options: Partial<VideoOptions> = {}): Promise<string> {
    const { simulcast, ...size } = { ...DEFAULT_VIDEO, ...options };
    const source = this.#own(syntheticVideo(size));
    const producer = await (
      await this.#send()
    ).produce({
      track: asClientTrack(source.track),
      encodings: simulcast ? SIMULCAST_ENCODINGS.map((e) => ({ ...e })) : undefined,
      codecOptions: { videoGoogleStartBitrate: 1000 },
      appData: { source: 'camera' },
    });
    this.#producers.set(producer.id, producer);
    return producer.id;
  }

  /** Starts the synthetic microphone (a sine tone) and produces it; returns the server's producer id. */
  async produceAudio(options: Partial<SyntheticAudioOptions> = {}): Promise<string> {
    const source = this.#own(syntheticAudio({ ...DEFAULT_AUDIO, ...options }));
    const producer = await (
      await this.#send()
    ).produce({ track: asClientTrack(source.track), appData: { source: 'mic' } });
    this.#producers.set(producer.id, producer);
    return producer.id;
  }

  /** Asks the server to consume a remote producer for this peer; returns the consumer id. */
  async consume(producerId: string): Promise<string> {
    const transport = await this.#recv();
    const info = await this.#port.request('consume', {
      transportId: transport.id,
      producerId,
      rtpCapabilities: this.#device.rtpCapabilities,
    });
    return this.#accept(info);
  }

  /** Whether a consumer of `producerId` exists (asked for or pushed by the server). */
  receives(producerId: string): boolean {
    return this.#received.has(producerId);
  }

  /** A snapshot of what has been decoded from `producerId`. */
  received(producerId: string): ReceivedMedia {
    const entry = this.#received.get(producerId);
    if (!entry) throw new Error(`${this.name} does not consume producer ${producerId}`);
    return { ...entry.meter.received };
  }

  /** libwebrtc's own counters for both transports (the mediasoup probator stream left out). */
  async stats(): Promise<PeerStats> {
    const [send, recv] = await Promise.all([this.#sendTransport, this.#recvTransport]);
    const entries = [...(await statsEntries(send)), ...(await statsEntries(recv))];
    return {
      inbound: entries
        .filter((s) => s.type === 'inbound-rtp' && s.mid !== 'probator')
        .map((s) => ({
          kind: String(s.kind),
          ssrc: num(s.ssrc),
          packetsReceived: num(s.packetsReceived),
          packetsLost: num(s.packetsLost),
          jitter: num(s.jitter),
          framesDecoded: num(s.framesDecoded),
          frameWidth: num(s.frameWidth),
          frameHeight: num(s.frameHeight),
        })),
      outbound: entries
        .filter((s) => s.type === 'outbound-rtp')
        .map((s) => ({
          kind: String(s.kind),
          ssrc: num(s.ssrc),
          rid: typeof s.rid === 'string' ? s.rid : undefined,
          bytesSent: num(s.bytesSent),
          framesEncoded: num(s.framesEncoded),
          frameWidth: num(s.frameWidth),
          frameHeight: num(s.frameHeight),
        })),
    };
  }

  /**
   * Restarts ICE on each transport, as a client does after a network change: the
   * server gives new ICE parameters and libwebrtc starts a new ICE session on them.
   */
  async restartIce(): Promise<void> {
    const transports = await Promise.all([this.#sendTransport, this.#recvTransport]);
    for (const transport of transports) {
      if (!transport || transport.closed) continue;
      const { iceParameters } = await this.#port.request('restartIce', { transportId: transport.id });
      await transport.restartIce({ iceParameters });
    }
  }

  /** Stops sources and sinks and closes producers, consumers and transports. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const { consumer, meter } of this.#received.values()) {
      meter.stop();
      consumer.close();
    }
    for (const producer of this.#producers.values()) producer.close();
    for (const source of this.#sources) source.stop();
    const transports = await Promise.allSettled([this.#sendTransport, this.#recvTransport]);
    for (const t of transports) if (t.status === 'fulfilled') t.value?.close();
  }

  #own(source: SyntheticSource): SyntheticSource {
    this.#sources.push(source);
    return source;
  }

  /** Creates the local consumer, meters what it decodes, then lets the server resume it. */
  async #accept(info: ConsumerInfo): Promise<string> {
    const consumer = await (await this.#recv()).consume(info);
    const track = asWrtcTrack(consumer.track);
    const meter = consumer.kind === 'video' ? meterVideo(track) : meterAudio(track);
    this.#received.set(info.producerId, { consumer, meter });
    await this.#port.request('resumeConsumer', { consumerId: consumer.id });
    return consumer.id;
  }

  #onNotification(method: string, data: unknown): void {
    this.notifications.push({ method, data });
    if (this.#closed) return;
    if (method === 'newConsumer') {
      this.#accept(data as PeerNotifications['newConsumer']).catch((error: unknown) =>
        this.errors.push(error instanceof Error ? error : new Error(String(error))),
      );
    } else if (method === 'consumerClosed') {
      const { consumerId } = data as PeerNotifications['consumerClosed'];
      for (const { consumer, meter } of this.#received.values()) {
        if (consumer.id !== consumerId) continue;
        meter.stop();
        consumer.close();
      }
    }
  }

  #send(): Promise<types.Transport> {
    this.#sendTransport ??= this.#createTransport('send');
    return this.#sendTransport;
  }

  #recv(): Promise<types.Transport> {
    this.#recvTransport ??= this.#createTransport('recv');
    return this.#recvTransport;
  }

  async #createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
    if (this.#closed) throw new Error(`${this.name} is closed`);
    const info: TransportInfo = await this.#port.request('createWebRtcTransport', { direction });
    const transport =
      direction === 'send' ? this.#device.createSendTransport(info) : this.#device.createRecvTransport(info);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.#port
        .request('connectWebRtcTransport', { transportId: transport.id, dtlsParameters })
        .then(() => callback(), errback);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const { source } = appData as PeerRequests['produce'][0]['appData']; // set by produceVideo/produceAudio
        this.#port
          .request('produce', { transportId: transport.id, kind, rtpParameters, appData: { source } })
          .then(callback, errback);
      });
    }
    return transport;
  }
}
