// A track recording taken up again after its worker is killed: one file
// spanning both runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  egressControlChannel,
  type EgressProgress,
  QueueName,
  type RecordedFile,
  type RecordJobData,
} from '@diemcau/protocol';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { REDIS_URL } from './helpers.js';

const ENTRY = fileURLToPath(new URL('../dist/main.js', import.meta.url));
// The spawned workers use BullMQ's default prefix: a Redis database of their own keeps them
// from other tests' jobs (main.test.ts uses 9).
const REDIS_DB_URL = (() => {
  const url = new URL(REDIS_URL);
  url.pathname = '/10';
  return url.toString();
})();
const LOCK_MS = 1_500;

let tools: Tools;
let dataDir: string;
const children: ChildProcess[] = [];
const connection = { url: REDIS_DB_URL };
const queue = new Queue(QueueName.record, { connection });
const events = new QueueEvents(QueueName.record, { connection });
const publisher = new Redis(REDIS_DB_URL);

beforeAll(async () => {
  tools = await locateTools();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-record-recovery-'));
  await queue.obliterate({ force: true });
  await events.waitUntilReady();
});

afterAll(async () => {
  killStarted();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) killGroup(child);
  await queue.obliterate({ force: true });
  await Promise.all([queue.close(), events.close(), publisher.quit()]);
  await rm(dataDir, { recursive: true, force: true });
});

/** A media-worker process leading its own process group, so killing the group takes its ffmpeg too. */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      MEDIA_WORKER_PORT: '0',
      REDIS_URL: REDIS_DB_URL,
      DATA_DIR: dataDir,
      MEDIA_WORKER_LOCK_MS: String(LOCK_MS),
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
    detached: true,
  });
  children.push(child);
  return child;
}

/** As when the machine or container dies: the worker and its recorder at once, nothing finalised. */
function killGroup(child: ChildProcess): void {
  if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
}

function listeningOf(
  jobId: string,
  attempt: number,
): Promise<Extract<EgressProgress, { phase: 'listening' }>> {
  return new Promise((resolve) => {
    const listener = (event: { jobId: string; data: unknown }) => {
      const progress = event.data as EgressProgress;
      if (event.jobId !== jobId || progress.phase !== 'listening' || progress.attempt !== attempt) return;
      events.off('progress', listener);
      resolve(progress);
    };
    events.on('progress', listener);
  });
}

const sender = (ports: Record<string, number>) =>
  start(tools.ffmpeg, rtpSenderArgs({ ports: { mic: ports.mic ?? 0, camera: ports.camera ?? 0 } }));

describe('record job recovery (worker processes, real Redis and ffmpeg)', () => {
  it('is taken up again after its worker is SIGKILLed and finishes one file spanning both runs', async () => {
    const jobId = 'rec3.track-p3';
    const data: RecordJobData = {
      conferenceId: 'c1',
      recordingId: 'rec3',
      output: { kind: 'track', pointId: 'p3' },
      streams: [...POINT_STREAMS],
    };
    const first = listeningOf(jobId, 1);
    const second = listeningOf(jobId, 2);
    const worker = startWorker();
    const job = await queue.add('record', data, { jobId, attempts: 3 });

    const senderStarted = Date.now();
    const before = sender((await first).ports);
    const segmentDir = path.join(dataDir, 'recordings', 'rec3', 'track-p3', 'segments');
    await fileCreated(path.join(segmentDir, '00002.mkv'));
    await sleep(1_000);
    killGroup(worker);
    const killed = Date.now();
    await once(worker, 'exit');
    before.child.kill('SIGKILL');

    startWorker();
    const resumed = await second;
    const relistened = Date.now();
    sender(resumed.ports);
    await sleep(5_000);
    await publisher.publish(egressControlChannel(jobId), JSON.stringify({ type: 'stop' }));
    const stopped = Date.now();

    const [file] = (await job.waitUntilFinished(events, 30_000)) as [RecordedFile];
    const probed = await probe(tools.ffprobe, path.join(dataDir, 'recordings', file.path));
    expect(probed.errors).toBe('');
    expect(probed.streams.map((s) => s.codec).sort()).toEqual(['opus', 'vp8']);
    const wallSeconds = (stopped - senderStarted) / 1000;
    const lostSeconds = wallSeconds - probed.durationSeconds;
    console.info(
      `recovery: re-listening ${(relistened - killed) / 1000} s after the kill; ` +
        `${wallSeconds.toFixed(1)} s of sending, ${probed.durationSeconds.toFixed(1)} s recorded, ${lostSeconds.toFixed(1)} s lost`,
    );
    // Before the kill: ≥ 2 complete segments (4 s); after: ~5 s. Lost: the segment being written,
    // the hand-over (lock expiry + stalled check) and each run's stream analysis.
    expect(probed.durationSeconds).toBeGreaterThan(7);
    expect(lostSeconds).toBeLessThan((relistened - killed) / 1000 + 2 * 2 + 2);
  });
});
