import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueueName, type Recording } from '@diemcau/protocol';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateTools, type Tools } from '../../media-worker/test/egress/ffmpeg-processes.js';
import { packetTimes, probe } from '../../media-worker/test/egress/probe.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { REDIS_URL } from './helpers/databases.js';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { tempDataDir } from './helpers/media-worker.js';
import { twoTier } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { closeMembers, enterRoom, type RoomMember } from './helpers/room-members.js';

/*
 * A media-worker process killed mid-recording (SIGKILL to its process group:
 * its ffmpeg dies too, nothing is finalised). Another takes the job up, the
 * server connects new transports to its new ports, and the finished file
 * holds the media from before and after, with the gap measured.
 */

const ENTRY = fileURLToPath(new URL('../../media-worker/dist/main.js', import.meta.url));
// Media-worker processes use BullMQ's default prefix: a Redis database of their own keeps
// them from other tests' jobs (the media-worker's own tests use 9 and 10).
const REDIS_DB_URL = (() => {
  const url = new URL(REDIS_URL);
  url.pathname = '/11';
  return url.toString();
})();
const LOCK_MS = 1_500;

describe('a recording survives its media-worker being killed (sqlite, worker processes)', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let api: TestApi;
  let tools: Tools;
  let fixture: LiveConference;
  const children: ChildProcess[] = [];
  const members: RoomMember[] = [];

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, [ENTRY], {
      env: {
        PATH: process.env.PATH ?? '',
        MEDIA_WORKER_PORT: '0',
        REDIS_URL: REDIS_DB_URL,
        DATA_DIR: data.dir,
        MEDIA_WORKER_LOCK_MS: String(LOCK_MS),
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
      detached: true,
    });
    children.push(child);
    return child;
  }
  const killGroup = (child: ChildProcess) => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL');

  beforeAll(async () => {
    tools = await locateTools();
    data = await tempDataDir();
    const queue = new Queue(QueueName.record, { connection: { url: REDIS_DB_URL } });
    await queue.obliterate({ force: true });
    await queue.close();
    api = await startTestApi('sqlite', { DATA_DIR: data.dir, REDIS_URL: REDIS_DB_URL }, 'bull');
    fixture = await startLiveConference(api, twoTier('K'), ['K-C1']);
    for (const [auth, name] of [
      [{ session: fixture.host.token, conferenceId: fixture.conference.id }, 'host'],
      [{ token: fixture.pointToken('K-C1') }, 'point'],
    ] as const) {
      await enterRoom(members, fixture.url, auth, name);
    }
    await members[1]!.peer.produceVideo({ width: 320, height: 180, fps: 15, simulcast: false });
    await members[1]!.peer.produceAudio();
  }, 60_000);

  afterAll(async () => {
    await closeMembers(members);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) killGroup(child);
    await api?.close();
    await data?.remove();
  });

  it('finishes one file per hall with the media from before and after the kill', async () => {
    const first = startWorker();
    const started = await api.request({
      method: 'POST',
      url: `/api/conferences/${fixture.conference.id}/recordings`,
      as: fixture.host.token,
      payload: {},
    });
    expect(started.statusCode).toBe(201);
    const recording = started.json<Recording>();
    const startedAt = Date.now();
    // Two finished 2 s segments of the hall on disk (the third is being written).
    const segments = path.join(
      data.dir,
      'recordings',
      recording.id,
      `track-${fixture.tree.point('K-C1').id}`,
      'segments',
    );
    await waitFor(
      'media recorded',
      async () => ((fs.existsSync(segments) ? fs.readdirSync(segments).length : 0) >= 3 ? true : undefined),
      30_000,
    );
    killGroup(first);
    const killed = Date.now();
    await once(first, 'exit');
    startWorker();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const stopped = await api.request({
      method: 'POST',
      url: `/api/recordings/${recording.id}/stop`,
      as: fixture.host.token,
    });
    expect(stopped.statusCode).toBe(200);
    const stoppedAt = Date.now();
    const ready = await waitFor(
      'the recording ready',
      async () => {
        const r = (
          await api.request({ url: `/api/recordings/${recording.id}`, as: fixture.host.token })
        ).json<Recording>();
        return r.status === 'ready' || r.status === 'failed' ? r : undefined;
      },
      40_000,
    );
    expect(ready.status, JSON.stringify(ready.error)).toBe('ready');
    const track = ready.files.find((f) => f.output === 'track')!;
    // The hall's file and the programme's, both taken up by the second worker.
    expect(ready.files.map((f) => f.output).sort()).toEqual(['programme', 'track']);
    const file = path.join(data.dir, 'recordings', ready.id, `track-${track.pointId}`, track.fileName);
    const probed = await probe(tools.ffprobe, file);
    expect(probed.streams.map((s) => s.codec).sort()).toEqual(['opus', 'vp8']);
    const times = await packetTimes(tools.ffprobe, file, 'v');
    // The two runs' segments are joined end to end: the seam is the largest step between frames.
    const steps = times.slice(1).map((t, i) => t - times[i]!);
    const seam = steps.indexOf(Math.max(...steps));
    const before = times[seam]! - times[0]!;
    const after = times.at(-1)! - times[seam + 1]!;
    const wall = (stoppedAt - startedAt) / 1000;
    console.info(
      `recording recovery: ${wall.toFixed(1)} s recorded, worker killed at ${((killed - startedAt) / 1000).toFixed(1)} s; ` +
        `file ${probed.durationSeconds.toFixed(1)} s (${before.toFixed(1)} s before the kill, ${after.toFixed(1)} s after): ` +
        `${(wall - probed.durationSeconds).toFixed(1)} s lost`,
    );
    expect(before).toBeGreaterThan(2);
    expect(after).toBeGreaterThan(4);
    // Lost: the segment being written, the lock expiring, the stalled check and ffmpeg's start.
    expect(wall - probed.durationSeconds).toBeLessThan(10);
  }, 120_000);
});
