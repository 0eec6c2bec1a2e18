// The queue workers' validation: a malformed or unencodable payload fails
// for good with a stable code, and the failure is logged.
import os from 'node:os';
import path from 'node:path';
import { QueueName } from '@diemcau/protocol';
import { Job, Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers } from '../src/queues.js';
import { createRedis } from '../src/redis.js';
import { captureLogger, REDIS_URL, uniquePrefix } from './helpers.js';

const prefix = uniquePrefix();
const { log, lines } = captureLogger();
let connection: Redis;
let workers: Worker[];
const queues = {
  record: new Queue(QueueName.record, { connection: { url: REDIS_URL }, prefix }),
  live: new Queue(QueueName.live, { connection: { url: REDIS_URL }, prefix }),
};

beforeAll(() => {
  connection = createRedis(REDIS_URL);
  ({ workers } = startWorkers({
    connection,
    concurrency: { live: 1, record: 1 },
    prefix,
    lockMs: 30_000,
    tools: { ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' },
    rtpHost: '127.0.0.1',
    recordingsDir: path.join(os.tmpdir(), 'diemcau-queues-test-recordings'),
    log,
  }));
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  for (const queue of Object.values(queues)) {
    await queue.obliterate({ force: true });
    await queue.close();
  }
  await connection.quit();
});

/** Adds a job that would be retried if its failure were recoverable, and waits for it to end failed. */
async function failedJob(queue: Queue, data: unknown): Promise<Job> {
  const added = await queue.add('job', data, { attempts: 3 });
  const id = added.id ?? '';
  await expect.poll(() => queue.getJobState(id), { timeout: 10_000, interval: 50 }).toBe('failed');
  const job = await Job.fromId(queue, id);
  if (job === undefined) throw new Error(`job ${id} vanished`);
  return job;
}

describe('media-worker queues', () => {
  it('fails a record job with a bad payload as VALIDATION_FAILED, without retrying', async () => {
    const job = await failedJob(queues.record, { conferenceId: '' });
    expect(job.failedReason).toMatch(
      /^VALIDATION_FAILED: .*\/conferenceId must not have fewer than 1 characters/,
    );
    expect(job.attemptsMade).toBe(1);
  });

  it('fails a record job without its fields as VALIDATION_FAILED', async () => {
    const job = await failedJob(queues.record, { room: 'c1' });
    expect(job.failedReason).toMatch(/^VALIDATION_FAILED: .*conferenceId/);
  });

  it('fails a programme recording without a video slot as INVALID_JOB, without retrying', async () => {
    const job = await failedJob(queues.record, {
      conferenceId: 'c1',
      recordingId: 'r1',
      output: { kind: 'programme' },
      streams: [{ id: 'a', kind: 'audio', mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000 }],
    });
    expect(job.failedReason).toBe('INVALID_JOB: the programme needs one video slot, not 0');
    expect(job.attemptsMade).toBe(1);
  });

  it('validates live jobs, fails one with nowhere to send as NO_OUTPUT, and logs the failure', async () => {
    const bad = await failedJob(queues.live, { conferenceId: 42 });
    expect(bad.failedReason).toMatch(/^VALIDATION_FAILED: .*\/conferenceId /);
    const stream = { kind: 'audio', mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 };
    const valid = await failedJob(queues.live, {
      conferenceId: 'c1',
      slug: null,
      video: { id: 'video', kind: 'video', mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 },
      audio: [{ id: 'audio-0', ...stream }],
      destinations: [],
    });
    expect(valid.failedReason).toMatch(/^NO_OUTPUT: /);
    expect(valid.attemptsMade).toBe(1);
    await expect
      .poll(() =>
        lines.find((line) => line.msg === 'job failed' && line.queue === 'live' && line.jobId === valid.id),
      )
      .toMatchObject({ queue: 'live', reason: valid.failedReason });
  });
});
