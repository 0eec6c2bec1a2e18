// One entry's media in the room: its loaded device, its two transports (opened when first needed),
// and the producers and consumers on them. Each entry makes its own; closing it ends all of them.
import type { MediaSource, NotificationData } from '@diemcau/protocol';
import type { Device, types } from 'mediasoup-client';
import { produceOptions } from './media-settings.js';
import type { Track } from './room-state.js';
import { SignallingError, request, type RoomSocket } from './signalling.js';
import { openTransport, type Direction } from './transports.js';

/** Inbound counters of received media, for a connection-quality indicator. */
export interface ReceivedStats {
  packetsReceived: number;
  packetsLost: number;
  fps: number;
}

export class MediaSession {
  readonly #socket: RoomSocket;
  readonly #device: Device;
  #closed = false;
  readonly #transports = new Map<Direction, Promise<types.Transport>>();
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #consumers = new Map<string, types.Consumer>();

  constructor(socket: RoomSocket, device: Device) {
    this.#socket = socket;
    this.#device = device;
  }

  /** A newer entry (or the end of the room) replaced this one: what it makes now is closed at once. */
  get closed(): boolean {
    return this.#closed;
  }

  transport(direction: Direction): Promise<types.Transport> {
    const existing = this.#transports.get(direction);
    if (existing) return existing;
    // Late work of an entry that is over must not open transports beside the next entry's.
    if (this.#closed) {
      return Promise.reject(new SignallingError('createWebRtcTransport', 'NOT_IN_ROOM', 'not in the room'));
    }
    const created = openTransport(this.#socket, this.#device, direction, () => !this.#closed);
    this.#transports.set(direction, created);
    return created;
  }

  producer(source: MediaSource): types.Producer | undefined {
    return this.#producers.get(source);
  }

  /** Sends `track` as `source`; undefined when the session closed meanwhile. */
  async produce(source: MediaSource, track: Track): Promise<types.Producer | undefined> {
    const transport = await this.transport('send');
    const producer = await transport.produce({
      track,
      ...produceOptions(source),
      // The page owns its tracks: closing a producer (or the room) must not stop the camera.
      stopTracks: false,
      appData: { source },
    });
    if (this.#closed) {
      producer.close();
      return undefined;
    }
    this.#producers.set(source, producer);
    return producer;
  }

  /** Stops sending `source`, here and on the server. */
  async closeProducer(source: MediaSource): Promise<void> {
    const producer = this.#producers.get(source);
    if (!producer) return;
    this.#producers.delete(source);
    producer.close();
    await request(this.#socket, 'closeProducer', { producerId: producer.id });
  }

  /** The local side of a consumer the server made; undefined when the session closed meanwhile. */
  async consume(info: NotificationData<'newConsumer'>): Promise<types.Consumer | undefined> {
    const transport = await this.transport('recv');
    const consumer = await transport.consume({
      id: info.id,
      producerId: info.producerId,
      kind: info.kind,
      rtpParameters: info.rtpParameters as types.RtpParameters,
    });
    if (this.#closed) {
      consumer.close();
      return undefined;
    }
    this.#consumers.set(consumer.id, consumer);
    return consumer;
  }

  closeConsumer(consumerId: string): void {
    this.#consumers.get(consumerId)?.close();
    this.#consumers.delete(consumerId);
  }

  /** The received media's inbound counters summed over these consumers (frame rate: the best). */
  async receivedStats(consumerIds: string[]): Promise<ReceivedStats> {
    const totals = { packetsReceived: 0, packetsLost: 0, fps: 0 };
    for (const id of consumerIds) {
      const consumer = this.#consumers.get(id);
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

  /** Closes the transports, and with them the producers and consumers; local tracks stay the page's. */
  close(): void {
    this.#closed = true;
    for (const consumer of this.#consumers.values()) consumer.close();
    this.#consumers.clear();
    for (const producer of this.#producers.values()) producer.close();
    this.#producers.clear();
    const transports = [...this.#transports.values()];
    this.#transports.clear();
    for (const t of transports) t.then((transport) => transport.close()).catch(() => undefined);
  }
}
