// The media-worker's /metrics on its health port (real Redis and ffmpeg): jobs running by kind,
// failures by code, relay retries, free disk and readiness, each with its real value.
import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  egressControlChannel,
  type MediaWorkerReadiness,
  QueueName,
  type RecordJobData,
} from '@diemcau/protocol';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeUdpPortPair } from '../src/egress/udp-ports.js';
import { EgressError } from '../src/egress/errors.js';
import { createHealthServer, listen } from '../src/health.js';
import { Relay } from '../src/live/relay.js';
import { failureCode, MediaWorkerMetrics } from '../src/metrics.js';
import { type MediaWorkers, startWorkers } from '../src/queues.js';
import { createRedis } from '../src/redis.js';
import { killStarted, locateTools, type Tools } from './egress/ffmpeg-processes.js';
import { POINT_STREAMS } from './egress/synthetic-sources.js';
import { captureLogger, freePort, METRICS_TOKEN, REDIS_URL, uniquePrefix } from './helpers.js';

const prefix = uniquePrefix();
const { log } = captureLogger();
const WITHIN = { timeout: 20_000, interval: 100 };
const readiness: MediaWorkerReadiness = {
  ready: false,
  checks: { redis: { ok: true, detail: 'PING answered' }, ffmpeg: { ok: false, detail: 'gone' } },
};
let tools: Tools;
let recordingsDir: string;
let connection: Redis;
let media: MediaWorkers;
let metrics: MediaWorkerMetrics;
let server: Server;
let base: string;
const queues = {
  record: new Queue(QueueName.record, { connection: { url: REDIS_URL }, prefix }),
  live: new Queue(QueueName.live, { connection: { url: REDIS_URL }, prefix }),
};

beforeAll(async () => {
  tools = await locateTools();
  recordingsDir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-metrics-'));
  metrics = new MediaWorkerMetrics({
    dirs: { recordings: recordingsDir, hls: path.join(recordingsDir, 'not-made-yet') },
    minFreeDiskMb: 5,
    readiness: async () => readiness,
  });
  server = createHealthServer(async () => readiness, {
    metrics: metrics.registry,
    metricsToken: METRICS_TOKEN,
  });
  base = `http://127.0.0.1:${await listen(server, '127.0.0.1', 0)}`;
  connection = createRedis(REDIS_URL);
  media = startWorkers({
    connection,
    concurrency: { live: 1, record: 1 },
    prefix,
    lockMs: 30_000,
    tools,
    rtpHost: '127.0.0.1',
    recordingsDir,
    metrics,
    log,
  });
});

afterAll(async () => {
  killStarted();
  await Promise.all(media.workers.map((worker) => worker.close(true)));
  for (const queue of Object.values(queues)) {
    await queue.obliterate({ force: true });
    await queue.close();
  }
  await connection.quit();
  await new Promise((resolve) => server.close(resolve));
  await rm(recordingsDir, { recursive: true, force: true });
});

/** One series' value from GET /metrics, e.g. `diemcau_media_worker_jobs_active{kind="track"}`. */
async function sample(series: string): Promise<number | undefined> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  const line = (await response.text()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('media-worker metrics', () => {
  it('serves free disk per output folder, the minimum kept free, readiness and process metrics', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const response = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(await sample('diemcau_media_worker_disk_free_bytes{dir="recordings"}')).toBeGreaterThan(0);
    // A folder not made yet has no series rather than a wrong one.
    expect(text).not.toContain('dir="hls"');
    expect(await sample('diemcau_media_worker_disk_min_free_bytes')).toBe(5 * 1024 * 1024);
    expect(await sample('diemcau_media_worker_ready{check="redis"}')).toBe(1);
    expect(await sample('diemcau_media_worker_ready{check="ffmpeg"}')).toBe(0);
  });

  it('counts a running track job while it records, and its end', async () => {
    expect(await sample('diemcau_media_worker_jobs_active{kind="track"}')).toBe(0);
    const data: RecordJobData = {
      conferenceId: 'c1',
      recordingId: 'm1',
      output: { kind: 'track', pointId: 'p1' },
      streams: [...POINT_STREAMS],
    };
    const job = await queues.record.add('record', data, { jobId: 'm1.track-p1', attempts: 1 });
    await expect.poll(() => sample('diemcau_media_worker_jobs_active{kind="track"}'), WITHIN).toBe(1);
    expect(await sample('diemcau_media_worker_jobs_active{kind="live"}')).toBe(0);
    await connection.publish(egressControlChannel(job.id ?? ''), JSON.stringify({ type: 'stop' }));
    await expect.poll(() => sample('diemcau_media_worker_jobs_active{kind="track"}'), WITHIN).toBe(0);
    // Nothing was sent to it: it ends without media, a failure counted under its code.
    await expect.poll(() => queues.record.getJobState(job.id ?? ''), WITHIN).toBe('failed');
    const reason = (await queues.record.getJob(job.id ?? ''))?.failedReason ?? '';
    const code = /^([A-Z_]+): /.exec(reason)?.[1];
    expect(code, reason).toBeDefined();
    expect(await sample(`diemcau_media_worker_job_failures_total{kind="track",code="${code}"}`)).toBe(1);
  });

  it('counts a live job refused for its payload as a VALIDATION_FAILED failure of kind live', async () => {
    await queues.live.add('live', { conferenceId: '' }, { attempts: 1 });
    await expect
      .poll(
        () => sample('diemcau_media_worker_job_failures_total{kind="live",code="VALIDATION_FAILED"}'),
        WITHIN,
      )
      .toBe(1);
    expect(await sample('diemcau_media_worker_jobs_active{kind="live"}')).toBe(0);
  });

  it('counts each failed relay connection as a retry', async () => {
    // No feed reaches its input: the stall backstop ends each attempt, and it retries.
    const relay = new Relay({
      ffmpeg: tools.ffmpeg,
      id: 'dest-1',
      inputPort: await freeUdpPortPair(),
      url: `rtmp://127.0.0.1:${await freePort()}/live/KEY-1`,
      log,
      backoff: { initialMs: 100, maxMs: 200, resetAfterMs: 1_000 },
      stallMs: 500,
      onChange: metrics.relayChanged,
    });
    relay.start();
    try {
      await expect
        .poll(async () => (await sample('diemcau_media_worker_relay_retries_total')) ?? 0, WITHIN)
        .toBeGreaterThanOrEqual(2);
    } finally {
      await relay.stop();
    }
  });

  it('names failures by their stable code only, and anything else OTHER', () => {
    expect(failureCode(new EgressError('DISK_FULL', 'no room'))).toBe('DISK_FULL');
    expect(failureCode(new Error('ENCODER_FAILED: exited 3 times'))).toBe('ENCODER_FAILED');
    expect(failureCode(new Error('ENOENT: /data/recordings/x'))).toBe('OTHER');
    expect(failureCode('thrown string')).toBe('OTHER');
  });
});
