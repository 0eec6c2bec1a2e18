import { EventEmitter } from 'node:events';
import type {
  DtlsParameters,
  MediaKind,
  MediaSource,
  NotificationData,
  NotificationMethod,
  PeerInfo,
  RtpParameters,
} from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { parseScalabilityMode, type types } from 'mediasoup';
import { consumes, receives, spatialLayerFor } from './audience.js';
import { FloorQueue } from './floor-queue.js';
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
import { programmeOf, SpeakerHold, SPEAKER_HOLD_MS, type Programme } from './programme.js';
import { RoomError, withClientInput } from './room-error.js';
import { RoomPolicy } from './room-policy.js';
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

export interface RoomOptions {
  /** The host's decisions for the conference; kept by the caller across rebuilt rooms. */
  policy?: RoomPolicy;
  /** How long a point must stay the dominant speaker before it becomes the programme. */
  speakerHoldMs?: number;
}

const SOURCE_KIND: Record<MediaSource, MediaKind> = { mic: 'audio', camera: 'video', screen: 'video' };

/**
 * One live conference's media: a router on one worker, its peers, and the rule
 * of who consumes whom. Consumers are made here (the server pushes them) and
 * start paused until the receiving client has its side ready.
 *
 * A bridge point consumes the host and the programme only. When the programme
 * changes, the points' consumers of the former one are closed and new ones are
 * made for the next (rather than keeping every hall's media paused at every
 * hall): a point then holds a handful of consumers however many halls there
 * are, which is what keeps a 123-hall room within a worker's consumer budget.
 */
export class Room extends EventEmitter<RoomEvents> {
  readonly #router: types.Router;
  readonly #webRtcServer: types.WebRtcServer;
  readonly #speaker: types.ActiveSpeakerObserver;
  readonly #log: FastifyBaseLogger;
  readonly #peers = new Map<string, Peer>();
  readonly #policy: RoomPolicy;
  readonly #hold: SpeakerHold;
  readonly #floor = new FloorQueue();
  #programme: Programme = { peerId: null, reason: 'none' };
  #closed = false;

  private constructor(
    readonly conferenceId: string,
    readonly workerIndex: number,
    router: types.Router,
    webRtcServer: types.WebRtcServer,
    speaker: types.ActiveSpeakerObserver,
    log: FastifyBaseLogger,
    options: RoomOptions,
  ) {
    super();
    this.#router = router;
    this.#webRtcServer = webRtcServer;
    this.#speaker = speaker;
    this.#log = log;
    this.#policy = options.policy ?? new RoomPolicy();
    this.#hold = new SpeakerHold(options.speakerHoldMs ?? SPEAKER_HOLD_MS, () => this.#updateProgramme());
    speaker.on('dominantspeaker', ({ producer }) => this.#announceSpeaker(producer));
  }

  static async create(
    conferenceId: string,
    slot: WorkerSlot,
    log: FastifyBaseLogger,
    options: RoomOptions = {},
  ): Promise<Room> {
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { conferenceId } });
    try {
      const speaker = await router.createActiveSpeakerObserver({ interval: 300 });
      return new Room(conferenceId, slot.index, router, slot.webRtcServer, speaker, log, options);
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

  get policy(): RoomPolicy {
    return this.#policy;
  }

  get programme(): Programme {
    return this.#programme;
  }

  /** Refuses a point the host removed (FORBIDDEN) or, while locked, one new to the room (ROOM_LOCKED). */
  checkAdmission(identity: PeerIdentity): void {
    this.#policy.check(identity);
  }

  /** Adds a peer; the others who may receive it hear `peerJoined`. Returns the peers it may see. */
  join(
    identity: PeerIdentity,
    rtpCapabilities: types.RtpCapabilities,
    notify: Notify,
  ): { peer: Peer; peers: PeerInfo[] } {
    if (this.#closed) throw new RoomError('CONFLICT', 'the room is closing: join again');
    this.#policy.check(identity);
    if (this.peerByKey(identity.key)) throw new RoomError('CONFLICT', 'already in the room');
    const peer = new Peer(identity, rtpCapabilities, notify);
    const others = this.peers;
    this.#peers.set(peer.id, peer);
    this.#policy.admitted(identity);
    for (const other of others) {
      if (receives(other.role, peer.role)) other.notify('peerJoined', peer.info());
    }
    this.emit('peerJoined', peer);
    // A spotlighted point that comes back is the programme again.
    this.#updateProgramme();
    return { peer, peers: others.filter((o) => receives(peer.role, o.role)).map((o) => o.info()) };
  }

  /** What a peer that just joined is told of the room's state (after its join answer). */
  welcome(peer: Peer): void {
    if (peer.closed) return;
    peer.notify('programmeChanged', this.#programmeData());
    if (peer.role !== 'host') return;
    peer.notify('roomSettings', this.#settings());
    peer.notify('floorQueue', { entries: this.#floor.entries() });
    for (const point of this.peers) {
      const state = this.#pointState(point);
      if (state.micMutedByHost || state.cameraOffByHost) peer.notify('pointState', state);
    }
  }

  /** Removes a peer and closes its media; the others who saw it hear `peerLeft`. */
  leave(peer: Peer, reason: PeerCloseReason): void {
    if (this.#peers.get(peer.id) !== peer) return;
    this.#peers.delete(peer.id);
    peer.close(reason);
    for (const other of this.#peers.values()) {
      if (receives(other.role, peer.role)) other.notify('peerLeft', { peerId: peer.id });
    }
    if (this.#floor.remove(peer.id)) this.#notifyFloor();
    this.#hold.forget(peer.id);
    this.#updateProgramme();
    this.emit('peerLeft', peer);
  }

  // Host controls. Each target is a bridge point's peer in this room.

  /** The bridge point's peer with this id; NOT_FOUND for anyone else. */
  point(peerId: string): Peer {
    const peer = this.#peers.get(peerId);
    if (peer?.role !== 'point') throw new RoomError('NOT_FOUND', `no bridge point ${peerId} in the room`);
    return peer;
  }

  /**
   * Pauses (or resumes) a point's microphone or camera on the server, and keeps
   * it so for a producer it makes later. The point and the hosts are told.
   */
  async holdMedia(point: Peer, source: 'mic' | 'camera', held: boolean): Promise<void> {
    this.#policy.hold(point.identity.key, source, held);
    const producer = point.producerOf(source);
    if (producer && !producer.closed) await (held ? producer.pause() : producer.resume());
    point.notify(held ? 'mutedByHost' : 'unmutedByHost', { source });
    this.#notifyHosts('pointState', this.#pointState(point));
  }

  /** The point resumed what the host had paused (the room lets it): the hold is lifted. */
  releaseHold(point: Peer, source: 'mic' | 'camera'): void {
    this.#policy.hold(point.identity.key, source, false);
    this.#notifyHosts('pointState', this.#pointState(point));
  }

  /** Whether the host holds this peer's source paused. */
  isHeld(peer: Peer, source: MediaSource): boolean {
    return peer.role === 'point' && this.#policy.isHeld(peer.identity.key, source);
  }

  spotlight(point: Peer | null): void {
    this.#policy.spotlight = point?.identity.key ?? null;
    this.#updateProgramme();
  }

  /** Tells the point why, disconnects it and keeps it out of this conference until readmitted. */
  remove(point: Peer, reason: string): void {
    if (point.identity.pointId) this.#policy.remove(point.identity.pointId);
    if (this.#policy.spotlight === point.identity.key) this.#policy.spotlight = null;
    point.notify('removed', { reason });
    this.leave(point, 'removed');
  }

  setSettings(change: { locked?: boolean; pointsMayUnmute?: boolean }): void {
    if (change.locked !== undefined) this.#policy.locked = change.locked;
    if (change.pointsMayUnmute !== undefined) this.#policy.pointsMayUnmute = change.pointsMayUnmute;
    this.#notifyHosts('roomSettings', this.#settings());
  }

  raiseHand(point: Peer): void {
    const { pointId, displayName } = point.identity;
    if (!pointId) throw new RoomError('FORBIDDEN', 'only a bridge point raises its hand');
    const raised = this.#floor.raise({
      peerId: point.id,
      pointId,
      name: displayName,
      since: new Date().toISOString(),
    });
    if (raised) this.#notifyFloor();
  }

  lowerHand(point: Peer): void {
    if (this.#floor.remove(point.id)) this.#notifyFloor();
  }

  /** Gives a point the floor: unmuted if the host had muted it, spotlighted, off the queue. */
  async grantFloor(point: Peer): Promise<void> {
    if (this.isHeld(point, 'mic')) await this.holdMedia(point, 'mic', false);
    if (this.#floor.remove(point.id)) this.#notifyFloor();
    this.spotlight(point);
    point.notify('floorGranted', {});
  }

  dismissHand(point: Peer): void {
    if (!this.#floor.remove(point.id)) throw new RoomError('NOT_FOUND', 'that point has not raised its hand');
    this.#notifyFloor();
    point.notify('handDismissed', {});
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
      if (!consumes(peer, other, this.#programme.peerId)) continue;
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
    // A point the host muted stays muted in a producer it makes anew.
    const held = this.isHeld(peer, input.source);
    const producer = await withClientInput('rtpParameters', () =>
      transport.produce<ProducerData>({
        kind: input.kind,
        rtpParameters: input.rtpParameters as types.RtpParameters,
        paused: held || (input.paused ?? false),
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
      if (consumes(other, peer, this.#programme.peerId)) this.#push(other, peer, producer);
    }
    if (held) peer.notify('mutedByHost', { source: input.source });
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
    if (!transport || producer.closed || this.#consumesProducer(receiver, producer.id)) return;
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
    // The receiver left, the programme moved on, or a racing push got there first.
    if (
      receiver.closed ||
      !consumes(receiver, owner, this.#programme.peerId) ||
      this.#consumesProducer(receiver, producer.id)
    ) {
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

  #consumesProducer(receiver: Peer, producerId: string): boolean {
    return [...receiver.consumers.values()].some((c) => c.producerId === producerId);
  }

  #announceSpeaker(producer: types.Producer): void {
    const speaker = this.peers.find((p) => p.producers.has(producer.id));
    this.#notifyHosts('activeSpeaker', { peerId: speaker?.id ?? null });
    this.#hold.heard(speaker?.role === 'point' ? speaker.id : null);
  }

  /** Recomputes the programme; on a change, moves the points' consumers and tells everyone. */
  #updateProgramme(): void {
    if (this.#closed) return;
    const spotlit = this.#policy.spotlight ? this.peerByKey(this.#policy.spotlight) : undefined;
    const next = programmeOf(spotlit?.id ?? null, this.#hold.current);
    const before = this.#programme;
    if (next.peerId === before.peerId && next.reason === before.reason) return;
    this.#programme = next;
    if (next.peerId !== before.peerId) {
      const owner = next.peerId ? this.#peers.get(next.peerId) : undefined;
      for (const receiver of this.peers) {
        if (receiver.role === 'host') continue;
        for (const consumer of receiver.consumers.values()) {
          if (consumer.appData.peerId !== before.peerId) continue;
          consumer.close();
          receiver.notify('consumerClosed', { consumerId: consumer.id });
        }
        if (!owner || !consumes(receiver, owner, next.peerId)) continue;
        for (const producer of owner.producers.values()) this.#push(receiver, owner, producer);
      }
    }
    const data = this.#programmeData();
    for (const peer of this.peers) peer.notify('programmeChanged', data);
  }

  #programmeData(): NotificationData<'programmeChanged'> {
    const { peerId, reason } = this.#programme;
    const peer = peerId ? this.#peers.get(peerId) : undefined;
    return { peerId, reason, ...(peer ? { displayName: peer.identity.displayName } : {}) };
  }

  #settings(): NotificationData<'roomSettings'> {
    return { locked: this.#policy.locked, pointsMayUnmute: this.#policy.pointsMayUnmute };
  }

  #pointState(point: Peer): NotificationData<'pointState'> {
    return {
      peerId: point.id,
      micMutedByHost: this.isHeld(point, 'mic'),
      cameraOffByHost: this.isHeld(point, 'camera'),
    };
  }

  #notifyFloor(): void {
    this.#notifyHosts('floorQueue', { entries: this.#floor.entries() });
  }

  #notifyHosts<M extends NotificationMethod>(method: M, data: NotificationData<M>): void {
    for (const peer of this.#peers.values()) if (peer.role === 'host') peer.notify(method, data);
  }

  /** Closes the router and every peer; idempotent. */
  close(reason: RoomCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#hold.close();
    const peers = this.peers;
    this.#peers.clear();
    for (const peer of peers) peer.close(reason === 'idle' ? 'shutdown' : reason);
    this.#router.close();
    this.emit('closed', reason);
  }
}
