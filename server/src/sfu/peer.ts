import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import type {
  MediaSource,
  NotificationData,
  NotificationMethod,
  PeerInfo,
  PeerRole,
  ProducerInfo,
} from '@diemcau/protocol';
import { types } from 'mediasoup';
import { RoomError } from './room-error.js';

/** Who a peer speaks for, as the signalling handshake established it. */
export interface PeerIdentity {
  role: PeerRole;
  /** `point:<id>` or `account:<id>`: a newer peer with the same key takes over the older one. */
  key: string;
  pointId?: string;
  displayName: string;
}

/** Why a peer left its room: the signalling layer tells its client accordingly. */
export type PeerCloseReason =
  'left' | 'disconnected' | 'replaced' | 'removed' | 'workerDied' | 'conferenceEnded' | 'shutdown';

export interface PeerEvents {
  closed: [reason: PeerCloseReason];
}

export type Notify = <M extends NotificationMethod>(method: M, data: NotificationData<M>) => void;

export type Direction = 'send' | 'recv';
export interface TransportData extends types.AppData {
  direction: Direction;
  connected: boolean;
}

/** A browser's WebRTC transport, or a plain SRTP one of an encoder that cannot do WebRTC. */
export type PeerTransport = types.WebRtcTransport<TransportData> | types.PlainTransport<TransportData>;

/** Whether a peer's transport is a plain one (mediasoup 3.14's transports do not tell their kind). */
export function isPlain(transport: PeerTransport): transport is types.PlainTransport<TransportData> {
  return transport instanceof types.PlainTransport;
}

export interface ProducerData extends types.AppData {
  source: MediaSource;
}
export interface ConsumerData extends types.AppData {
  /** The peer whose producer this consumes. */
  peerId: string;
  source: MediaSource;
  /** What the client asked for: consumers start paused until it says `resumeConsumer`. */
  clientPaused: boolean;
}

/** One participant of a room: its transports, producers and consumers, closed together. */
export class Peer extends EventEmitter<PeerEvents> {
  readonly id = crypto.randomUUID();
  readonly #transports = new Map<string, PeerTransport>();
  readonly #producers = new Map<string, types.Producer<ProducerData>>();
  readonly #consumers = new Map<string, types.Consumer<ConsumerData>>();
  /** For a host, the peers on its visible grid page (none until it says); null: every peer. */
  #gridPage: Set<string> | null;
  #closed = false;
  #grace: NodeJS.Timeout | undefined;

  constructor(
    readonly identity: PeerIdentity,
    readonly rtpCapabilities: types.RtpCapabilities,
    readonly notify: Notify,
  ) {
    super();
    this.#gridPage = identity.role === 'host' ? new Set() : null;
  }

  get role(): PeerRole {
    return this.identity.role;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Whether its signalling dropped and it waits, within the grace period, for its client to come back. */
  get suspended(): boolean {
    return this.#grace !== undefined;
  }

  /** Calls `expire` after `ms` unless the peer closes first (replaced by its returning client, or ended). */
  suspend(ms: number, expire: () => void): void {
    this.#grace ??= setTimeout(expire, ms);
  }

  get transports(): ReadonlyMap<string, PeerTransport> {
    return this.#transports;
  }

  get producers(): ReadonlyMap<string, types.Producer<ProducerData>> {
    return this.#producers;
  }

  get consumers(): ReadonlyMap<string, types.Consumer<ConsumerData>> {
    return this.#consumers;
  }

  info(): PeerInfo {
    return {
      id: this.id,
      role: this.role,
      ...(this.identity.pointId ? { pointId: this.identity.pointId } : {}),
      displayName: this.identity.displayName,
      ...(this.suspended ? { reconnecting: true } : {}),
      producers: [...this.#producers.values()].map((p): ProducerInfo => ({
        id: p.id,
        kind: p.kind,
        source: p.appData.source,
        paused: p.paused,
      })),
    };
  }

  /** The peer's first transport of a direction, of either kind (its only receive transport). */
  transportOf(direction: Direction): PeerTransport | undefined {
    return [...this.#transports.values()].find((t) => t.appData.direction === direction);
  }

  /** The peer's WebRTC transport of a direction: a browser has one of each. */
  webRtcTransportOf(direction: Direction): types.WebRtcTransport<TransportData> | undefined {
    return [...this.#transports.values()].find(
      (t): t is types.WebRtcTransport<TransportData> => !isPlain(t) && t.appData.direction === direction,
    );
  }

  /** How many plain transports of a direction the peer has. */
  plainCount(direction: Direction): number {
    return [...this.#transports.values()].filter((t) => isPlain(t) && t.appData.direction === direction)
      .length;
  }

  transport(id: string): PeerTransport {
    const transport = this.#transports.get(id);
    if (!transport) throw new RoomError('NOT_FOUND', `no transport ${id}`);
    return transport;
  }

  /** A WebRTC transport of the peer; a plain one is refused: it has no ICE nor DTLS. */
  webRtcTransport(id: string): types.WebRtcTransport<TransportData> {
    const transport = this.transport(id);
    if (isPlain(transport))
      throw new RoomError(
        'VALIDATION_FAILED',
        `transport ${id} is a plain transport: it has no ICE nor DTLS`,
      );
    return transport;
  }

  /** A plain transport of the peer; a WebRTC one is refused (it connects with DTLS). */
  plainTransport(id: string): types.PlainTransport<TransportData> {
    const transport = this.transport(id);
    if (!isPlain(transport))
      throw new RoomError('VALIDATION_FAILED', `transport ${id} is a WebRTC transport, not a plain one`);
    return transport;
  }

  /** The peer's producer of a source, if it has one. */
  producerOf(source: MediaSource): types.Producer<ProducerData> | undefined {
    return [...this.#producers.values()].find((p) => p.appData.source === source);
  }

  producer(id: string): types.Producer<ProducerData> {
    const producer = this.#producers.get(id);
    if (!producer) throw new RoomError('NOT_FOUND', `no producer ${id}`);
    return producer;
  }

  consumer(id: string): types.Consumer<ConsumerData> {
    const consumer = this.#consumers.get(id);
    if (!consumer) throw new RoomError('NOT_FOUND', `no consumer ${id}`);
    return consumer;
  }

  /** Whether the consumer should carry media: the client wants it and, for video, its tile shows. */
  wantsMedia(consumer: types.Consumer<ConsumerData>): boolean {
    const { clientPaused, peerId } = consumer.appData;
    return (
      !clientPaused && (consumer.kind === 'audio' || this.#gridPage === null || this.#gridPage.has(peerId))
    );
  }

  /** Pauses or resumes a consumer to match `wantsMedia`. */
  async applyConsumerState(consumer: types.Consumer<ConsumerData>): Promise<void> {
    const wanted = this.wantsMedia(consumer);
    if (wanted && consumer.paused) await consumer.resume();
    else if (!wanted && !consumer.paused) await consumer.pause();
  }

  async setClientPaused(consumerId: string, paused: boolean): Promise<void> {
    const consumer = this.consumer(consumerId);
    consumer.appData.clientPaused = paused;
    await this.applyConsumerState(consumer);
  }

  /** Shows the given peers' video on the grid page and pauses every other video consumer. */
  async setGridPage(peerIds: readonly string[]): Promise<void> {
    this.#gridPage = new Set(peerIds);
    await Promise.all([...this.#consumers.values()].map((c) => this.applyConsumerState(c)));
  }

  addTransport(transport: PeerTransport): void {
    this.#transports.set(transport.id, transport);
    const observer: types.TransportObserver = transport.observer;
    observer.once('close', () => this.#transports.delete(transport.id));
  }

  addProducer(producer: types.Producer<ProducerData>): void {
    this.#producers.set(producer.id, producer);
    producer.observer.once('close', () => this.#producers.delete(producer.id));
  }

  addConsumer(consumer: types.Consumer<ConsumerData>): void {
    this.#consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.#consumers.delete(consumer.id));
  }

  /** Closes every transport (and with them producers and consumers); idempotent. */
  close(reason: PeerCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#grace);
    for (const transport of this.#transports.values()) transport.close();
    this.emit('closed', reason);
  }
}
