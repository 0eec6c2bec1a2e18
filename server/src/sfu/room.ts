import { EventEmitter } from 'node:events';
import type { DtlsParameters, MediaKind, MediaSource, PeerInfo, RtpParameters } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { parseScalabilityMode, type types } from 'mediasoup';
import { receives, spatialLayerFor } from './audience.js';
import { MEDIA_CODECS } from './media-codecs.js';
import {
  Peer,
  type ConsumerData,
  type Direction,
  type Notify,
  type PeerCloseReason,
  type PeerIdentity,
  type ProducerData,
  type TransportData,
} from './peer.js';
import { RoomError, withClientInput } from './room-error.js';
import type { WorkerSlot } from './worker-pool.js';

export type RoomCloseReason =
  Extract<PeerCloseReason, 'workerDied' | 'conferenceEnded' | 'shutdown'> | 'idle';

export interface RoomEvents {
  peerJoined: [peer: Peer];
  peerLeft: [peer: Peer];
  closed: [reason: RoomCloseReason];
}

export interface ProduceInput {
  transportId: string;
  kind: MediaKind;
  rtpParameters: RtpParameters;
  source: MediaSource;
  paused?: boolean;
}

const SOURCE_KIND: Record<MediaSource, MediaKind> = { mic: 'audio', camera: 'video', screen: 'video' };

/**
 * One live conference's media: a router on one worker, its peers, and the rule
 * of who consumes whom. Consumers are made here (the server pushes them) and
 * start paused until the receiving client has its side ready.
 */
export class Room extends EventEmitter<RoomEvents> {
  readonly #router: types.Router;
  readonly #webRtcServer: types.WebRtcServer;
  readonly #speaker: types.ActiveSpeakerObserver;
  readonly #log: FastifyBaseLogger;
  readonly #peers = new Map<string, Peer>();
  #closed = false;

  private constructor(
    readonly conferenceId: string,
    readonly workerIndex: number,
    router: types.Router,
    webRtcServer: types.WebRtcServer,
    speaker: types.ActiveSpeakerObserver,
    log: FastifyBaseLogger,
  ) {
    super();
    this.#router = router;
    this.#webRtcServer = webRtcServer;
    this.#speaker = speaker;
    this.#log = log;
    speaker.on('dominantspeaker', ({ producer }) => this.#announceSpeaker(producer));
  }

  static async create(conferenceId: string, slot: WorkerSlot, log: FastifyBaseLogger): Promise<Room> {
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { conferenceId } });
    try {
      const speaker = await router.createActiveSpeakerObserver({ interval: 300 });
      return new Room(conferenceId, slot.index, router, slot.webRtcServer, speaker, log);
    } catch (error) {
      router.close();
      throw error;
    }
  }

  get rtpCapabilities(): types.RtpCapabilities {
    return this.#router.rtpCapabilities;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get peerCount(): number {
    return this.#peers.size;
  }

  get peers(): Peer[] {
    return [...this.#peers.values()];
  }

  /** The peer that speaks for the same point or account, if one is in the room. */
  peerByKey(key: string): Peer | undefined {
    return this.peers.find((p) => p.identity.key === key);
  }

  /** Adds a peer; the others who may receive it hear `peerJoined`. Returns the peers it may see. */
  join(
    identity: PeerIdentity,
    rtpCapabilities: types.RtpCapabilities,
    notify: Notify,
  ): { peer: Peer; peers: PeerInfo[] } {
    if (this.#closed) throw new RoomError('CONFLICT', 'the room is closing: join again');
    if (this.peerByKey(identity.key)) throw new RoomError('CONFLICT', 'already in the room');
    const peer = new Peer(identity, rtpCapabilities, notify);
    const others = this.peers;
    this.#peers.set(peer.id, peer);
    for (const other of others) {
      if (receives(other.role, peer.role)) other.notify('peerJoined', peer.info());
    }
    this.emit('peerJoined', peer);
    return { peer, peers: others.filter((o) => receives(peer.role, o.role)).map((o) => o.info()) };
  }

  /** Removes a peer and closes its media; the others who saw it hear `peerLeft`. */
  leave(peer: Peer, reason: PeerCloseReason): void {
    if (this.#peers.get(peer.id) !== peer) return;
    this.#peers.delete(peer.id);
    peer.close(reason);
    for (const other of this.#peers.values()) {
      if (receives(other.role, peer.role)) other.notify('peerLeft', { peerId: peer.id });
    }
    this.emit('peerLeft', peer);
  }

  async createTransport(peer: Peer, direction: Direction): Promise<types.WebRtcTransport<TransportData>> {
    // One of each per peer: a client that lost connectivity restarts ICE instead.
    if (peer.transportOf(direction))
      throw new RoomError('CONFLICT', `a ${direction} transport exists already`);
    const transport = await this.#router.createWebRtcTransport<TransportData>({
      webRtcServer: this.#webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { direction, connected: false },
    });
    if (peer.closed || peer.transportOf(direction)) {
      transport.close();
      throw new RoomError(peer.closed ? 'NOT_IN_ROOM' : 'CONFLICT', 'the transport is no longer wanted');
    }
    peer.addTransport(transport);
    return transport;
  }

  /** Consumes, for a peer's new receive transport, everything it may receive that exists already. */
  consumeExisting(peer: Peer): void {
    for (const other of this.peers) {
      if (other === peer || !receives(peer.role, other.role)) continue;
      for (const producer of other.producers.values()) this.#push(peer, other, producer);
    }
  }

  async connectTransport(peer: Peer, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    const transport = peer.transport(transportId);
    if (transport.appData.connected) throw new RoomError('CONFLICT', 'the transport is connected already');
    transport.appData.connected = true;
    try {
      await withClientInput('dtlsParameters', () =>
        transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }),
      );
    } catch (error) {
      transport.appData.connected = false;
      throw error;
    }
  }

  async produce(peer: Peer, input: ProduceInput): Promise<types.Producer<ProducerData>> {
    const transport = peer.transport(input.transportId);
    if (transport.appData.direction !== 'send')
      throw new RoomError('VALIDATION_FAILED', 'not a send transport');
    if (SOURCE_KIND[input.source] !== input.kind) {
      throw new RoomError(
        'VALIDATION_FAILED',
        `a ${input.source} producer carries ${SOURCE_KIND[input.source]}`,
      );
    }
    if ([...peer.producers.values()].some((p) => p.appData.source === input.source)) {
      throw new RoomError('CONFLICT', `a ${input.source} producer exists already`);
    }
    const producer = await withClientInput('rtpParameters', () =>
      transport.produce<ProducerData>({
        kind: input.kind,
        rtpParameters: input.rtpParameters as types.RtpParameters,
        paused: input.paused ?? false,
        appData: { source: input.source },
      }),
    );
    if (peer.closed) {
      producer.close();
      throw new RoomError('NOT_IN_ROOM', 'left the room');
    }
    peer.addProducer(producer);
    if (producer.kind === 'audio') {
      this.#speaker.addProducer({ producerId: producer.id }).catch((error: unknown) => {
        this.#log.warn({ err: error, producerId: producer.id }, 'cannot observe audio producer for speaker');
      });
    }
    for (const other of this.peers) {
      if (other !== peer && receives(other.role, peer.role)) this.#push(other, peer, producer);
    }
    return producer;
  }

  async setConsumerView(peer: Peer, consumerId: string, view: 'thumbnail' | 'large'): Promise<void> {
    const consumer = peer.consumer(consumerId);
    if (consumer.type !== 'simulcast') return;
    const mode = consumer.rtpParameters.encodings?.[0]?.scalabilityMode;
    const { spatialLayers } = parseScalabilityMode(mode);
    await consumer.setPreferredLayers({ spatialLayer: spatialLayerFor(view, spatialLayers) });
  }

  /** Starts `#consume` in the background: a failure there is logged, never left unhandled. */
  #push(receiver: Peer, owner: Peer, producer: types.Producer<ProducerData>): void {
    this.#consume(receiver, owner, producer).catch((error: unknown) =>
      this.#log.error({ err: error, peer: receiver.id, producer: producer.id }, 'cannot push a consumer'),
    );
  }

  /** Makes a paused consumer of `producer` for `receiver` and pushes it as `newConsumer`. */
  async #consume(receiver: Peer, owner: Peer, producer: types.Producer<ProducerData>): Promise<void> {
    const transport = receiver.transportOf('recv');
    if (!transport || producer.closed) return;
    if (!this.#router.canConsume({ producerId: producer.id, rtpCapabilities: receiver.rtpCapabilities })) {
      this.#log.debug({ peer: receiver.id, producer: producer.id }, 'peer cannot consume producer');
      return;
    }
    let consumer: types.Consumer<ConsumerData>;
    try {
      consumer = await transport.consume<ConsumerData>({
        producerId: producer.id,
        rtpCapabilities: receiver.rtpCapabilities,
        paused: true,
        enableRtx: true,
        ignoreDtx: true,
        appData: { peerId: owner.id, source: producer.appData.source, clientPaused: true },
      });
    } catch (error) {
      // The producer or the transport went away meanwhile: nothing to tell anyone.
      if (!producer.closed && !transport.closed) {
        this.#log.warn({ err: error, peer: receiver.id, producer: producer.id }, 'cannot create consumer');
      }
      return;
    }
    if (receiver.closed) {
      consumer.close();
      return;
    }
    receiver.addConsumer(consumer);
    const id = consumer.id;
    consumer.on('producerclose', () => receiver.notify('consumerClosed', { consumerId: id }));
    consumer.on('producerpause', () => receiver.notify('consumerPaused', { consumerId: id }));
    consumer.on('producerresume', () => receiver.notify('consumerResumed', { consumerId: id }));
    receiver.notify('newConsumer', {
      id,
      producerId: producer.id,
      peerId: owner.id,
      kind: consumer.kind,
      source: producer.appData.source,
      rtpParameters: consumer.rtpParameters as RtpParameters,
      type: consumer.type,
      producerPaused: consumer.producerPaused,
    });
  }

  #announceSpeaker(producer: types.Producer): void {
    const speaker = this.peers.find((p) => p.producers.has(producer.id));
    for (const peer of this.#peers.values()) {
      if (peer.role === 'host') peer.notify('activeSpeaker', { peerId: speaker?.id ?? null });
    }
  }

  /** Closes the router and every peer; idempotent. */
  close(reason: RoomCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    const peers = this.peers;
    this.#peers.clear();
    for (const peer of peers) peer.close(reason === 'idle' ? 'shutdown' : reason);
    this.#router.close();
    this.emit('closed', reason);
  }
}
