import type {
  MediaSource,
  NotificationData,
  RequestData,
  RequestMethod,
  ResponseData,
} from '@diemcau/protocol';
import { Device, type types } from 'mediasoup-client';
import { io, type Socket } from 'socket.io-client';
import { produceOptions } from './media-settings.js';
import {
  ICE_DISCONNECTED_GRACE_MS,
  ICE_RETRY_MS,
  RETRY_BASE_MS,
  RETRY_MAX_MS,
  isFinalRefusal,
  retryDelay,
} from './recovery.js';
import {
  applyNotification,
  initialSnapshot,
  remotePeer,
  updatePeer,
  withSender,
  withoutConsumer,
  withoutSilentSenders,
  type Closed,
  type RoomSnapshot,
  type Track,
} from './room-state.js';
import { SignallingError, refusalOf, request } from './signalling.js';

export type View = 'thumbnail' | 'large';

/** Requests the UI may send as they are (host controls); media requests are the client's own. */
export type ControlMethod = Extract<
  RequestMethod,
  | 'mutePoint'
  | 'unmutePoint'
  | 'disableCamera'
  | 'spotlight'
  | 'removePoint'
  | 'readmitPoint'
  | 'lockRoom'
  | 'setRoomSettings'
  | 'endConference'
  | 'grantFloor'
  | 'dismissHand'
>;

/** A failure to get credentials for the handshake; `code` is final (e.g. a revoked link), else it retries. */
export class AuthError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export interface RoomClientOptions {
  /** The signalling server's origin; the page's own when unset. */
  url?: string;
  /**
   * Credentials for each handshake, asked again on every reconnection: a point
   * exchanges its join link for a fresh join token, a host sends its conference
   * (its session cookie goes along). Throw an AuthError with a `code` to give up.
   */
  auth: () => Promise<Record<string, unknown>>;
  displayName?: string;
  /** mediasoup-client's handler; the browser's own when unset (tests in Node pass wrtc's). */
  handlerFactory?: types.HandlerFactory;
}

const SOURCES: readonly MediaSource[] = ['mic', 'camera', 'screen'];

/**
 * Everything a page does in a live room, over socket.io signalling and
 * mediasoup-client: join, send the local tracks, receive what the server
 * pushes, host controls, and recovery. Pages render `snapshot` and call
 * methods; they never touch mediasoup.
 *
 * Recovery, all by itself: a transport that stays disconnected restarts ICE;
 * a dropped socket reconnects with backoff and fresh credentials, then joins
 * again and sends the same tracks (the server lets the new session replace the
 * old one, so the participant is never in the room twice); a `reconnect` from
 * the server (its media worker died) joins again on the same socket.
 */
export class RoomClient {
  readonly #options: RoomClientOptions;
  readonly #socket: Socket;
  readonly #listeners = new Set<(snapshot: RoomSnapshot) => void>();
  #snapshot: RoomSnapshot = initialSnapshot();
  /** Bumped on every entry into the room: work of an older entry sees it and stops. */
  #generation = 0;
  #device: Device | undefined;
  #send: Promise<types.Transport> | undefined;
  #recv: Promise<types.Transport> | undefined;
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #consumers = new Map<string, types.Consumer>();
  /** How this page shows each peer's video: picks the simulcast layer of consumers made later too. */
  readonly #views = new Map<string, View>();
  #gridPage: string[] | null = null;
  /** Peers announced by `peerJoined` while a `join` was in flight: its answer may not list them. */
  readonly #joinedMeanwhile = new Set<string>();
  #retry: ReturnType<typeof setTimeout> | undefined;
  #authFailure: AuthError | undefined;
  #unauthenticated = 0;

  constructor(options: RoomClientOptions) {
    this.#options = options;
    const connectOptions = {
      autoConnect: false,
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: RETRY_BASE_MS,
      reconnectionDelayMax: RETRY_MAX_MS,
      randomizationFactor: 0.25,
      auth: (send: (auth: Record<string, unknown>) => void) => {
        this.#authFailure = undefined;
        options.auth().then(send, (error: unknown) => {
          this.#authFailure = error instanceof AuthError ? error : new AuthError(String(error));
          send({});
        });
      },
    };
    this.#socket = options.url ? io(options.url, connectOptions) : io(connectOptions);
    this.#socket.on('connect', () => void this.#enter());
    this.#socket.on('disconnect', (reason) => this.#onDisconnect(reason));
    this.#socket.on('connect_error', (error) => this.#onConnectError(error));
    this.#socket.on('notification', ({ method, data }: { method: string; data: unknown }) =>
      this.#onNotification(method, data),
    );
  }

  get snapshot(): RoomSnapshot {
    return this.#snapshot;
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: RoomSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Opens the connection and enters the room; the snapshot tells how it goes. */
  connect(): void {
    if (this.#snapshot.closed) return;
    this.#socket.connect();
  }

  /** Leaves the room for good. Local tracks stay the page's to stop. */
  async leave(): Promise<void> {
    if (this.#snapshot.closed) return;
    if (this.#socket.connected) await request(this.#socket, 'leave', {}).catch(() => undefined);
    this.#close({ reason: 'left' });
  }

  // Local media.

  /** Sends `track` as this source (replacing the one sent before), or stops sending it with null. */
  async setTrack(source: MediaSource, track: Track | null): Promise<void> {
    this.#setLocal(source, { track });
    const producer = this.#producers.get(source);
    if (!this.#inRoom) return; // sent when the room is entered
    if (track === null) {
      if (!producer) return;
      this.#producers.delete(source);
      producer.close();
      await request(this.#socket, 'closeProducer', { producerId: producer.id });
    } else if (producer) {
      await producer.replaceTrack({ track });
    } else {
      await this.#produce(source, this.#generation);
    }
  }

  /**
   * Mutes (pauses) or unmutes a source. The server refuses an unmute the host
   * holds when the room does not let points unmute themselves (FORBIDDEN).
   */
  async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    const producer = this.#producers.get(source);
    if (producer && this.#inRoom) {
      await request(this.#socket, paused ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id });
      if (paused) producer.pause();
      else producer.resume();
    }
    this.#setLocal(source, paused ? { paused } : { paused, heldByHost: false });
  }

  // What this page receives.

  /** Host: the peers whose tiles the visible grid page shows; only their video flows. */
  async setGridPage(peerIds: string[]): Promise<void> {
    this.#gridPage = [...peerIds];
    if (this.#inRoom) await request(this.#socket, 'setGridPage', { peerIds });
  }

  /** Shows a peer's video as a thumbnail (lowest layer) or large (highest). */
  async setView(peerId: string, view: View): Promise<void> {
    if (this.#views.get(peerId) === view) return;
    this.#views.set(peerId, view);
    const consumerId = this.#snapshot.peers.find((p) => p.id === peerId)?.media.camera?.consumerId;
    if (consumerId && this.#inRoom) await request(this.#socket, 'setConsumerView', { consumerId, view });
  }

  /** Inbound counters of a peer's received media, for a connection-quality indicator. */
  async receivedStats(
    peerId: string,
  ): Promise<{ packetsReceived: number; packetsLost: number; fps: number }> {
    const peer = this.#snapshot.peers.find((p) => p.id === peerId);
    const totals = { packetsReceived: 0, packetsLost: 0, fps: 0 };
    for (const media of Object.values(peer?.media ?? {})) {
      const consumer = media && this.#consumers.get(media.consumerId);
      if (!consumer || consumer.closed) continue;
      const report = (await consumer.getStats()) as unknown as Iterable<[string, Record<string, unknown>]>;
      for (const [, stat] of report) {
        if (stat['type'] !== 'inbound-rtp') continue;
        totals.packetsReceived += Number(stat['packetsReceived'] ?? 0);
        totals.packetsLost += Number(stat['packetsLost'] ?? 0);
        totals.fps = Math.max(totals.fps, Number(stat['framesPerSecond'] ?? 0));
      }
    }
    return totals;
  }

  // Room requests.

  /** A host control, as the protocol defines it (the server refuses a point's attempt). */
  control<M extends ControlMethod>(method: M, data: RequestData<M>): Promise<ResponseData<M>> {
    return request(this.#socket, method, data);
  }

  async setHandRaised(raised: boolean): Promise<void> {
    await request(this.#socket, raised ? 'raiseHand' : 'lowerHand', {});
    this.#set({ ...this.#snapshot, handRaised: raised });
  }

  /** How many people sit in the hall; kept and sent again after a reconnection. */
  async setHeadcount(headcount: number): Promise<void> {
    this.#set({ ...this.#snapshot, headcount });
    if (this.#inRoom) await request(this.#socket, 'setHeadcount', { headcount });
  }

  // The session.

  get #inRoom(): boolean {
    return this.#snapshot.connection === 'joined' && this.#socket.connected;
  }

  /** Enters the room on the current socket: device, join, transports, then the local tracks again. */
  async #enter(): Promise<void> {
    const generation = ++this.#generation;
    const stale = () => generation !== this.#generation || this.#snapshot.closed !== null;
    this.#dropMedia();
    this.#unauthenticated = 0;
    this.#joinedMeanwhile.clear();
    try {
      const routerRtpCapabilities = await request(this.#socket, 'getRouterRtpCapabilities', {});
      const { handlerFactory } = this.#options;
      const device = new Device(handlerFactory ? { handlerFactory } : undefined);
      await device.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities });
      if (stale()) return;
      this.#device = device;
      const { displayName } = this.#options;
      const joined = await request(this.#socket, 'join', {
        rtpCapabilities: device.rtpCapabilities as RequestData<'join'>['rtpCapabilities'],
        ...(displayName ? { displayName } : {}),
      });
      if (stale()) return;
      this.#set({
        ...this.#snapshot,
        self: { peerId: joined.peerId, role: joined.role },
        peers: [
          ...joined.peers.map(remotePeer),
          ...this.#snapshot.peers.filter(
            (p) => this.#joinedMeanwhile.has(p.id) && !joined.peers.some((j) => j.id === p.id),
          ),
        ],
        // The room's view of these starts again: notifications after the join fill them in.
        activeSpeaker: null,
        levels: {},
        floorQueue: [],
      });
      await this.#transport('recv', generation);
      if (joined.role === 'host' && this.#gridPage) {
        await request(this.#socket, 'setGridPage', { peerIds: this.#gridPage });
      }
      for (const source of SOURCES) await this.#produce(source, generation);
      const { headcount, handRaised } = this.#snapshot;
      if (joined.role === 'point' && headcount !== null) {
        await request(this.#socket, 'setHeadcount', { headcount });
      }
      if (joined.role === 'point' && handRaised) await request(this.#socket, 'raiseHand', {});
      if (stale()) return;
      this.#set({ ...this.#snapshot, connection: 'joined', attempts: 0 });
    } catch (error) {
      if (stale()) return;
      const code = error instanceof SignallingError ? error.code : undefined;
      if (code === 'ROOM_LOCKED' || code === 'FORBIDDEN') {
        this.#close({ reason: 'refused', code, message: (error as Error).message });
        return;
      }
      // Anything else (a room closing, a worker restarting, a timeout) is worth another try.
      this.#scheduleRetry(() => {
        if (this.#socket.connected) void this.#enter();
      });
    }
  }

  #onDisconnect(reason: Socket.DisconnectReason): void {
    if (this.#snapshot.closed) return;
    this.#set({ ...this.#snapshot, connection: 'reconnecting' });
    // socket.io reconnects by itself after a lost connection, not after the server closed the socket.
    if (reason === 'io server disconnect') this.#scheduleRetry(() => this.#socket.connect());
  }

  #onConnectError(error: Error & { data?: unknown }): void {
    if (this.#snapshot.closed) return;
    const auth = this.#authFailure;
    if (auth?.code) {
      this.#close({ reason: 'refused', code: auth.code, message: auth.message });
      return;
    }
    const refusal = auth ? undefined : refusalOf(error);
    if (refusal) {
      this.#unauthenticated = refusal.code === 'UNAUTHENTICATED' ? this.#unauthenticated + 1 : 0;
      if (isFinalRefusal(refusal.code, this.#unauthenticated)) {
        this.#close({ reason: 'refused', code: refusal.code, message: refusal.message });
        return;
      }
    }
    this.#set({
      ...this.#snapshot,
      connection: this.#snapshot.self ? 'reconnecting' : 'connecting',
      attempts: this.#snapshot.attempts + 1,
    });
    // A refused handshake (or failed credentials) is not retried by socket.io itself.
    if (!this.#socket.active) this.#scheduleRetry(() => this.#socket.connect());
  }

  #onNotification(method: string, data: unknown): void {
    if (this.#snapshot.closed) return;
    switch (method) {
      case 'newConsumer':
        void this.#consume(data as NotificationData<'newConsumer'>, this.#generation);
        return;
      case 'consumerClosed': {
        const { consumerId } = data as NotificationData<'consumerClosed'>;
        this.#consumers.get(consumerId)?.close();
        this.#consumers.delete(consumerId);
        this.#set(withoutSilentSenders(withoutConsumer(this.#snapshot, consumerId)));
        return;
      }
      case 'mutedByHost':
      case 'unmutedByHost': {
        // The server paused or resumed the producer; the local side follows so it sends nothing meanwhile.
        const { source } = data as NotificationData<'mutedByHost'>;
        const producer = this.#producers.get(source);
        if (method === 'mutedByHost') producer?.pause();
        else if (source === 'mic') producer?.resume();
        break;
      }
      case 'reconnect':
        this.#set({ ...this.#snapshot, connection: 'reconnecting' });
        void this.#enter();
        return;
      case 'removed':
        this.#close({ reason: 'removed', message: (data as NotificationData<'removed'>).reason });
        return;
      case 'replaced':
        this.#close({ reason: 'replaced', message: (data as NotificationData<'replaced'>).reason });
        return;
      case 'conferenceEnded':
        this.#close({ reason: 'ended' });
        return;
      case 'peerJoined':
        this.#joinedMeanwhile.add((data as NotificationData<'peerJoined'>).id);
        break;
    }
    this.#set(applyNotification(this.#snapshot, method, data));
  }

  async #consume(info: NotificationData<'newConsumer'>, generation: number): Promise<void> {
    try {
      const transport = await this.#transport('recv', generation);
      const consumer = await transport.consume({
        id: info.id,
        producerId: info.producerId,
        kind: info.kind,
        rtpParameters: info.rtpParameters as types.RtpParameters,
      });
      if (generation !== this.#generation) {
        consumer.close();
        return;
      }
      this.#consumers.set(consumer.id, consumer);
      this.#set(
        updatePeer(withSender(this.#snapshot, info.peerId), info.peerId, (p) => ({
          ...p,
          media: {
            ...p.media,
            [info.source]: { track: consumer.track, consumerId: consumer.id, paused: info.producerPaused },
          },
        })),
      );
      await request(this.#socket, 'resumeConsumer', { consumerId: consumer.id });
      const view = this.#views.get(info.peerId);
      if (view && info.source === 'camera') {
        await request(this.#socket, 'setConsumerView', { consumerId: consumer.id, view });
      }
    } catch {
      // The session moved on (socket gone, room rebuilt): the next entry gets its consumers anew.
    }
  }

  async #produce(source: MediaSource, generation: number): Promise<void> {
    const { track, paused } = this.#snapshot.local[source];
    if (!track || this.#producers.has(source)) return;
    const transport = await this.#transport('send', generation);
    const producer = await transport.produce({
      track,
      ...produceOptions(source),
      // The page owns its tracks: closing a producer (or the room) must not stop the camera.
      stopTracks: false,
      appData: { source },
    });
    if (generation !== this.#generation) {
      producer.close();
      return;
    }
    this.#producers.set(source, producer);
    if (paused || this.#snapshot.local[source].heldByHost) producer.pause();
    if (paused) await request(this.#socket, 'pauseProducer', { producerId: producer.id });
  }

  #transport(direction: 'send' | 'recv', generation: number): Promise<types.Transport> {
    const existing = direction === 'send' ? this.#send : this.#recv;
    if (existing) return existing;
    const created = this.#createTransport(direction, generation);
    if (direction === 'send') this.#send = created;
    else this.#recv = created;
    return created;
  }

  async #createTransport(direction: 'send' | 'recv', generation: number): Promise<types.Transport> {
    const device = this.#device;
    if (!device) throw new SignallingError('createWebRtcTransport', 'NOT_IN_ROOM', 'not in the room');
    const info = await request(this.#socket, 'createWebRtcTransport', { direction });
    const options = info as unknown as types.TransportOptions;
    const transport =
      direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      request(this.#socket, 'connectWebRtcTransport', {
        transportId: transport.id,
        dtlsParameters: dtlsParameters as RequestData<'connectWebRtcTransport'>['dtlsParameters'],
      }).then(() => callback(), errback);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        request(this.#socket, 'produce', {
          transportId: transport.id,
          kind,
          rtpParameters: rtpParameters as RequestData<'produce'>['rtpParameters'],
          appData: { source: (appData as { source: MediaSource }).source },
        }).then(callback, errback);
      });
    }
    this.#watchIce(transport, generation);
    return transport;
  }

  /** Restarts ICE when a transport stays disconnected or fails, and again while it stays down. */
  #watchIce(transport: types.Transport, generation: number): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const down = () =>
      !transport.closed && generation === this.#generation && transport.connectionState !== 'connected';
    const restart = async () => {
      if (!down()) return;
      try {
        const { iceParameters } = await request(this.#socket, 'restartIce', { transportId: transport.id });
        await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
      } catch {
        // The signalling is down too: its own recovery rejoins with new transports.
      }
      clearTimeout(timer);
      timer = setTimeout(() => void restart(), ICE_RETRY_MS);
    };
    transport.on('connectionstatechange', (state) => {
      clearTimeout(timer);
      if (state === 'disconnected') timer = setTimeout(() => void restart(), ICE_DISCONNECTED_GRACE_MS);
      else if (state === 'failed') void restart();
    });
  }

  /** Closes this session's transports (and with them producers and consumers); local tracks stay. */
  #dropMedia(): void {
    for (const consumer of this.#consumers.values()) consumer.close();
    this.#consumers.clear();
    for (const producer of this.#producers.values()) producer.close();
    this.#producers.clear();
    const transports = [this.#send, this.#recv];
    this.#send = this.#recv = undefined;
    for (const t of transports) t?.then((transport) => transport.close()).catch(() => undefined);
    this.#set({ ...this.#snapshot, peers: this.#snapshot.peers.map((p) => ({ ...p, media: {} })) });
  }

  #close(closed: Closed): void {
    if (this.#snapshot.closed) return;
    clearTimeout(this.#retry);
    this.#generation++;
    this.#dropMedia();
    this.#set({ ...this.#snapshot, connection: 'closed', closed, peers: [] });
    this.#socket.close();
  }

  #scheduleRetry(retry: () => void): void {
    clearTimeout(this.#retry);
    this.#retry = setTimeout(
      () => {
        if (!this.#snapshot.closed) retry();
      },
      retryDelay(this.#snapshot.attempts + 1),
    );
  }

  #setLocal(source: MediaSource, change: Partial<RoomSnapshot['local'][MediaSource]>): void {
    const local = { ...this.#snapshot.local, [source]: { ...this.#snapshot.local[source], ...change } };
    this.#set({ ...this.#snapshot, local });
  }

  #set(snapshot: RoomSnapshot): void {
    if (snapshot === this.#snapshot) return;
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) listener(snapshot);
  }
}
