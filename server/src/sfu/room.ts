import { EventEmitter } from 'node:events';
import type {
  BroadcastStatus,
  DtlsParameters,
  MediaKind,
  MediaSource,
  NotificationData,
  NotificationMethod,
  PeerInfo,
  RtpParameters,
  SrtpParameters,
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
  isPlain,
  type PeerIdentity,
  type PeerTransport,
  type ProducerData,
  type TransportData,
} from './peer.js';
import { programmeOf, SpeakerHold, SPEAKER_HOLD_MS, type Programme } from './programme.js';
import { RoomError, withClientInput } from './room-error.js';
import { RoomPolicy } from './room-policy.js';
import type { WorkerPool, WorkerSlot } from './worker-pool.js';

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
  /** Where more routers come from when the room outgrows one; unset: the room stays on its first. */
  workers?: Pick<WorkerPool, 'next' | 'alive'>;
  /** Consumers a router carries before new peers go to another router. */
  consumersPerRouter?: number;
  /** How long a peer whose signalling dropped keeps its place; 0: it leaves at once. */
  reconnectGraceMs?: number;
}

/** mediasoup's guidance: about 500 consumers per worker (one CPU core). */
export const CONSUMERS_PER_ROUTER = 500;

/** Long enough for a socket.io client to notice, back off and reconnect over a flaky link. */
export const RECONNECT_GRACE_MS = 20_000;

/** One of the room's routers, with the consumers the room made on it. */
export interface RoomRouter {
  readonly router: types.Router;
  readonly webRtcServer: types.WebRtcServer;
  readonly workerIndex: number;
  consumers: number;
}

/** Where plain transports listen (RTC_LISTEN_IP) and the address their clients are given (RTC_ANNOUNCED_IP). */
export interface PlainListen {
  ip: string;
  announcedAddress: string;
}

/** What the host's level meters get: the ten loudest points above -70 dBov, every 400 ms. */
const AUDIO_LEVELS: types.AudioLevelObserverOptions = { maxEntries: 10, threshold: -70, interval: 400 };
/** How long after its last level report a microphone still counts as speaking (a few level intervals). */
const RECENTLY_AUDIBLE_MS = 1_500;

const SOURCE_KIND: Record<MediaSource, MediaKind> = { mic: 'audio', camera: 'video', screen: 'video' };

/** An encoder sends each source from its own port: one plain send transport per source at most. */
const MAX_PLAIN_SEND_TRANSPORTS = Object.keys(SOURCE_KIND).length;

/**
 * One live conference's media: a router on one worker, its peers, and the rule
 * of who consumes whom. Consumers are made here (the server pushes them) and
 * start paused until the receiving client has its side ready.
 *
 * When every router carries its consumer budget, the next peer goes to a new
 * router on another worker. Every producer is piped (`pipeToRouter`, same id)
 * to every router of the room, so a peer's consumers live on its own router;
 * closing or pausing a producer reaches its piped copies through mediasoup's
 * pipe consumer. The first router holds the speaker and level observers, fed
 * with the local producer or its copy, so the room has one dominant speaker.
 *
 * A bridge point consumes the host and the programme only. When the programme
 * changes, the points' consumers of the former one are closed and new ones are
 * made for the next (rather than keeping every hall's media paused at every
 * hall): a point then holds a handful of consumers however many halls there
 * are, which is what keeps a 123-hall room within a worker's consumer budget.
 */
export class Room extends EventEmitter<RoomEvents> {
  readonly #routers: RoomRouter[];
  readonly #routerOfPeer = new Map<string, RoomRouter>();
  /** Per producer id, its piping to each other router: resolves true once the copy exists there. */
  readonly #pipes = new Map<string, Map<RoomRouter, Promise<boolean>>>();
  #adding: Promise<RoomRouter> | undefined;
  readonly #workers: Pick<WorkerPool, 'next' | 'alive'> | undefined;
  readonly #consumersPerRouter: number;
  readonly #reconnectGraceMs: number;
  readonly #speaker: types.ActiveSpeakerObserver;
  readonly #levels: types.AudioLevelObserver;
  readonly #log: FastifyBaseLogger;
  readonly #peers = new Map<string, Peer>();
  readonly #policy: RoomPolicy;
  readonly #hold: SpeakerHold;
  /** The observer's latest dominant speaker (a peer id). */
  #dominant: string | null = null;
  /** The active speaker the hosts were last told of. */
  #announcedSpeaker: string | null = null;
  /** When each peer's microphone was last above the level threshold (performance.now()). */
  readonly #lastAudible = new Map<string, number>();
  readonly #floor = new FloorQueue();
  #programme: Programme = { peerId: null, reason: 'none' };
  #broadcast: BroadcastStatus | null = null;
  #closed = false;

  private constructor(
    readonly conferenceId: string,
    first: RoomRouter,
    speaker: types.ActiveSpeakerObserver,
    levels: types.AudioLevelObserver,
    log: FastifyBaseLogger,
    options: RoomOptions,
  ) {
    super();
    this.#routers = [first];
    this.#workers = options.workers;
    this.#consumersPerRouter = options.consumersPerRouter ?? CONSUMERS_PER_ROUTER;
    this.#reconnectGraceMs = options.reconnectGraceMs ?? RECONNECT_GRACE_MS;
    this.#speaker = speaker;
    this.#log = log;
    this.#policy = options.policy ?? new RoomPolicy();
    this.#hold = new SpeakerHold(options.speakerHoldMs ?? SPEAKER_HOLD_MS, () => this.#updateProgramme());
    speaker.on('dominantspeaker', ({ producer }) => this.#announceSpeaker(producer));
    this.#levels = levels;
    levels.on('volumes', (volumes) => this.#announceLevels(volumes));
    levels.on('silence', () => {
      this.#lastAudible.clear();
      this.#notifyHosts('audioLevels', { levels: [] });
      this.#judgeSpeaker();
    });
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
      const levels = await router.createAudioLevelObserver(AUDIO_LEVELS);
      const first = { router, webRtcServer: slot.webRtcServer, workerIndex: slot.index, consumers: 0 };
      return new Room(conferenceId, first, speaker, levels, log, options);
    } catch (error) {
      router.close();
      throw error;
    }
  }

  /** The same for every router of the room: they share one codec list. */
  get rtpCapabilities(): types.RtpCapabilities {
    return this.#routers[0]!.router.rtpCapabilities;
  }

  /** The worker of the room's first router. */
  get workerIndex(): number {
    return this.#routers[0]!.workerIndex;
  }

  /** Whether one of the room's routers lives on that worker (its death closes the room). */
  usesWorker(index: number): boolean {
    return this.#routers.some((r) => r.workerIndex === index);
  }

  get routers(): readonly RoomRouter[] {
    return this.#routers;
  }

  /** The router a peer's transports and consumers live on, once it has a transport. */
  routerOf(peer: Peer): RoomRouter | undefined {
    return this.#routerOfPeer.get(peer.id);
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
    // Points too: a hall muted by the host sees at once whether it may unmute itself.
    peer.notify('roomSettings', this.#settings());
    if (peer.role !== 'host') return;
    peer.notify('floorQueue', { entries: this.#floor.entries() });
    if (this.#announcedSpeaker) peer.notify('activeSpeaker', { peerId: this.#announcedSpeaker });
    // Always: the console shows its record and go-live controls once it knows what runs.
    peer.notify('broadcastStatus', this.#broadcast ?? { recording: null, live: null });
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
    this.#routerOfPeer.delete(peer.id);
    for (const other of this.#peers.values()) {
      if (receives(other.role, peer.role)) other.notify('peerLeft', { peerId: peer.id });
    }
    if (this.#floor.remove(peer.id)) this.#notifyFloor();
    this.#hold.forget(peer.id);
    this.#lastAudible.delete(peer.id);
    this.#judgeSpeaker();
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
    const settings = this.#settings();
    for (const peer of this.#peers.values()) peer.notify('roomSettings', settings);
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
    this.#mayAddTransport(peer, false, direction);
    const home = this.#routerOfPeer.get(peer.id) ?? (await this.#assign(peer));
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
    this.#mayAddTransport(peer, true, direction);
    const home = this.#routerOfPeer.get(peer.id) ?? (await this.#assign(peer));
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

  /**
   * One receive transport per peer, of either kind (a client that lost
   * connectivity restarts ICE instead); one WebRTC send transport; a plain
   * send transport per media source (an encoder sends each from its own port).
   */
  #mayAddTransport(peer: Peer, plain: boolean, direction: Direction): void {
    if (direction === 'recv' && peer.transportOf('recv'))
      throw new RoomError('CONFLICT', 'a recv transport exists already');
    if (direction === 'send' && !plain && peer.webRtcTransportOf('send'))
      throw new RoomError('CONFLICT', 'a WebRTC send transport exists already');
    if (direction === 'send' && plain && peer.plainCount('send') >= MAX_PLAIN_SEND_TRANSPORTS)
      throw new RoomError('CONFLICT', `at most ${MAX_PLAIN_SEND_TRANSPORTS} plain send transports`);
  }

  /** Gives a new transport to its peer, unless the peer left or another one took its place meanwhile. */
  #adopt<T extends PeerTransport>(peer: Peer, transport: T): T {
    try {
      if (peer.closed) throw new RoomError('NOT_IN_ROOM', 'the transport is no longer wanted');
      this.#mayAddTransport(peer, isPlain(transport), transport.appData.direction);
    } catch (error) {
      transport.close();
      throw error;
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
    const transport = peer.webRtcTransport(transportId);
    await this.#connectOnce(transport, 'dtlsParameters', () =>
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
    await this.#connectOnce(transport, 'srtpParameters', () => transport.connect({ srtpParameters }));
    return transport;
  }

  async #connectOnce(transport: PeerTransport, what: string, connect: () => Promise<void>): Promise<void> {
    if (transport.appData.connected) throw new RoomError('CONFLICT', 'the transport is connected already');
    transport.appData.connected = true;
    try {
      await withClientInput(what, connect);
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
    const home = this.#routerOfPeer.get(peer.id);
    if (home) for (const router of this.#routers) void this.#pipeTo(producer, home, router);
    if (producer.kind === 'audio') {
      // A muted microphone stops being the active speaker at once.
      producer.observer.on('pause', () => this.#judgeSpeaker());
      producer.observer.on('resume', () => this.#judgeSpeaker());
      const piped = home && this.#pipeTo(producer, home, this.#routers[0]!);
      if (!piped) this.#observe(peer, producer);
      else void piped.then((ok) => ok && this.#observe(peer, producer));
    }
    for (const other of this.peers) {
      if (consumes(other, peer, this.#programme.peerId)) this.#push(other, peer, producer);
    }
    if (held) peer.notify('mutedByHost', { source: input.source });
    this.emit('producerAdded', peer, producer);
    return producer;
  }

  /** The recording and livestream as hosts see them: told to hosts now and to each host that joins. */
  setBroadcastStatus(status: BroadcastStatus): void {
    this.#broadcast = status;
    this.#notifyHosts('broadcastStatus', status);
  }

  /**
   * The router egress reads `owner`'s producer from: the room's first, where
   * the producer is piped when it lives elsewhere; undefined when that fails.
   */
  async egressRouter(owner: Peer, producer: types.Producer<ProducerData>): Promise<types.Router | undefined> {
    const first = this.#routers[0]!;
    const home = this.#routerOfPeer.get(owner.id);
    if (!home) return undefined;
    const piped = this.#pipeTo(producer, home, first);
    if (piped && !(await piped)) return undefined;
    return first.router;
  }

  async setConsumerView(peer: Peer, consumerId: string, view: 'thumbnail' | 'large'): Promise<void> {
    const consumer = peer.consumer(consumerId);
    if (consumer.type !== 'simulcast') return;
    const mode = consumer.rtpParameters.encodings?.[0]?.scalabilityMode;
    const { spatialLayers } = parseScalabilityMode(mode);
    try {
      await consumer.setPreferredLayers({ spatialLayer: spatialLayerFor(view, spatialLayers) });
    } catch (error) {
      // Its producer left while the request was on its way: the client gets consumerClosed next.
      if (consumer.closed) throw new RoomError('NOT_FOUND', `consumer ${consumerId} closed meanwhile`);
      throw error;
    }
  }

  /** Feeds an audio producer (or its copy on the first router) to the speaker and level observers. */
  #observe(peer: Peer, producer: types.Producer<ProducerData>): void {
    if (producer.closed) return;
    this.#speaker.addProducer({ producerId: producer.id }).catch((error: unknown) => {
      this.#log.warn({ err: error, producerId: producer.id }, 'cannot observe audio producer for speaker');
    });
    if (producer.appData.source === 'mic' && peer.role === 'point') {
      this.#levels.addProducer({ producerId: producer.id }).catch((error: unknown) => {
        this.#log.warn({ err: error, producerId: producer.id }, 'cannot observe audio producer for levels');
      });
    }
  }

  /**
   * The router for a peer's first transport: the least loaded one under the
   * budget, else a new one (one at a time, however many peers ask at once).
   */
  async #assign(peer: Peer): Promise<RoomRouter> {
    const least = this.#routers.reduce((a, b) => (b.consumers < a.consumers ? b : a));
    let home = least;
    if (least.consumers >= this.#consumersPerRouter && this.#workers) {
      this.#adding ??= this.#addRouter().finally(() => (this.#adding = undefined));
      home = await this.#adding;
    }
    if (peer.closed) throw new RoomError('NOT_IN_ROOM', 'left the room');
    const assigned = this.#routerOfPeer.get(peer.id);
    if (assigned) return assigned;
    this.#routerOfPeer.set(peer.id, home);
    return home;
  }

  /** A router on another live worker if there is one (else the same), with every producer piped to it. */
  async #addRouter(): Promise<RoomRouter> {
    const workers = this.#workers!;
    let slot: WorkerSlot;
    try {
      slot = workers.next();
      for (let i = 0; i < workers.alive.length && this.usesWorker(slot.index); i++) slot = workers.next();
    } catch {
      throw new RoomError('NOT_READY', 'the media server is restarting: join again in a moment');
    }
    const conferenceId = this.conferenceId;
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { conferenceId } });
    if (this.#closed) {
      router.close();
      throw new RoomError('CONFLICT', 'the room is closing: join again');
    }
    const added: RoomRouter = {
      router,
      webRtcServer: slot.webRtcServer,
      workerIndex: slot.index,
      consumers: 0,
    };
    this.#routers.push(added);
    this.#log.info({ conferenceId, routers: this.#routers.length, worker: slot.index }, 'room router added');
    for (const peer of this.peers) {
      const home = this.#routerOfPeer.get(peer.id);
      if (home) for (const producer of peer.producers.values()) void this.#pipeTo(producer, home, added);
    }
    return added;
  }

  /**
   * Pipes a producer from its router to another one, once; undefined when it
   * is the same router. The promise never rejects: a failure is logged and the
   * copy is missing (that router's peers then do not receive the producer).
   */
  #pipeTo(
    producer: types.Producer<ProducerData>,
    from: RoomRouter,
    to: RoomRouter,
  ): Promise<boolean> | undefined {
    if (from === to) return undefined;
    let pipes = this.#pipes.get(producer.id);
    if (!pipes) {
      pipes = new Map();
      this.#pipes.set(producer.id, pipes);
      producer.observer.once('close', () => this.#pipes.delete(producer.id));
    }
    let piped = pipes.get(to);
    if (!piped) {
      piped = from.router.pipeToRouter({ producerId: producer.id, router: to.router }).then(
        () => true,
        (error: unknown) => {
          if (!producer.closed && !this.#closed)
            this.#log.warn({ err: error, producerId: producer.id }, 'cannot pipe producer to a router');
          return false;
        },
      );
      pipes.set(to, piped);
    }
    return piped;
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
    // A plain receiver gets consumers once it has given its key (`consumeExisting` then).
    const ready = transport && (!isPlain(transport) || transport.appData.connected);
    if (!ready || producer.closed || this.#consumesProducer(receiver, producer.id)) return;
    const home = this.#routerOfPeer.get(receiver.id);
    const from = this.#routerOfPeer.get(owner.id);
    if (!home || !from) return;
    // On another router, the receiver consumes the producer's piped copy (same id).
    const piped = this.#pipeTo(producer, from, home);
    if (piped && !(await piped)) return;
    if (!home.router.canConsume({ producerId: producer.id, rtpCapabilities: receiver.rtpCapabilities })) {
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
    home.consumers++;
    consumer.observer.once('close', () => home.consumers--);
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
    this.#dominant = this.peers.find((p) => p.producers.has(producer.id))?.id ?? null;
    this.#judgeSpeaker();
  }

  /**
   * Who is really speaking. mediasoup's observer names the only microphone (or
   * the first, when the dominant one closes) even when it is paused or silent,
   * and keeps naming a microphone the host muted until someone else speaks; its
   * choice counts only while that microphone is live and (for a point) was
   * recently above the level threshold. Hosts see the result; a point that speaks may become the
   * programme.
   */
  #judgeSpeaker(): void {
    const peer = this.#dominant ? this.#peers.get(this.#dominant) : undefined;
    const mic = peer?.producerOf('mic');
    const heardAt = peer ? this.#lastAudible.get(peer.id) : undefined;
    // Levels are measured for points only (the hosts' meters); a host's live microphone is taken at its word.
    const audible =
      peer?.role === 'host' || (heardAt !== undefined && performance.now() - heardAt < RECENTLY_AUDIBLE_MS);
    const speaking = peer !== undefined && mic !== undefined && !mic.paused && audible;
    const speaker = speaking ? peer.id : null;
    if (speaker !== this.#announcedSpeaker) {
      this.#announcedSpeaker = speaker;
      this.#notifyHosts('activeSpeaker', { peerId: speaker });
    }
    this.#hold.heard(speaking && peer.role === 'point' ? peer.id : null);
  }

  #announceLevels(volumes: types.AudioLevelObserverVolume[]): void {
    const now = performance.now();
    const levels = volumes.flatMap(({ producer, volume }) => {
      const peer = this.peers.find((p) => p.producers.has(producer.id));
      if (peer) this.#lastAudible.set(peer.id, now);
      return peer ? [{ peerId: peer.id, volume }] : [];
    });
    this.#notifyHosts('audioLevels', { levels });
    // The dominant point may have just become audible (a host unmuted it).
    this.#judgeSpeaker();
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
    this.emit('programmeChanged', next);
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
    for (const { router } of this.#routers) router.close();
    this.emit('closed', reason);
  }
}
