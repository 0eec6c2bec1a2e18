// Who in a room consumes what: consumers made on the receiver's router and pushed to it,
// their simulcast layers, and the programme switch that moves the points' consumers.
import type { NotificationData, RtpParameters } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { parseScalabilityMode, type types } from 'mediasoup';
import { consumes, spatialLayerFor } from './audience.js';
import { isPlain, type ConsumerData, type Peer, type ProducerData } from './peer.js';
import type { Programme } from './programme.js';
import { RoomError } from './room-error.js';
import type { RoomRouters } from './room-routers.js';

/**
 * Consumers are made here (the server pushes them) and start paused until the
 * receiving client has its side ready.
 *
 * A bridge point consumes the host and the programme only. When the programme
 * changes, the points' consumers of the former one are closed and new ones are
 * made for the next (rather than keeping every hall's media paused at every
 * hall): a point then holds a handful of consumers however many halls there
 * are, which is what keeps a 123-hall room within a worker's consumer budget.
 */
export class RoomDistribution {
  readonly #peers: ReadonlyMap<string, Peer>;
  readonly #routers: RoomRouters;
  readonly #log: FastifyBaseLogger;
  #programme: Programme = { peerId: null, reason: 'none' };

  constructor(peers: ReadonlyMap<string, Peer>, routers: RoomRouters, log: FastifyBaseLogger) {
    this.#peers = peers;
    this.#routers = routers;
    this.#log = log;
  }

  get programme(): Programme {
    return this.#programme;
  }

  /** The programme as peers are told of it, with the hall's name. */
  programmeData(): NotificationData<'programmeChanged'> {
    const { peerId, reason } = this.#programme;
    const peer = peerId ? this.#peers.get(peerId) : undefined;
    return { peerId, reason, ...(peer ? { displayName: peer.identity.displayName } : {}) };
  }

  /**
   * Makes `next` the programme; on a change of hall, moves the points'
   * consumers to it. Everyone is told. Whether anything changed.
   */
  switchTo(next: Programme): boolean {
    const before = this.#programme;
    if (next.peerId === before.peerId && next.reason === before.reason) return false;
    this.#programme = next;
    if (next.peerId !== before.peerId) {
      const owner = next.peerId ? this.#peers.get(next.peerId) : undefined;
      for (const receiver of [...this.#peers.values()]) {
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
    const data = this.programmeData();
    for (const peer of [...this.#peers.values()]) peer.notify('programmeChanged', data);
    return true;
  }

  /** A new producer reaches everyone who may consume it. */
  fanOut(owner: Peer, producer: types.Producer<ProducerData>): void {
    for (const other of [...this.#peers.values()]) {
      if (consumes(other, owner, this.#programme.peerId)) this.#push(other, owner, producer);
    }
  }

  /** Consumes, for a peer's new receive transport, everything it may receive that exists already. */
  consumeExisting(peer: Peer): void {
    for (const other of [...this.#peers.values()]) {
      if (!consumes(peer, other, this.#programme.peerId)) continue;
      for (const producer of other.producers.values()) this.#push(peer, other, producer);
    }
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
    if (!ready || producer.closed || consumesProducer(receiver, producer.id)) return;
    const home = this.#routers.of(receiver);
    const from = this.#routers.of(owner);
    if (!home || !from) return;
    // On another router, the receiver consumes the producer's piped copy (same id).
    const piped = this.#routers.pipe(producer, from, home);
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
      consumesProducer(receiver, producer.id)
    ) {
      consumer.close();
      return;
    }
    receiver.addConsumer(consumer);
    this.#routers.charge(home, consumer);
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
}

function consumesProducer(receiver: Peer, producerId: string): boolean {
  return [...receiver.consumers.values()].some((c) => c.producerId === producerId);
}
