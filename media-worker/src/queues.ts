// The media-worker's BullMQ workers: one per queue, each job's payload
// validated, then run by its processor (a track, the programme, a livestream).
import path from 'node:path';
import { type ErrorCode, LiveJobData, QueueName, RecordJobData, validator } from '@diemcau/protocol';
import type { Static, TSchema } from 'typebox';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DEFAULT_MIN_FREE_DISK_MB } from './config.js';
import { ActiveJobs } from './egress/active-jobs.js';
import { liveJob } from './live/live-job.js';
import type { JobKind, MediaWorkerMetrics } from './metrics.js';
import type { Tools } from './record/finalise.js';
import { programmeJob } from './record/programme-job.js';
import { recordJob } from './record/record-job.js';

type Processor = (job: Job, token?: string) => Promise<unknown>;

/** Fails a job for good: its failedReason starts with the stable code, e.g. `VALIDATION_FAILED: …`. */
function jobFailure(code: ErrorCode, message: string): UnrecoverableError {
  return new UnrecoverableError(`${code}: ${message}`);
}

/** A processor that first validates the payload: a malformed one fails for good, as a retry would fail again. */
function validated<S extends TSchema>(
  schema: S,
  process: (job: Job, token: string | undefined, data: Static<S>) => Promise<unknown>,
): Processor {
  const check = validator(schema);
  return async (job, token) => {
    const result = check(job.data);
    if (!result.ok) {
      throw jobFailure('VALIDATION_FAILED', result.issues.map((i) => `${i.path} ${i.message}`).join('; '));
    }
    return process(job, token, result.value);
  };
}

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** Redis outages surface once per reconnect attempt; RedisMonitor already logs the state change. */
function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && CONNECTION_ERRORS.has(code)) || error.message === 'Connection is closed.';
}

export interface WorkerOptions {
  /** Shared by the workers; BullMQ duplicates it for each blocking connection. */
  connection: Redis;
  concurrency: Record<QueueName, number>;
  /** BullMQ key prefix, `bull` (BullMQ's default, as the server uses) unless tests isolate themselves. */
  prefix?: string;
  /** Job lock and stalled-job check period (Config.lockMs). */
  lockMs: number;
  tools: Tools;
  rtpHost: string;
  recordingsDir: string;
  /** Where live jobs write HLS (Config.hlsDir); `hls` beside recordingsDir, in DATA_DIR, when not given. */
  hlsDir?: string;
  /** Config.minFreeDiskMb; its default when not given. */
  minFreeDiskMb?: number;
  /** Counts jobs by kind, their failures and relay retries, when /metrics is served. */
  metrics?: Pick<MediaWorkerMetrics, 'track' | 'relayChanged'>;
  log: Logger;
}

export interface MediaWorkers {
  workers: Worker[];
  /** Stops running recorders and livestreams cleanly and puts their jobs back in the queue; call after `close()` began. */
  handOverJobs(): Promise<void>;
}

/**
 * A job is long-lived (a whole recording or livestream), so a worker may die under it more
 * than once: each death is one stall, and BullMQ fails a job stalled more often than this.
 */
const MAX_STALLED = 10;

/** One BullMQ worker per queue; their errors are logged, never thrown. */
export function startWorkers(options: WorkerOptions): MediaWorkers {
  const { connection, concurrency, prefix = 'bull', lockMs, log } = options;
  const active = new ActiveJobs();
  const record = { ...options, minFreeDiskMb: options.minFreeDiskMb ?? DEFAULT_MIN_FREE_DISK_MB, active };
  const live = {
    connection,
    ffmpeg: options.tools.ffmpeg,
    rtpHost: options.rtpHost,
    hlsDir: options.hlsDir ?? path.join(path.dirname(options.recordingsDir), 'hls'),
    minFreeDiskMb: record.minFreeDiskMb,
    active,
    onRelayChange: options.metrics?.relayChanged,
    log,
  };
  // Around validation too, so a refused payload counts as a failure of its kind.
  const counted =
    (kindOf: (job: Job) => JobKind, process: Processor): Processor =>
    (job, token) =>
      options.metrics?.track(kindOf(job), process(job, token)) ?? process(job, token);
  const processors: Record<QueueName, Processor> = {
    [QueueName.record]: counted(
      (job) => ((job.data as Partial<RecordJobData>).output?.kind === 'programme' ? 'programme' : 'track'),
      validated(RecordJobData, (job, token, data) =>
        active.track(
          data.output.kind === 'programme'
            ? programmeJob(record, job, token, data)
            : recordJob(record, job, token, data),
        ),
      ),
    ),
    [QueueName.live]: counted(
      () => 'live',
      validated(LiveJobData, (job, token, data) => active.track(liveJob(live, job, token, data))),
    ),
  };
  const workers = Object.values(QueueName).map((queue) => {
    const worker = new Worker(queue, processors[queue], {
      connection,
      concurrency: concurrency[queue],
      prefix,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: MAX_STALLED,
    });
    worker.on('failed', (job, error) =>
      log.warn({ queue, jobId: job?.id, reason: error.message }, 'job failed'),
    );
    worker.on('error', (error) => {
      if (isConnectionError(error)) log.debug({ queue, error: error.message }, 'worker connection error');
      else log.error({ queue, err: error }, 'worker error');
    });
    return worker;
  });
  return { workers, handOverJobs: () => active.suspendAll() };
}
