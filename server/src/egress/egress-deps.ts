// What every egress output of a room needs from the server: the room, the job queues, the control channel.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { JobQueues } from '../jobs/queues.js';
import type { Room } from '../sfu/room.js';

export interface EgressDeps {
  room: Room;
  queues: JobQueues;
  /** Publishes egress control messages (a plain, unsubscribed connection). */
  publisher: Redis;
  /** Local address of the egress PlainTransports. */
  listenIp: string;
  log: FastifyBaseLogger;
}
