import { EventEmitter } from 'node:events';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Config } from '../config.js';
import { MediaCensus } from './media-census.js';

export interface WorkerSlot {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
  readonly census: MediaCensus;
}

export interface WorkerPoolEvents {
  /** A worker died; its slot is being refilled. Rooms on it must move. */
  workerDied: [index: number, pid: number, error: Error];
  workerReplaced: [slot: WorkerSlot];
  /** Refilling a slot failed; it is retried. */
  replaceFailed: [index: number, error: Error];
}

type PoolOptions = Config['mediasoup'];

const REPLACE_RETRY_MS = 1_000;

/** The slice of the RTC port range a worker owns, so workers never race for a port. */
export function portSlice(options: PoolOptions, index: number): { rtcMinPort: number; rtcMaxPort: number } {
  const size = Math.floor((options.rtcMaxPort - options.rtcMinPort + 1) / options.workers);
  const rtcMinPort = options.rtcMinPort + index * size;
  return { rtcMinPort, rtcMaxPort: rtcMinPort + size - 1 };
}

/**
 * One mediasoup worker per slot, each with its own WebRtcServer port. A worker
 * that dies is replaced in its slot (same port), counted and announced.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #options: PoolOptions;
  readonly #slots: (WorkerSlot | undefined)[];
  #restarts = 0;
  #next = 0;
  #closed = false;

  private constructor(options: PoolOptions) {
    super();
    this.#options = options;
    this.#slots = new Array<WorkerSlot | undefined>(options.workers).fill(undefined);
  }

  static async create(options: PoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    try {
      for (let i = 0; i < options.workers; i++) pool.#slots[i] = await pool.#spawn(i);
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.#slots.length;
  }

  get restarts(): number {
    return this.#restarts;
  }

  /** Slots with a live worker, in index order. */
  get alive(): WorkerSlot[] {
    return this.#slots.filter((s): s is WorkerSlot => s !== undefined && !s.worker.closed);
  }

  /** Round-robin over live workers; callers spread routers across cores with it. */
  next(): WorkerSlot {
    const alive = this.alive;
    if (alive.length === 0) throw new Error('no mediasoup worker is alive');
    return alive[this.#next++ % alive.length]!;
  }

  async #spawn(index: number): Promise<WorkerSlot> {
    const o = this.#options;
    const worker = await mediasoup.createWorker({
      logLevel: o.logLevel,
      ...portSlice(o, index),
      appData: { index },
    });
    // Before anything is made on it, so that every router is counted.
    const census = new MediaCensus(worker);
    let webRtcServer: types.WebRtcServer;
    try {
      const port = o.webRtcServerPort + index;
      const listen = { ip: o.listenIp, announcedAddress: o.announcedIp, port };
      webRtcServer = await worker.createWebRtcServer({
        listenInfos: [
          { protocol: 'udp', ...listen },
          { protocol: 'tcp', ...listen },
        ],
      });
    } catch (error) {
      worker.close();
      throw error;
    }
    const slot: WorkerSlot = { index, worker, webRtcServer, census };
    worker.on('died', (error) => this.#onDied(slot, error));
    return slot;
  }

  #onDied(slot: WorkerSlot, error: Error): void {
    if (this.#closed) return;
    this.#restarts++;
    this.#slots[slot.index] = undefined;
    this.emit('workerDied', slot.index, slot.worker.pid, error);
    void this.#refill(slot.index);
  }

  async #refill(index: number): Promise<void> {
    while (!this.#closed && this.#slots[index] === undefined) {
      try {
        const slot = await this.#spawn(index);
        if (this.#closed) {
          slot.worker.close();
          return;
        }
        this.#slots[index] = slot;
        this.emit('workerReplaced', slot);
      } catch (error) {
        this.emit('replaceFailed', index, error instanceof Error ? error : new Error(String(error)));
        await new Promise((resolve) => setTimeout(resolve, REPLACE_RETRY_MS));
      }
    }
  }

  /** Closes every worker and waits (up to `timeoutMs`) for their processes to exit. */
  async close(timeoutMs = 3_000): Promise<void> {
    this.#closed = true;
    const exits = this.#slots.map((slot) => {
      if (!slot || slot.worker.subprocessClosed) return Promise.resolve();
      const exited = new Promise<void>((resolve) => slot.worker.once('subprocessclose', () => resolve()));
      slot.worker.close();
      return exited;
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(exits), deadline]);
    clearTimeout(timer);
  }
}
