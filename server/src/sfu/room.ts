// One live conference's room: its members, their transports and producers, its typed events
// and its close; routers, speaker, moderation and distribution are its parts.
import { EventEmitter } from 'node:events';
import type { BroadcastStatus, DtlsParameters, PeerInfo, SrtpParameters } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import { notifyHosts, receives } from './audience.js';
import {
  Peer,
  type Direction,
  type Notify,
  type PeerCloseReason,
  isPlain,
  type PeerIdentity,
  type PeerTransport,
  type ProducerData,
  type TransportData,
} from './peer.js';
import { checkNewProducer, checkNewTransport, connectOnce, type ProduceInput } from './peer-media.js';
import { programmeOf, type Programme } from './programme.js';
import { RoomDistribution } from './room-distribution.js';
import { RoomError, withClientInput } from './room-error.js';
import { RoomModeration, type PolicyView } from './room-moderation.js';
import { RoomPolicy } from './room-policy.js';
import { RoomRouters, type RoomRouter, type RoomRoutersOptions } from './room-routers.js';
import { RoomSpeaker } from './room-speaker.js';
import type { WorkerSlot } from './worker-pool.js';

export type RoomCloseReason =
  Extract<PeerCloseReason, 'workerDied' | 'conferenceEnded' | 'shutdown'> | 'idle';

export interface RoomEvents {
  peerJoined: [peer: Peer];
  peerLeft: [peer: Peer];
  /** A peer's new microphone, camera or screen: egress follows it (pause, resume and close are on the producer). */
  producerAdded: [peer: Peer, producer: types.Producer<ProducerData>];
  programmeChanged: [programme: Programme];
  closed: [reason: RoomCloseReason];
}

export interface RoomOptions extends RoomRoutersOptions {
  /** The host's decisions for the conference; kept by the caller across rebuilt rooms. */
  policy?: RoomPolicy;
  /** How long a point must stay the dominant speaker before it becomes the programme. */
  speakerHoldMs?: number;
  /** How long a peer whose signalling dropped keeps its place; 0: it leaves at once. */
  reconnectGraceMs?: number;
}

/** Long enough for a socket.io client to notice, back off and reconnect over a flaky link. */
export const RECONNECT_GRACE_MS = 20_000;

/** Where plain transports listen (RTC_LISTEN_IP) and the address their clients are given (RTC_ANNOUNCED_IP). */
export interface PlainListen {
  ip: string;
  announcedAddress: string;
}

/**
 * One live conference's media, on one or more routers (`RoomRouters`), its
 * peers, and the rule of who consumes whom (`RoomDistribution`). The speaker
 * (`RoomSpeaker`) and the host's controls (`RoomModeration`) each tell the room
 * when the programme may have changed; the room decides what it is.
 */
export class Room extends EventEmitter<RoomEvents> {
  /** The host's controls: holds, spotlight, removal, settings, the floor queue. */
  readonly moderation: RoomModeration;
  readonly #peers: Map<string, Peer>;
  readonly #routers: RoomRouters;
  readonly #speaker: RoomSpeaker;
  readonly #distribution: RoomDistribution;
  readonly #reconnectGraceMs: number;
  #broadcast: BroadcastStatus | null = null;
  #closed = false;

  private constructor(
    readonly conferenceId: string,
    peers: Map<string, Peer>,
    routers: RoomRouters,
    speaker: RoomSpeaker,
    log: FastifyBaseLogger,
    options: RoomOptions,
  ) {
    super();
    this.#peers = peers;
    this.#routers = routers;
    this.#speaker = speaker;
    this.#reconnectGraceMs = options.reconnectGraceMs ?? RECONNECT_GRACE_MS;
    this.moderation = new RoomModeration(options.policy ?? new RoomPolicy(), peers);
    this.#distribution = new RoomDistribution(peers, routers, log);
    speaker.on('activeSpeaker', (data) => notifyHosts(peers.values(), 'activeSpeaker', data));
    speaker.on('audioLevels', (data) => notifyHosts(peers.values(), 'audioLevels', data));
    speaker.on('heldSpeaker', () => this.#updateProgramme());
    this.moderation.on('spotlightChanged', () => this.#updateProgramme());
    this.moderation.on('removed', (point) => this.leave(point, 'removed'));
  }

  static async create(
    conferenceId: string,
    slot: WorkerSlot,
    log: FastifyBaseLogger,
    options: RoomOptions = {},
  ): Promise<Room> {
    const routers = await RoomRouters.create(conferenceId, slot, log, options);
    // Shared read-only with the parts: the room alone adds and removes peers.
    const peers = new Map<string, Peer>();
    try {
      const speaker = await RoomSpeaker.create(routers.first.router, peers, log, options.speakerHoldMs);
      return new Room(conferenceId, peers, routers, speaker, log, options);
    } catch (error) {
      routers.close();
      throw error;
    }
  }

  /** The same for every router of the room: they share one codec list. */
  get rtpCapabilities(): types.RtpCapabilities {
    return this.#routers.first.router.rtpCapabilities;
  }

  /** The worker of the room's first router. */
  get workerIndex(): number {
    return this.#routers.first.workerIndex;
  }

  /** Whether one of the room's routers lives on that worker (its death closes the room). */
  usesWorker(index: number): boolean {
    return this.#routers.usesWorker(index);
  }

  get routers(): readonly RoomRouter[] {
    return this.#routers.all;
  }

  /** The router a peer's transports and consumers live on, once it has a transport. */
  routerOf(peer: Peer): RoomRouter | undefined {
    return this.#routers.of(peer);
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

  /** What the host decided (read-only: the host changes it through `moderation`). */
  get policy(): PolicyView {
    return this.moderation.policy;
  }

  get programme(): Programme {
    return this.#distribution.programme;
  }

  /** Refuses a point the host removed (FORBIDDEN) or, while locked, one new to the room (ROOM_LOCKED). */
  checkAdmission(identity: PeerIdentity): void {
    this.moderation.checkAdmission(identity);
  }

  /** Adds a peer; the others who may receive it hear `peerJoined`. Returns the peers it may see. */
  join(
    identity: PeerIdentity,
    rtpCapabilities: types.RtpCapabilities,
    notify: Notify,
  ): { peer: Peer; peers: PeerInfo[] } {
    if (this.#closed) throw new RoomError('CONFLICT', 'the room is closing: join again');
    this.moderation.checkAdmission(identity);
    if (this.peerByKey(identity.key)) throw new RoomError('CONFLICT', 'already in the room');
    const peer = new Peer(identity, rtpCapabilities, notify);
    const others = this.peers;
    this.#peers.set(peer.id, peer);
    this.moderation.admitted(identity);
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
    peer.notify('programmeChanged', this.#distribution.programmeData());
    // Points too: a hall muted by the host sees at once whether it may unmute itself.
    peer.notify('roomSettings', this.moderation.settings());
    if (peer.role !== 'host') return;
    peer.notify('floorQueue', this.moderation.floorQueue());
    const speaker = this.#speaker.announced;
    if (speaker) peer.notify('activeSpeaker', { peerId: speaker });
    // Always: the console shows its record and go-live controls once it knows what runs.
    peer.notify('broadcastStatus', this.#broadcast ?? { recording: null, live: null });
    for (const point of this.peers) {
      const state = this.moderation.pointState(point);
      if (state.micMutedByHost || state.cameraOffByHost) peer.notify('pointState', state);
    }
  }

  /** Removes a peer and closes its media; the others who saw it hear `peerLeft`. */
  leave(peer: Peer, reason: PeerCloseReason): void {
    if (this.#peers.get(peer.id) !== peer) return;
    this.#peers.delete(peer.id);
    peer.close(reason);
    this.#routers.forget(peer);
    for (const other of this.#peers.values()) {
      if (receives(other.role, peer.role)) other.notify('peerLeft', { peerId: peer.id });
    }
    this.moderation.lowerHand(peer); // a hand raised by a hall that left is no longer asking
    this.#speaker.forget(peer.id);
    this.#updateProgramme();
    this.emit('peerLeft', peer);
  }

  /**
   * The peer's signalling dropped without a goodbye. It keeps its place (and its
   * media, while its transports still flow) for the grace period: a session of
   * the same point that joins meanwhile replaces it, so the point is never in the
   * room twice, its attendance has no gap and the hosts' grid does not lose it for
   * a blip. Whoever sees it hears `peerReconnecting`; after the grace it leaves.
   */
  suspend(peer: Peer): void {
    if (this.#peers.get(peer.id) !== peer || peer.suspended) return;
    if (this.#reconnectGraceMs <= 0) return this.leave(peer, 'disconnected');
    peer.suspend(this.#reconnectGraceMs, () => this.leave(peer, 'disconnected'));
    for (const other of this.#peers.values()) {
      if (other !== peer && receives(other.role, peer.role))
        other.notify('peerReconnecting', { peerId: peer.id });
    }
  }

  /** The bridge point's peer with this id (a host control's target); NOT_FOUND for anyone else. */
  point(peerId: string): Peer {
    const peer = this.#peers.get(peerId);
    if (peer?.role !== 'point') throw new RoomError('NOT_FOUND', `no bridge point ${peerId} in the room`);
    return peer;
  }

  async createTransport(peer: Peer, direction: Direction): Promise<types.WebRtcTransport<TransportData>> {
    checkNewTransport(peer, false, direction);
    const home = await this.#routers.homeOf(peer);
    const transport = await home.router.createWebRtcTransport<TransportData>({
      webRtcServer: home.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { direction, connected: false },
    });
    return this.#adopt(peer, transport);
  }

  /**
   * A plain SRTP transport on the peer's router, for an encoder that cannot do
   * WebRTC. comedia: it sends to wherever the client's first valid SRTP or
   * SRTCP packet came from, RTCP muxed on the same port.
   */
  async createPlainTransport(
    peer: Peer,
    direction: Direction,
    listen: PlainListen,
  ): Promise<types.PlainTransport<TransportData>> {
    checkNewTransport(peer, true, direction);
    const home = await this.#routers.homeOf(peer);
    const transport = await home.router.createPlainTransport<TransportData>({
      listenInfo: { protocol: 'udp', ip: listen.ip, announcedAddress: listen.announcedAddress },
      rtcpMux: true,
      comedia: true,
      enableSrtp: true,
      srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80',
      appData: { direction, connected: false },
    });
    return this.#adopt(peer, transport);
  }

  /** Gives a new transport to its peer, unless the peer left or another one took its place meanwhile. */
  #adopt<T extends PeerTransport>(peer: Peer, transport: T): T {
    try {
      if (peer.closed) throw new RoomError('NOT_IN_ROOM', 'the transport is no longer wanted');
      checkNewTransport(peer, isPlain(transport), transport.appData.direction);
    } catch (error) {
      transport.close();
      throw error;
    }
    peer.addTransport(transport);
    return transport;
  }

  /** Consumes, for a peer's new receive transport, everything it may receive that exists already. */
  consumeExisting(peer: Peer): void {
    this.#distribution.consumeExisting(peer);
  }

  async connectTransport(peer: Peer, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    const transport = peer.webRtcTransport(transportId);
    await connectOnce(transport, 'dtlsParameters', () =>
      transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }),
    );
  }

  /** The client's SRTP key for what it sends; returns the transport (a `recv` one may now consume). */
  async connectPlainTransport(
    peer: Peer,
    transportId: string,
    srtpParameters: SrtpParameters,
  ): Promise<types.PlainTransport<TransportData>> {
    const transport = peer.plainTransport(transportId);
    await connectOnce(transport, 'srtpParameters', () => transport.connect({ srtpParameters }));
    return transport;
  }

  async produce(peer: Peer, input: ProduceInput): Promise<types.Producer<ProducerData>> {
    const transport = peer.transport(input.transportId);
    checkNewProducer(peer, transport, input);
    // A point the host muted stays muted in a producer it makes anew.
    const held = this.moderation.isHeld(peer, input.source);
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
    this.#routers.spread(peer, producer);
    if (producer.kind === 'audio') {
      // The speaker observers live on the first router: they get the producer or its copy there.
      const home = this.#routers.of(peer);
      this.#speaker.follow(peer, producer, home && this.#routers.pipe(producer, home, this.#routers.first));
    }
    this.#distribution.fanOut(peer, producer);
    if (held) peer.notify('mutedByHost', { source: input.source });
    this.emit('producerAdded', peer, producer);
    return producer;
  }

  /** The recording and livestream as hosts see them: told to hosts now and to each host that joins. */
  setBroadcastStatus(status: BroadcastStatus): void {
    this.#broadcast = status;
    notifyHosts(this.#peers.values(), 'broadcastStatus', status);
  }

  /**
   * The router egress reads `owner`'s producer from: the room's first, where
   * the producer is piped when it lives elsewhere; undefined when that fails.
   */
  async egressRouter(owner: Peer, producer: types.Producer<ProducerData>): Promise<types.Router | undefined> {
    return this.#routers.firstWith(owner, producer);
  }

  async setConsumerView(peer: Peer, consumerId: string, view: 'thumbnail' | 'large'): Promise<void> {
    await this.#distribution.setConsumerView(peer, consumerId, view);
  }

  /** Recomputes the programme: the spotlighted point, else the held speaker; everyone hears a change. */
  #updateProgramme(): void {
    if (this.#closed) return;
    const { spotlight } = this.moderation.policy;
    const spotlit = spotlight ? this.peerByKey(spotlight) : undefined;
    const next = programmeOf(spotlit?.id ?? null, this.#speaker.held);
    if (this.#distribution.switchTo(next)) this.emit('programmeChanged', next);
  }

  /** Closes the routers and every peer; idempotent. */
  close(reason: RoomCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#speaker.close();
    const peers = this.peers;
    this.#peers.clear();
    for (const peer of peers) peer.close(reason === 'idle' ? 'shutdown' : reason);
    this.#routers.close();
    this.emit('closed', reason);
  }
}
