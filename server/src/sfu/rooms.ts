import type { FastifyBaseLogger } from 'fastify';
import { RECONNECT_GRACE_MS, Room, type RoomCloseReason } from './room.js';
import { RoomError } from './room-error.js';
import { RoomPolicy } from './room-policy.js';
import { CONSUMERS_PER_ROUTER } from './room-routers.js';
import type { WorkerPool, WorkerSlot } from './worker-pool.js';

export interface RoomsOptions {
  /** How long an empty room waits for someone to come back before it closes. */
  idleMs?: number;
  /**
   * How often the rooms ask whether their conferences are still live. An end in this process
   * arrives through `end`; the check only finds conferences ended by another process (a CLI,
   * a second server), which this process hears nothing from.
   */
  liveCheckMs?: number;
  /** Whether a conference is live: no room opens for one that is not, and an open one closes. */
  isLive: (conferenceId: string) => Promise<boolean>;
  /** How long a point must stay the dominant speaker before it becomes the programme. */
  speakerHoldMs?: number;
  /** Consumers a room's router carries before the room adds a router on another worker. */
  consumersPerRouter?: number;
  /** How long a peer whose signalling dropped keeps its place (0: it leaves at once). */
  reconnectGraceMs?: number;
  log: FastifyBaseLogger;
}

/**
 * The live rooms of this process, one per conference, each created on the pool's
 * next worker at its first join (and spread over more workers as it grows). A room closes when it has been empty for a
 * while, when its conference is no longer live, or when one of its workers dies (its
 * peers are told to join again, which builds the room on a live worker).
 * The host's decisions (lock, removals, mutes, spotlight) outlive a rebuilt
 * room and are forgotten when the conference ends.
 */
export class Rooms {
  readonly #pool: WorkerPool;
  readonly #options: Required<Omit<RoomsOptions, 'speakerHoldMs'>> & Pick<RoomsOptions, 'speakerHoldMs'>;
  readonly #policies = new Map<string, RoomPolicy>();
  readonly #rooms = new Map<string, Promise<Room>>();
  readonly #idle = new Map<string, NodeJS.Timeout>();
  readonly #open = new Set<Room>();
  readonly #liveCheck: NodeJS.Timeout;
  #closed = false;

  constructor(pool: WorkerPool, options: RoomsOptions) {
    this.#pool = pool;
    this.#options = {
      idleMs: 30_000,
      liveCheckMs: 5_000,
      consumersPerRouter: CONSUMERS_PER_ROUTER,
      reconnectGraceMs: RECONNECT_GRACE_MS,
      ...options,
    };
    pool.on('workerDied', this.#onWorkerDied);
    this.#liveCheck = setInterval(() => void this.#checkLive(), this.#options.liveCheckMs).unref();
  }

  /** The conference's room, created on first use (only while the conference is live); `find` never creates. */
  async open(conferenceId: string): Promise<Room> {
    if (this.#closed) throw new RoomError('NOT_READY', 'the server is shutting down');
    let room = this.#rooms.get(conferenceId);
    if (!room) {
      const created = this.#create(conferenceId);
      room = created;
      this.#rooms.set(conferenceId, created);
      created.catch(() => {
        if (this.#rooms.get(conferenceId) === created) this.#rooms.delete(conferenceId);
      });
    }
    return room;
  }

  async #create(conferenceId: string): Promise<Room> {
    // A socket admitted while the conference was live may ask long after it ended.
    if (!(await this.#options.isLive(conferenceId)))
      throw new RoomError('CONFLICT', 'the conference is not live');
    let slot: WorkerSlot;
    try {
      slot = this.#pool.next();
    } catch {
      throw new RoomError('NOT_READY', 'the media server is restarting: join again in a moment');
    }
    let policy = this.#policies.get(conferenceId);
    if (!policy) this.#policies.set(conferenceId, (policy = new RoomPolicy()));
    const { speakerHoldMs, consumersPerRouter, reconnectGraceMs, log } = this.#options;
    return this.#track(
      await Room.create(conferenceId, slot, log, {
        policy,
        workers: this.#pool,
        consumersPerRouter,
        reconnectGraceMs,
        ...(speakerHoldMs === undefined ? {} : { speakerHoldMs }),
      }),
    );
  }

  /** The open room of a conference, if it has one. */
  async find(conferenceId: string): Promise<Room | undefined> {
    return this.#rooms.get(conferenceId)?.catch(() => undefined);
  }

  get size(): number {
    return this.#rooms.size;
  }

  /** The rooms built and not yet closed (not those still being created), for metrics. */
  get openRooms(): readonly Room[] {
    return [...this.#open];
  }

  /**
   * The one way the rooms hear that a conference ended: its room closes now (every peer hears
   * `conferenceEnded`) and the host's decisions are forgotten, open room or not.
   */
  async end(conferenceId: string): Promise<void> {
    (await this.find(conferenceId))?.close('conferenceEnded');
    this.#policies.delete(conferenceId);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#liveCheck);
    this.#pool.off('workerDied', this.#onWorkerDied);
    const rooms = await Promise.allSettled(this.#rooms.values());
    for (const r of rooms) if (r.status === 'fulfilled') r.value.close('shutdown');
  }

  #track(room: Room): Room {
    const id = room.conferenceId;
    const closeWhenIdle = () => {
      clearTimeout(this.#idle.get(id));
      this.#idle.set(id, setTimeout(() => room.close('idle'), this.#options.idleMs).unref());
    };
    // Also from the start: a room whose first join failed must not linger.
    closeWhenIdle();
    this.#open.add(room);
    room.on('peerJoined', () => {
      clearTimeout(this.#idle.get(id));
      this.#idle.delete(id);
    });
    room.on('peerLeft', () => {
      if (room.peerCount === 0 && !room.closed) closeWhenIdle();
    });
    room.once('closed', (reason: RoomCloseReason) => {
      clearTimeout(this.#idle.get(id));
      this.#idle.delete(id);
      this.#rooms.delete(id);
      this.#open.delete(room);
      if (reason === 'conferenceEnded') this.#policies.delete(id);
      this.#options.log.info({ conferenceId: id, reason }, 'room closed');
    });
    return room;
  }

  /** Ends what another process ended: see `liveCheckMs`. */
  async #checkLive(): Promise<void> {
    for (const id of new Set([...this.#rooms.keys(), ...this.#policies.keys()])) {
      try {
        if (!(await this.#options.isLive(id))) await this.end(id);
      } catch (error) {
        this.#options.log.warn(
          { err: error, conferenceId: id },
          'cannot check whether the conference is live',
        );
      }
    }
  }

  readonly #onWorkerDied = (index: number): void => {
    void (async () => {
      for (const pending of [...this.#rooms.values()]) {
        const room = await pending.catch(() => undefined);
        if (room?.usesWorker(index)) room.close('workerDied');
      }
    })();
  };
}
