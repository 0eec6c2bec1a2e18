// The media-worker process: configuration, ffmpeg, Redis, the health
// endpoint and the queue workers, and the graceful shutdown that hands jobs over.
import type { MediaWorkerReadiness } from '@diemcau/protocol';
import pino from 'pino';
import { ConfigError } from '@diemcau/protocol';
import { loadConfig } from './config.js';
import { StartupError } from './errors.js';
import { checkFfmpeg, locateFfmpeg } from './ffmpeg.js';
import { createHealthServer, listen } from './health.js';
import { MediaWorkerMetrics } from './metrics.js';
import { startWorkers } from './queues.js';
import { ffprobeBeside } from './record/probe.js';
import { createRedis, RedisMonitor } from './redis.js';
import { withTimeout } from './timeout.js';

// Within the ~10 s container runtimes wait between SIGTERM and SIGKILL.
const WORKER_DRAIN_MS = 7_000;
const STEP_MS = 500;

/** True once `promise` settles within `ms`; false if it is still pending then. */
function settle(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return withTimeout(
    promise.then(
      () => true,
      () => true,
    ),
    ms,
    () => false,
  );
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = pino({ level: config.logLevel, name: 'media-worker' });

  const ffmpeg = await locateFfmpeg(config.ffmpegPath, process.env.PATH);
  log.info({ source: ffmpeg.source, path: ffmpeg.path, version: ffmpeg.version }, 'ffmpeg found');

  const redis = createRedis(config.redisUrl);
  const monitor = new RedisMonitor(redis, config.redisUrl, log);
  const readiness = async (): Promise<MediaWorkerReadiness> => {
    const [redisCheck, ffmpegCheck] = await Promise.all([monitor.check(), checkFfmpeg(ffmpeg)]);
    return { ready: redisCheck.ok && ffmpegCheck.ok, checks: { redis: redisCheck, ffmpeg: ffmpegCheck } };
  };
  const metrics = new MediaWorkerMetrics({
    dirs: { recordings: config.recordingsDir, hls: config.hlsDir },
    minFreeDiskMb: config.minFreeDiskMb,
    readiness,
  });
  const server = createHealthServer(readiness, {
    metricsToken: config.metricsToken,
    onError: (error) => log.error({ err: error }, 'readiness check failed'),
    metrics: metrics.registry,
  });
  const port = await listen(server, config.host, config.port);
  log.info({ host: config.host, port }, 'health endpoint listening');

  const { workers, handOverJobs } = startWorkers({
    connection: redis,
    concurrency: config.concurrency,
    lockMs: config.lockMs,
    tools: { ffmpeg: ffmpeg.path, ffprobe: ffprobeBeside(ffmpeg.path) },
    rtpHost: config.rtpHost,
    recordingsDir: config.recordingsDir,
    hlsDir: config.hlsDir,
    minFreeDiskMb: config.minFreeDiskMb,
    metrics,
    log,
  });

  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    // close() lets active jobs finish; past the cap they are abandoned and
    // BullMQ's stalled-job check hands them to another worker. Without Redis
    // no job can be acknowledged and close() would wait for the reconnect, so force it.
    const redisUp = redis.status === 'ready';
    const drainMs = redisUp ? WORKER_DRAIN_MS : STEP_MS;
    // close() first, so no job is taken meanwhile; then running recorders finish their
    // segment on `q`, livestreams stop their encoders, and their jobs go back to the queue.
    const closed = Promise.all(workers.map((worker) => worker.close(!redisUp)));
    const handedOver = handOverJobs();
    if (!(await settle(Promise.all([closed, handedOver]), drainMs))) {
      log.warn({ afterMs: drainMs }, 'workers did not close in time; their active jobs will be retried');
    }
    await settle(redis.quit(), STEP_MS);
    redis.disconnect();
    server.closeAllConnections();
    await settle(new Promise((resolve) => server.close(resolve)), STEP_MS);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));

  // Ready means taking jobs, which waits for Redis, however long it is away.
  Promise.all(workers.map((worker) => worker.waitUntilReady())).then(
    () =>
      log.info(
        {
          queues: workers.map((worker) => worker.name),
          concurrency: config.concurrency,
          dataDir: config.dataDir,
        },
        'media-worker ready',
      ),
    () => undefined, // closed before Redis ever came
  );
}

main().catch((error: unknown) => {
  // Startup errors are the operator's to fix: one plain line, no stack.
  if (error instanceof ConfigError) process.stderr.write(`invalid configuration: ${error.message}\n`);
  else if (error instanceof StartupError) process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(
      `media-worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  process.exit(1);
});
