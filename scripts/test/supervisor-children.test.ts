// The launcher's supervisor and a real media-worker running a livestream: SIGKILLed, it is
// restarted, and its ffmpeg (which would otherwise go on encoding) does not live on.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LiveJobData, QueueName } from '@diemcau/protocol';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../lib/net.mjs';
import { keepAlive } from '../lib/supervisor.mjs';
import { childrenNamed, commandLine, running, runningInGroup } from './proc-scan.js';

const ENTRY = fileURLToPath(new URL('../../media-worker/dist/main.js', import.meta.url));

// The worker uses BullMQ's default prefix: a Redis database of its own keeps it from taking
// other tests' jobs, or theirs from taking this one.
const ISOLATED_DB = 12;

function redisUrl(): string {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  url.pathname = `/${ISOLATED_DB}`;
  return url.toString();
}

// A livestream to HLS with no destination: its mixer and encoder start at once, with the slate
// and silence, and run until stopped; neither notices its worker is gone.
const liveJob: LiveJobData = {
  conferenceId: 'supervised',
  slug: 'supervised',
  video: { id: 'video', kind: 'video', mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 },
  audio: [
    { id: 'audio-0', kind: 'audio', mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 },
  ],
  destinations: [],
};

describe('keepAlive and a media-worker with ffmpeg running', () => {
  it('restarts a SIGKILLed media-worker and leaves none of its ffmpeg running', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-supervised-'));
    const queue = new Queue(QueueName.live, { connection: { url: redisUrl() } });
    await queue.obliterate({ force: true });
    // As the launcher starts it (scripts/start.mjs): detached, its own process group.
    const keeper = keepAlive('media-worker', () =>
      spawn(process.execPath, [ENTRY], {
        env: {
          ...process.env,
          REDIS_URL: redisUrl(),
          MEDIA_WORKER_PORT: '0',
          DATA_DIR: dataDir,
          // However full this machine's disk, the livestream starts.
          MIN_FREE_DISK_MB: '0',
          LOG_LEVEL: 'warn',
        },
        stdio: 'ignore',
        detached: true,
      }),
    );
    const first = keeper.child;
    const pid = first.pid;
    try {
      if (pid === undefined) throw new Error('the media-worker did not start');
      await queue.add('live', liveJob, { jobId: 'supervised-live' });
      // The job's ffmpeg, not the `ffmpeg -version` the worker runs at start to check it.
      const ownFfmpeg = () =>
        childrenNamed(pid, 'ffmpeg').filter((child) => !commandLine(child).includes('-version'));
      let encoders: number[] = [];
      const live = await waitFor(async () => (encoders = ownFfmpeg()).length > 0, {
        timeoutMs: 20_000,
        intervalMs: 100,
      });
      expect(live, 'the media-worker started no ffmpeg for the live job').toBe(true);

      process.kill(pid, 'SIGKILL');
      expect(await waitFor(async () => keeper.child !== first, { timeoutMs: 10_000 })).toBe(true);
      expect(keeper.child.pid).not.toBe(pid);
      expect(encoders.filter(running), 'ffmpeg outlived its media-worker').toEqual([]);
      // Nor anything else it started: its process group is empty.
      expect(runningInGroup(pid), 'a process the killed media-worker started is still running').toEqual([]);
    } finally {
      await keeper.stop(5_000);
      await queue.obliterate({ force: true });
      await queue.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
