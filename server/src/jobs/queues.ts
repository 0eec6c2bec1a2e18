import { QueueName } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobEvents } from './job-events.js';

/** The producer side of the media-worker queues, and what the workers report back. */
export class JobQueues {
  readonly record: Queue;
  readonly live: Queue;
  readonly recordEvents: JobEvents;
  readonly liveEvents: JobEvents;

  constructor(connection: Redis, log: FastifyBaseLogger, prefix?: string) {
    const options = { connection, ...(prefix ? { prefix } : {}) };
    this.record = new Queue(QueueName.record, options);
    this.live = new Queue(QueueName.live, options);
    this.recordEvents = new JobEvents(QueueName.record, connection, log, prefix);
    this.liveEvents = new JobEvents(QueueName.live, connection, log, prefix);
    // Connection errors are reported by RedisLink; a queue error must never crash the server.
    for (const queue of [this.record, this.live]) {
      queue.on('error', (error) => log.debug({ queue: queue.name, err: error }, 'queue error'));
    }
  }

  /** A queue and what its workers report, by name. */
  of(name: QueueName): { queue: Queue; events: JobEvents } {
    return name === QueueName.record
      ? { queue: this.record, events: this.recordEvents }
      : { queue: this.live, events: this.liveEvents };
  }

  async close(): Promise<void> {
    await Promise.all([
      this.record.close(),
      this.live.close(),
      this.recordEvents.close(),
      this.liveEvents.close(),
    ]);
  }
}
