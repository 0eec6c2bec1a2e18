// The routers of one room: each one's consumer budget, which router each peer lives on,
// adding a router on another worker when they are full, and piping producers between them.
import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from './media-codecs.js';
import type { ConsumerData, Peer, ProducerData } from './peer.js';
import { RoomError } from './room-error.js';
import type { WorkerPool, WorkerSlot } from './worker-pool.js';

/** mediasoup's guidance: about 500 consumers per worker (one CPU core). */
export const CONSUMERS_PER_ROUTER = 500;

/** One of the room's routers, with the consumers the room made on it. */
export interface RoomRouter {
  readonly router: types.Router;
  readonly webRtcServer: types.WebRtcServer;
  readonly workerIndex: number;
  consumers: number;
}

export interface RoomRoutersOptions {
  /** Where more routers come from when the room outgrows one; unset: the room stays on its first. */
  workers?: Pick<WorkerPool, 'next' | 'alive'>;
  /** Consumers a router carries before new peers go to another router. */
  consumersPerRouter?: number;
}

/**
 * When every router carries its consumer budget, the next peer goes to a new
 * router on another worker. Every producer is piped (`pipeToRouter`, same id)
 * to every router of the room, so a peer's consumers live on its own router;
 * closing or pausing a producer reaches its piped copies through mediasoup's
 * pipe consumer. The first router is where egress and the speaker observers read.
 */
export class RoomRouters {
  readonly #all: RoomRouter[];
  /** Each peer with a transport, by id, and the router it lives on. */
  readonly #homes = new Map<string, { peer: Peer; home: RoomRouter }>();
  /** Per producer id, its piping to each other router: resolves true once the copy exists there. */
  readonly #pipes = new Map<string, Map<RoomRouter, Promise<boolean>>>();
  #adding: Promise<RoomRouter> | undefined;
  readonly #workers: Pick<WorkerPool, 'next' | 'alive'> | undefined;
  readonly #consumersPerRouter: number;
  readonly #log: FastifyBaseLogger;
  #closed = false;

  private constructor(
    readonly conferenceId: string,
    first: RoomRouter,
    log: FastifyBaseLogger,
    options: RoomRoutersOptions,
  ) {
    this.#all = [first];
    this.#log = log;
    this.#workers = options.workers;
    this.#consumersPerRouter = options.consumersPerRouter ?? CONSUMERS_PER_ROUTER;
  }

  static async create(
    conferenceId: string,
    slot: WorkerSlot,
    log: FastifyBaseLogger,
    options: RoomRoutersOptions,
  ): Promise<RoomRouters> {
    const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { conferenceId } });
    const first = { router, webRtcServer: slot.webRtcServer, workerIndex: slot.index, consumers: 0 };
    return new RoomRouters(conferenceId, first, log, options);
  }

  get first(): RoomRouter {
    return this.#all[0]!;
  }

  get all(): readonly RoomRouter[] {
    return this.#all;
  }

  /** Whether one of the routers lives on that worker (its death closes the room). */
  usesWorker(index: number): boolean {
    return this.#all.some((r) => r.workerIndex === index);
  }

  /** The router a peer's transports and consumers live on, once it has a transport. */
  of(peer: Peer): RoomRouter | undefined {
    return this.#homes.get(peer.id)?.home;
  }

  /**
   * The router for a peer's transports: the one it has, else the least loaded
   * under the budget, else a new one (one at a time, however many peers ask at once).
   */
  async homeOf(peer: Peer): Promise<RoomRouter> {
    const known = this.of(peer);
    if (known) return known;
    const least = this.#all.reduce((a, b) => (b.consumers < a.consumers ? b : a));
    let home = least;
    if (least.consumers >= this.#consumersPerRouter && this.#workers) {
      this.#adding ??= this.#addRouter().finally(() => (this.#adding = undefined));
      home = await this.#adding;
    }
    if (peer.closed) throw new RoomError('NOT_IN_ROOM', 'left the room');
    const assigned = this.of(peer);
    if (assigned) return assigned;
    this.#homes.set(peer.id, { peer, home });
    return home;
  }

  /** The peer left the room. */
  forget(peer: Peer): void {
    this.#homes.delete(peer.id);
  }

  /** Counts a consumer against its router's budget until it closes. */
  charge(home: RoomRouter, consumer: types.Consumer<ConsumerData>): void {
    home.consumers++;
    consumer.observer.once('close', () => home.consumers--);
  }

  /** A new producer of `owner` is piped to every other router, where the peers there consume it. */
  spread(owner: Peer, producer: types.Producer<ProducerData>): void {
    const home = this.of(owner);
    if (home) for (const router of this.#all) void this.pipe(producer, home, router);
  }

  /**
   * The first router with `owner`'s producer on it (piped there when it lives
   * elsewhere): where egress reads it. Undefined when that fails.
   */
  async firstWith(owner: Peer, producer: types.Producer<ProducerData>): Promise<types.Router | undefined> {
    const home = this.of(owner);
    if (!home) return undefined;
    const piped = this.pipe(producer, home, this.first);
    if (piped && !(await piped)) return undefined;
    return this.first.router;
  }

  /**
   * Pipes a producer from its router to another one, once; undefined when it
   * is the same router. The promise never rejects: a failure is logged and the
   * copy is missing (that router's peers then do not receive the producer).
   */
  pipe(
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

  /** Closes every router (and with them everything on them); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const { router } of this.#all) router.close();
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
    this.#all.push(added);
    this.#log.info({ conferenceId, routers: this.#all.length, worker: slot.index }, 'room router added');
    for (const { peer, home } of this.#homes.values()) {
      for (const producer of peer.producers.values()) void this.pipe(producer, home, added);
    }
    return added;
  }
}
