import type { FastifyBaseLogger } from 'fastify';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';

/** What a caller hears about one job. */
export interface JobListener {
  progress?(data: unknown): void;
  completed?(): void;
  failed?(reason: string): void;
}

/**
 * One QueueEvents stream per queue, dispatched by job id: the server hears
 * every media-worker's progress (the egress handshake) over one blocking
 * connection, however many jobs run.
 */
export class JobEvents {
  readonly events: QueueEvents;
  readonly #listeners = new Map<string, JobListener>();
  readonly #connection: Redis;

  constructor(queue: string, connection: Redis, log: FastifyBaseLogger, prefix?: string) {
    // QueueEvents blocks on its connection: it gets its own.
    this.#connection = connection.duplicate({ maxRetriesPerRequest: null });
    this.#connection.on('error', () => undefined);
    this.events = new QueueEvents(queue, { connection: this.#connection, ...(prefix ? { prefix } : {}) });
    this.events.on('error', (error) => log.debug({ queue, err: error }, 'queue events error'));
    this.events.on('progress', ({ jobId, data }) => this.#listeners.get(jobId)?.progress?.(data));
    this.events.on('completed', ({ jobId }) => this.#listeners.get(jobId)?.completed?.());
    this.events.on('failed', ({ jobId, failedReason }) => this.#listeners.get(jobId)?.failed?.(failedReason));
  }

  /** Resolves once events added from now on are heard. */
  ready(): Promise<void> {
    return this.events.waitUntilReady().then(() => undefined);
  }

  /** Listens to one job until the returned function is called. */
  watch(jobId: string, listener: JobListener): () => void {
    this.#listeners.set(jobId, listener);
    return () => {
      if (this.#listeners.get(jobId) === listener) this.#listeners.delete(jobId);
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    // Dropped first: with Redis unreachable, close() would wait for a connection that never comes.
    // A connection handed in is the caller's to close.
    this.#connection.disconnect();
    await Promise.race([this.events.close(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }
}
