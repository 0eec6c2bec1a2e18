// A livestream whose HLS disk is below the minimum: it warns DISK_FULL
// while it and its destination go on.
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  egressControlChannel,
  type EgressControl,
  type LiveJobData,
  type LiveProgress,
  QueueName,
} from '@diemcau/protocol';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MediaWorkers, startWorkers } from '../src/queues.js';
import { createRedis } from '../src/redis.js';
import { killStarted, locateTools } from './egress/ffmpeg-processes.js';
import { startRtmpServer, type RtmpServer } from './helpers/nginx-rtmp.js';
import { captureLogger, REDIS_URL, uniquePrefix } from './helpers.js';

/*
 * A livestream whose HLS folder's disk is below MIN_FREE_DISK_MB: the minimum
 * is set 1 GB above the free space the test measures, so the disk is "full"
 * without filling it.
 */

const prefix = uniquePrefix();
const { log, lines } = captureLogger();
const STREAM_KEY = 'disk-key-51b2';
let dataDir: string;
let minimumMb: number;
let connection: Redis;
let media: MediaWorkers;
let rtmp: RtmpServer;
const queue = new Queue(QueueName.live, { connection: { url: REDIS_URL }, prefix });
const events = new QueueEvents(QueueName.live, { connection: { url: REDIS_URL }, prefix });

beforeAll(async () => {
  const tools = await locateTools();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-live-disk-'));
  const stats = await statfs(dataDir);
  minimumMb = Math.ceil((stats.bavail * stats.bsize) / (1024 * 1024)) + 1024;
  connection = createRedis(REDIS_URL);
  rtmp = await startRtmpServer();
  media = startWorkers({
    connection,
    concurrency: { live: 1, record: 1 },
    prefix,
    lockMs: 30_000,
    tools,
    rtpHost: '127.0.0.1',
    recordingsDir: path.join(dataDir, 'recordings'),
    hlsDir: path.join(dataDir, 'hls'),
    minFreeDiskMb: minimumMb,
    log,
  });
  await events.waitUntilReady();
});

afterAll(async () => {
  await events.close();
  killStarted();
  await Promise.all([...media.workers.map((worker) => worker.close()), media.handOverJobs()]);
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  await rtmp.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a livestream on a disk below MIN_FREE_DISK_MB', () => {
  it('reports DISK_FULL for its HLS output while it and its destination go on', async () => {
    const jobId = 'live.disk';
    const progress: LiveProgress[] = [];
    events.on('progress', ({ jobId: id, data }) => {
      if (id === jobId) progress.push(data as LiveProgress);
    });
    const live = () => progress.filter((p) => p.phase === 'live');
    const publish = (message: EgressControl) =>
      connection.publish(egressControlChannel(jobId), JSON.stringify(message));
    const data: LiveJobData = {
      conferenceId: 'cdisk',
      slug: 'disk',
      video: { id: 'video', kind: 'video', mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 },
      audio: [
        { id: 'a0', kind: 'audio', mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 },
      ],
      destinations: [{ id: 'd1', name: 'nginx' }],
    };
    const job = await queue.add('live', data, { jobId, attempts: 1 });
    await expect.poll(() => progress.some((p) => p.phase === 'listening'), { timeout: 30_000 }).toBe(true);
    // The slate and silence: nobody sends.
    await publish({ type: 'programme', video: false, audio: [] });
    await publish({ type: 'destinations', destinations: [{ id: 'd1', url: `${rtmp.url}/${STREAM_KEY}` }] });

    // Warned from the first report on, and the relay reaches its destination all the same.
    await expect
      .poll(() => live().at(-1)?.destinations[0]?.state, { timeout: 30_000, interval: 250 })
      .toBe('live');
    const reports = live();
    expect(reports.length).toBeGreaterThan(0);
    for (const report of reports) {
      expect(report.hlsWarning).toEqual({
        code: 'DISK_FULL',
        message: expect.stringMatching(
          new RegExp(
            `^\\d+ MB free in ${dataDir}/hls/disk, below the ${minimumMb} MB kept free \\(MIN_FREE_DISK_MB\\): ` +
              'the watch page may stop getting new segments; the destinations keep going$',
          ),
        ),
      });
    }
    expect((await rtmp.publishedStreams()).map((s) => s.name)).toEqual([STREAM_KEY]);
    expect(lines.some((line) => line.msg === 'HLS disk low')).toBe(true);

    // The job is still running, and stops cleanly when asked.
    expect(await job.getState()).toBe('active');
    await publish({ type: 'stop' });
    await expect.poll(() => job.getState(), { timeout: 30_000, interval: 250 }).toBe('completed');
  }, 60_000);
});
