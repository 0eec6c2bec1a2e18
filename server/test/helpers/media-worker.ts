import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { locateTools, type Tools } from '../../../media-worker/test/egress/ffmpeg-processes.js';
import { type MediaWorkers, startWorkers } from '../../../media-worker/src/queues.js';
import { createRedis } from '../../../media-worker/src/redis.js';
import type { App } from '../../src/app.js';
import { REDIS_URL } from './databases.js';

export interface TestMediaWorker {
  tools: Tools;
  close(): Promise<void>;
}

/** What a test may change in the worker: its binaries (a missing ffmpeg) and MIN_FREE_DISK_MB. */
export interface TestMediaWorkerOptions {
  tools?: Tools;
  minFreeDiskMb?: number;
}

/**
 * A media-worker in this process, on the test server's queues (same prefix)
 * and writing into its DATA_DIR, as a real one beside the server would.
 */
export async function startTestMediaWorker(
  app: App,
  dataDir: string,
  redisUrl = REDIS_URL,
  options: TestMediaWorkerOptions = {},
): Promise<TestMediaWorker> {
  const tools = options.tools ?? (await locateTools());
  const connection = createRedis(redisUrl);
  const prefix = app.queues.record.opts.prefix;
  const media: MediaWorkers = startWorkers({
    connection,
    concurrency: { live: 1, record: 8 },
    ...(prefix ? { prefix } : {}),
    lockMs: 30_000,
    tools,
    rtpHost: '127.0.0.1',
    recordingsDir: path.join(dataDir, 'recordings'),
    ...(options.minFreeDiskMb === undefined ? {} : { minFreeDiskMb: options.minFreeDiskMb }),
    log: pino({ level: 'silent' }),
  });
  return {
    tools,
    async close() {
      await Promise.all(media.workers.map((worker) => worker.close(true)));
      await connection.quit();
    },
  };
}

/** A fresh DATA_DIR for a test server and its media-worker. */
export async function tempDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-data-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
