// A test harness for programme recordings: a media-worker on a record
// queue of its own, started and stopped for each test.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { QueueName } from '@diemcau/protocol';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { type MediaWorkers, startWorkers } from '../../src/queues.js';
import { createRedis } from '../../src/redis.js';
import { killStarted, locateTools, type Tools } from '../egress/ffmpeg-processes.js';
import { captureLogger, REDIS_URL, uniquePrefix, type LogLine } from '../helpers.js';

/*
 * A media-worker taking record jobs on a queue of its own prefix, with real
 * Redis and ffmpeg, for a test file: started before its tests, stopped after.
 * `tools`, `dataDir` and `connection` are there once the tests run.
 */

export interface RecordQueueHarness {
  readonly queue: Queue;
  readonly events: QueueEvents;
  /** What the worker logged. */
  readonly lines: LogLine[];
  tools: Tools;
  /** A temporary folder; recordings go to its `recordings/`. */
  dataDir: string;
  connection: Redis;
}

export function recordQueueHarness(dirPrefix: string): RecordQueueHarness {
  const prefix = uniquePrefix();
  const { log, lines } = captureLogger();
  const queue = new Queue(QueueName.record, { connection: { url: REDIS_URL }, prefix });
  const events = new QueueEvents(QueueName.record, { connection: { url: REDIS_URL }, prefix });
  const harness = { queue, events, lines } as RecordQueueHarness;
  let media: MediaWorkers;

  beforeAll(async () => {
    harness.tools = await locateTools();
    harness.dataDir = await mkdtemp(path.join(os.tmpdir(), dirPrefix));
    harness.connection = createRedis(REDIS_URL);
    media = startWorkers({
      connection: harness.connection,
      concurrency: { live: 1, record: 1 },
      prefix,
      lockMs: 30_000,
      tools: harness.tools,
      rtpHost: '127.0.0.1',
      recordingsDir: path.join(harness.dataDir, 'recordings'),
      log,
    });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    // First: a key-frame request reported while the job stops would start a camera again.
    await events.close();
    killStarted();
    await Promise.all([...media.workers.map((worker) => worker.close()), media.handOverJobs()]);
    await queue.obliterate({ force: true });
    await queue.close();
    await harness.connection.quit();
    await rm(harness.dataDir, { recursive: true, force: true });
  });

  return harness;
}
