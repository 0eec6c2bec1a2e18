// The track recording end to end (real Redis and ffmpeg): listening,
// recording until stop, one playable file, and an unusable stream refused.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  egressControlChannel,
  type EgressProgress,
  QueueName,
  type RecordedFile,
  type RecordJobData,
} from '@diemcau/protocol';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MediaWorkers, startWorkers } from '../src/queues.js';
import { createRedis } from '../src/redis.js';
import {
  fileCreated,
  killStarted,
  locateTools,
  sleep,
  start,
  type Tools,
} from './egress/ffmpeg-processes.js';
import { probe } from './egress/probe.js';
import { POINT_STREAMS, rtpSenderArgs } from './egress/synthetic-sources.js';
import { captureLogger, REDIS_URL, uniquePrefix } from './helpers.js';

const prefix = uniquePrefix();
const { log } = captureLogger();
let tools: Tools;
let recordingsDir: string;
let connection: Redis;
let media: MediaWorkers;
const queue = new Queue(QueueName.record, { connection: { url: REDIS_URL }, prefix });
const events = new QueueEvents(QueueName.record, { connection: { url: REDIS_URL }, prefix });

beforeAll(async () => {
  tools = await locateTools();
  recordingsDir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-record-job-'));
  connection = createRedis(REDIS_URL);
  media = startWorkers({
    connection,
    concurrency: { live: 1, record: 2 },
    prefix,
    lockMs: 30_000,
    tools,
    rtpHost: '127.0.0.1',
    recordingsDir,
    log,
  });
  await events.waitUntilReady();
});

afterAll(async () => {
  killStarted();
  await Promise.all(media.workers.map((worker) => worker.close(true)));
  await queue.obliterate({ force: true });
  await Promise.all([queue.close(), events.close()]);
  await connection.quit();
  await rm(recordingsDir, { recursive: true, force: true });
});

const trackJob = (recordingId: string, pointId: string): RecordJobData => ({
  conferenceId: 'c1',
  recordingId,
  output: { kind: 'track', pointId },
  streams: [...POINT_STREAMS],
});

/** The first progress of `phase` the job reports, as the server sees it through QueueEvents. */
function progressOf<P extends EgressProgress['phase']>(
  jobId: string,
  phase: P,
): Promise<Extract<EgressProgress, { phase: P }>> {
  return new Promise((resolve) => {
    const listener = (event: { jobId: string; data: unknown }) => {
      const progress = event.data as EgressProgress;
      if (event.jobId !== jobId || progress.phase !== phase) return;
      events.off('progress', listener);
      resolve(progress as Extract<EgressProgress, { phase: P }>);
    };
    events.on('progress', listener);
  });
}

async function publishStop(jobId: string): Promise<void> {
  await connection.publish(egressControlChannel(jobId), JSON.stringify({ type: 'stop' }));
}

describe('record job (real Redis, real ffmpeg)', () => {
  it('listens, records Opus + VP8 until stop, and returns one playable file', async () => {
    const jobId = 'rec1.track-p1';
    const listening = progressOf(jobId, 'listening');
    const recording = progressOf(jobId, 'recording');
    const finalising = progressOf(jobId, 'finalising');
    const job = await queue.add('record', trackJob('rec1', 'p1'), { jobId, attempts: 3 });

    const handshake = await listening;
    expect(handshake).toEqual({
      phase: 'listening',
      host: '127.0.0.1',
      ports: { mic: expect.any(Number), camera: expect.any(Number) },
      attempt: 1,
    });
    const senderStarted = Date.now();
    start(
      tools.ffmpeg,
      rtpSenderArgs({ ports: { mic: handshake.ports.mic ?? 0, camera: handshake.ports.camera ?? 0 } }),
    );
    const segmentDir = path.join(recordingsDir, 'rec1', 'track-p1', 'segments');
    const firstSegmentOpened = await fileCreated(path.join(segmentDir, '00000.mkv'));
    expect(await recording).toMatchObject({ phase: 'recording', segments: expect.any(Number) });
    await sleep(6_000);
    await publishStop(jobId);
    const stopped = Date.now();
    await finalising;

    const files = (await job.waitUntilFinished(events, 30_000)) as RecordedFile[];
    expect(files).toEqual([
      {
        path: path.join('rec1', 'track-p1', 'track-p1.mkv'),
        bytes: expect.any(Number),
        durationMs: expect.any(Number),
        codecs: expect.arrayContaining(['vp8', 'opus']),
      },
    ]);
    const [file] = files as [RecordedFile];
    const absolute = path.join(recordingsDir, file.path);
    expect((await stat(absolute)).size).toBe(file.bytes);
    const probed = await probe(tools.ffprobe, absolute);
    expect(probed.errors).toBe('');
    expect(probed.streams.map((s) => s.codec).sort()).toEqual(['opus', 'vp8']);
    for (const stream of probed.streams) expect(stream.frames).toBeGreaterThan(0);
    expect(Math.abs(probed.durationSeconds * 1000 - file.durationMs)).toBeLessThan(50);
    // Recording began between the sender's start and the first segment's opening.
    expect(probed.durationSeconds).toBeGreaterThanOrEqual((stopped - firstSegmentOpened) / 1000 - 1);
    expect(probed.durationSeconds).toBeLessThanOrEqual((stopped - senderStarted) / 1000 + 1);
    const done = await Job.fromId(queue, jobId);
    // Completed on its first start (BullMQ counts the completion as the attempt made).
    expect(done).toMatchObject({ attemptsStarted: 1, attemptsMade: 1 });
  });

  it('fails a job with an unusable stream as VALIDATION_FAILED, without retrying', async () => {
    const data = trackJob('rec2', 'p2');
    const bad = { ...data, streams: [{ ...POINT_STREAMS[0], payloadType: 200 }] };
    const job = await queue.add('record', bad, { jobId: 'rec2.track-p2', attempts: 3 });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(
      /^VALIDATION_FAILED: \/streams\/0\/payloadType /,
    );
    const failed = await Job.fromId(queue, job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
  });
});
