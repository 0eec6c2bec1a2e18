import { type ErrorCode, LiveJobData, QueueName, RecordJobData, validator } from '@diemcau/protocol';
import type { TSchema } from 'typebox';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

type Processor = (job: Job) => Promise<void>;

/** Fails a job for good: its failedReason starts with the stable code, e.g. `VALIDATION_FAILED: …`. */
function jobFailure(code: ErrorCode, message: string): UnrecoverableError {
  return new UnrecoverableError(`${code}: ${message}`);
}

/**
 * Validates the payload, then fails the job: the processing itself arrives in
 * a later version, and retrying would only fail again.
 */
function unsupported(schema: TSchema, feature: string): Processor {
  const check = validator(schema);
  return async (job) => {
    const result = check(job.data);
    if (!result.ok) {
      throw jobFailure('VALIDATION_FAILED', result.issues.map((i) => `${i.path} ${i.message}`).join('; '));
    }
    throw jobFailure('UNSUPPORTED_JOB', `${feature} is not available in this version`);
  };
}

const processors: Record<QueueName, Processor> = {
  [QueueName.record]: unsupported(RecordJobData, 'recording'),
  [QueueName.live]: unsupported(LiveJobData, 'livestreaming'),
};

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
  concurrency: number;
  /** BullMQ key prefix, `bull` (BullMQ's default, as the server uses) unless tests isolate themselves. */
  prefix?: string;
  log: Logger;
}

/** One BullMQ worker per queue; their errors are logged, never thrown. */
export function startWorkers({ connection, concurrency, prefix = 'bull', log }: WorkerOptions): Worker[] {
  return Object.values(QueueName).map((queue) => {
    const worker = new Worker(queue, processors[queue], { connection, concurrency, prefix });
    worker.on('failed', (job, error) =>
      log.warn({ queue, jobId: job?.id, reason: error.message }, 'job failed'),
    );
    worker.on('error', (error) => {
      if (isConnectionError(error)) log.debug({ queue, error: error.message }, 'worker connection error');
      else log.error({ queue, err: error }, 'worker error');
    });
    return worker;
  });
}
