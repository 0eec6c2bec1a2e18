// The one object a page uses in a live room: it joins, sends the local tracks, receives what the
// server pushes, sends host controls and recovers by itself; pages render its snapshot.
import type {
  MediaSource,
  NotificationData,
  RequestData,
  ResponseData,
  SignallingNotification,
} from '@diemcau/protocol';
import { Device, type types } from 'mediasoup-client';
import type { Socket } from 'socket.io-client';
import type { ControlMethod } from './control-methods.js';
import { MediaSession, type ReceivedStats } from './media-session.js';
import { Reconnection } from './reconnection.js';
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
import { SignallingError, openRoomSocket, request, type RoomSocket } from './signalling.js';

export type View = 'thumbnail' | 'large';

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
  readonly #socket: RoomSocket;
  readonly #listeners = new Set<(snapshot: RoomSnapshot) => void>();
  #snapshot: RoomSnapshot = initialSnapshot();
  /** Bumped on every entry into the room: work of an older entry sees it and stops. */
  #generation = 0;
  /** The current entry's media, once its device has loaded. */
  #media: MediaSession | undefined;
  /** How this page shows each peer's video: picks the simulcast layer of consumers made later too. */
  readonly #views = new Map<string, View>();
  #gridPage: string[] | null = null;
  /** Peers announced by `peerJoined` while a `join` was in flight: its answer may not list them. */
  readonly #joinedMeanwhile = new Set<string>();
  readonly #reconnection = new Reconnection();

  constructor(options: RoomClientOptions) {
    this.#options = options;
    this.#socket = openRoomSocket(options.url, this.#reconnection.credentials(options.auth));
    this.#socket.on('connect', () => void this.#enter());
    this.#socket.on('disconnect', (reason) => this.#onDisconnect(reason));
    this.#socket.on('connect_error', (error) => this.#onConnectError(error));
    this.#socket.on('notification', (notification) => this.#onNotification(notification));
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
    const media = this.#media;
    if (!media || !this.#inRoom) return; // sent when the room is entered
    const producer = media.producer(source);
    if (track === null) await media.closeProducer(source);
    else if (producer) await producer.replaceTrack({ track });
    else await this.#produce(media, source);
  }

  /**
   * Mutes (pauses) or unmutes a source. The server refuses an unmute the host
   * holds when the room does not let points unmute themselves (FORBIDDEN).
   */
  async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    const producer = this.#media?.producer(source);
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
  async receivedStats(peerId: string): Promise<ReceivedStats> {
    const peer = this.#snapshot.peers.find((p) => p.id === peerId);
    const consumerIds = Object.values(peer?.media ?? {}).flatMap((media) =>
      media ? [media.consumerId] : [],
    );
    const media = this.#media;
    return media ? media.receivedStats(consumerIds) : { packetsReceived: 0, packetsLost: 0, fps: 0 };
  }

  // Room requests.

  /**
   * A host control, or any other request the client does not make itself, as the
   * protocol defines it (the server refuses what the peer's role may not send).
   */
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
    this.#reconnection.admitted();
    this.#joinedMeanwhile.clear();
    try {
      const routerRtpCapabilities = await request(this.#socket, 'getRouterRtpCapabilities', {});
      const { handlerFactory } = this.#options;
      const device = new Device(handlerFactory ? { handlerFactory } : undefined);
      await device.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities });
      if (stale()) return;
      const media = new MediaSession(this.#socket, device);
      this.#media = media;
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
      await media.transport('recv');
      if (joined.role === 'host' && this.#gridPage) {
        await request(this.#socket, 'setGridPage', { peerIds: this.#gridPage });
      }
      for (const source of SOURCES) await this.#produce(media, source);
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
    const refusal = this.#reconnection.finalRefusal(error);
    if (refusal) {
      this.#close({ reason: 'refused', ...refusal });
      return;
    }
    this.#set({
      ...this.#snapshot,
      connection: this.#snapshot.self ? 'reconnecting' : 'connecting',
      attempts: this.#snapshot.attempts + 1,
    });
    // A refused handshake (or failed credentials) is not retried by socket.io itself.
    if (!this.#socket.active) this.#scheduleRetry(() => this.#socket.connect());
  }

  /** The notifications that touch media or end the session are handled here; the snapshot follows every one. */
  #onNotification(notification: SignallingNotification): void {
    if (this.#snapshot.closed) return;
    switch (notification.method) {
      case 'newConsumer':
        void this.#consume(notification.data);
        return;
      case 'consumerClosed': {
        const { consumerId } = notification.data;
        this.#media?.closeConsumer(consumerId);
        this.#set(withoutSilentSenders(withoutConsumer(this.#snapshot, consumerId)));
        return;
      }
      case 'mutedByHost':
      case 'unmutedByHost': {
        // The server paused or resumed the producer; the local side follows so it sends nothing meanwhile.
        const { source } = notification.data;
        const producer = this.#media?.producer(source);
        if (notification.method === 'mutedByHost') producer?.pause();
        else if (source === 'mic') producer?.resume();
        break;
      }
      case 'reconnect':
        this.#set({ ...this.#snapshot, connection: 'reconnecting' });
        void this.#enter();
        return;
      case 'removed':
        this.#close({ reason: 'removed', message: notification.data.reason });
        return;
      case 'replaced':
        this.#close({ reason: 'replaced', message: notification.data.reason });
        return;
      case 'conferenceEnded':
        this.#close({ reason: 'ended' });
        return;
      case 'peerJoined':
        this.#joinedMeanwhile.add(notification.data.id);
        break;
    }
    this.#set(applyNotification(this.#snapshot, notification));
  }

  async #consume(info: NotificationData<'newConsumer'>): Promise<void> {
    const media = this.#media;
    if (!media) return;
    try {
      const consumer = await media.consume(info);
      if (!consumer) return;
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

  /** Sends the local track of `source`, if there is one and it is not sent yet, paused as the page and the host left it. */
  async #produce(media: MediaSession, source: MediaSource): Promise<void> {
    const { track, paused } = this.#snapshot.local[source];
    if (!track || media.producer(source)) return;
    const producer = await media.produce(source, track);
    if (!producer) return;
    if (paused || this.#snapshot.local[source].heldByHost) producer.pause();
    if (paused) await request(this.#socket, 'pauseProducer', { producerId: producer.id });
  }

  /** Ends this entry's media (transports, producers, consumers); local tracks stay. */
  #dropMedia(): void {
    this.#media?.close();
    this.#media = undefined;
    this.#set({ ...this.#snapshot, peers: this.#snapshot.peers.map((p) => ({ ...p, media: {} })) });
  }

  #close(closed: Closed): void {
    if (this.#snapshot.closed) return;
    this.#reconnection.cancel();
    this.#generation++;
    this.#dropMedia();
    this.#set({ ...this.#snapshot, connection: 'closed', closed, peers: [] });
    this.#socket.close();
  }

  #scheduleRetry(retry: () => void): void {
    this.#reconnection.schedule(this.#snapshot.attempts + 1, () => {
      if (!this.#snapshot.closed) retry();
    });
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
