import { execFile } from 'node:child_process';
import { rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BroadcastStatus, Conference, LiveStatus, Recording } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateTools, type Tools } from '../../media-worker/test/egress/ffmpeg-processes.js';
import { probe } from '../../media-worker/test/egress/probe.js';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { REDIS_URL } from './helpers/databases.js';
import {
  startTestMediaWorker,
  tempDataDir,
  type TestMediaWorker,
  type TestMediaWorkerOptions,
} from './helpers/media-worker.js';
import { insertTree, type Tree, twoTier } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { closeMembers, enterRoom, type RoomMember } from './helpers/room-members.js';
import type { AddressInfo } from 'node:net';

/*
 * Recording and going live when the input is bad: the media-worker's ffmpeg
 * is missing, nobody sends anything, the disk is below its minimum at the
 * start or fills while recording. Each ends in a stable code and message in
 * the REST API and in the host's broadcastStatus, and what was written is kept.
 */

const SLUG = 'hoi-nghi-dau-vao-xau';
const POINTS = ['B-C1', 'B-C2'];
const MB = 1024 * 1024;

describe('recording and livestream on bad input (sqlite, real mediasoup, media-worker and ffmpeg)', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let api: TestApi;
  let tools: Tools;
  let worker: TestMediaWorker | undefined;
  let conference: Conference;
  let tree: Tree;
  let host: string;
  const members: RoomMember[] = [];

  beforeAll(async () => {
    tools = await locateTools();
    data = await tempDataDir();
    api = await startTestApi('sqlite', { DATA_DIR: data.dir });
    await api.app.http.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(api.app.http.server.address() as AddressInfo).port}`;
    host = (await signedIn(api, 'host')).token;
    tree = await insertTree(api.app.database.db, twoTier('B'));
    const created = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host,
      payload: {
        title: 'Đầu vào xấu',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { points: POINTS.map((code) => tree.point(code).id) },
        watchAccess: 'public',
        watchSlug: SLUG,
      },
    });
    conference = created.json<Conference>();
    await api.request({ method: 'POST', url: `/api/conferences/${conference.id}/start`, as: host });
    // The host and both halls join, sending nothing until the disk test.
    const auths = [
      { session: host, conferenceId: conference.id },
      ...POINTS.map((code) => ({
        token: api.app.services.joinTokens.mint({
          conferenceId: conference.id,
          role: 'point',
          pointId: tree.point(code).id,
        }).token,
      })),
    ];
    for (const [i, auth] of auths.entries()) {
      await enterRoom(members, url, auth, i === 0 ? 'host' : `P${i}`);
    }
  }, 60_000);

  afterAll(async () => {
    await closeMembers(members);
    await api?.close();
    await worker?.close();
    await data?.remove();
  });

  /** Replaces the media-worker: each test runs one configured for its case. */
  async function useWorker(options: TestMediaWorkerOptions): Promise<void> {
    await worker?.close();
    worker = await startTestMediaWorker(api.app, data.dir, REDIS_URL, options);
  }

  const statuses = (): BroadcastStatus[] =>
    members[0]!.peer.notifications
      .filter((n) => n.method === 'broadcastStatus')
      .map((n) => n.data as BroadcastStatus);
  const lastLive = (): LiveStatus | null | undefined => statuses().at(-1)?.live;

  async function startRecording(): Promise<Recording> {
    const started = await api.request({
      method: 'POST',
      url: `/api/conferences/${conference.id}/recordings`,
      as: host,
      payload: {},
    });
    expect(started.statusCode, started.body).toBe(201);
    return started.json<Recording>();
  }

  const recordingOf = async (id: string): Promise<Recording> =>
    (await api.request({ url: `/api/recordings/${id}`, as: host })).json<Recording>();

  /** Waits for the recording to settle by itself (nobody stops it) and for the host to hear it. */
  async function settled(id: string, status: Recording['status'], timeoutMs = 30_000): Promise<Recording> {
    const recording = await waitFor(
      `recording ${status}`,
      async () => {
        const r = await recordingOf(id);
        return r.status === status ? r : undefined;
      },
      timeoutMs,
    );
    const told = await waitFor(
      'the host told',
      async () =>
        statuses().find((s) => s.recording?.id === id && s.recording.status === status)?.recording ??
        undefined,
      5_000,
    );
    expect(told.error).toEqual(recording.error);
    return recording;
  }

  const playlist = async () => {
    const res = await api.request({ url: `/hls/${SLUG}/index.m3u8` });
    return res.statusCode === 200 ? res.body : '';
  };
  const segments = (text: string) => text.split('\n').filter((line) => line.endsWith('.ts'));

  it('without ffmpeg, a recording and a livestream fail with FFMPEG_NOT_FOUND', async () => {
    await useWorker({ tools: { ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' } });
    const recording = await startRecording();
    // Nobody stops it: an output that cannot start ends the recording.
    const failed = await settled(recording.id, 'failed');
    expect(failed.error).toEqual({
      code: 'FFMPEG_NOT_FOUND',
      message: 'ffmpeg at /nonexistent/ffmpeg is missing or not executable: install it or fix FFMPEG_PATH',
    });
    expect(failed.files).toEqual([]);

    const live = await api.request({
      method: 'POST',
      url: `/api/conferences/${conference.id}/live`,
      as: host,
      payload: { destinationIds: [] },
    });
    expect(live.statusCode, live.body).toBe(201);
    const ended = await waitFor('the livestream failed', async () =>
      lastLive()?.state === 'failed' ? lastLive() : undefined,
    );
    expect(ended?.error).toEqual({
      code: 'FFMPEG_NOT_FOUND',
      message: 'ffmpeg at /nonexistent/ffmpeg is missing or not executable',
    });
    // Off air: the console keeps the failure it was told; the API has no livestream any more.
    const status = await api.request({ url: `/api/conferences/${conference.id}/live`, as: host });
    expect(status.statusCode).toBe(404);
  }, 60_000);

  it('with nobody sending, a recording fails with NO_MEDIA and a livestream shows the slate', async () => {
    await useWorker({});
    const recording = await startRecording();
    // The programme output writes the slate meanwhile.
    await waitFor(
      'the programme written',
      async () =>
        statuses().some((s) => s.recording?.id === recording.id && s.recording.bytes > 0) ? true : undefined,
      30_000,
    );
    const stopped = await api.request({
      method: 'POST',
      url: `/api/recordings/${recording.id}/stop`,
      as: host,
    });
    expect(stopped.statusCode).toBe(200);
    const failed = await settled(recording.id, 'failed');
    expect(failed.error).toEqual({
      code: 'NO_MEDIA',
      message:
        'no hall or host sent sound or picture while recording: the programme file holds only the slate',
    });
    // Kept all the same: nothing written is dropped.
    expect(failed.files.map((f) => f.output)).toEqual(['programme']);

    const live = await api.request({
      method: 'POST',
      url: `/api/conferences/${conference.id}/live`,
      as: host,
      payload: { destinationIds: [] },
    });
    expect(live.statusCode, live.body).toBe(201);
    await waitFor(
      'on air on the slate',
      async () => (lastLive()?.state === 'live' ? true : undefined),
      30_000,
    );
    await waitFor(
      'two HLS segments',
      async () => (segments(await playlist()).length >= 2 ? true : undefined),
      30_000,
    );
    const status = await api.request({ url: `/api/conferences/${conference.id}/live`, as: host });
    expect(status.json<LiveStatus>()).toMatchObject({ state: 'live', slate: true, error: null });
    const off = await api.request({
      method: 'DELETE',
      url: `/api/conferences/${conference.id}/live`,
      as: host,
    });
    expect(off.statusCode).toBe(200);
    await waitFor('off air', async () => (lastLive()?.state === 'stopped' ? true : undefined), 20_000);
    expect(await playlist()).toContain('#EXT-X-ENDLIST');
  }, 90_000);

  it('refuses to record with DISK_FULL when the disk is below MIN_FREE_DISK_MB', async () => {
    await useWorker({ minFreeDiskMb: 100_000_000 });
    const recording = await startRecording();
    const failed = await settled(recording.id, 'failed');
    expect(failed.error?.code).toBe('DISK_FULL');
    expect(failed.error?.message).toMatch(
      /^\d+ MB free in .+, below the 100000000 MB kept free \(MIN_FREE_DISK_MB\): recording not started$/,
    );
    expect(failed.files).toEqual([]);
  }, 60_000);

  it('stops with DISK_FULL when the disk fills, keeping every file written until then', async () => {
    for (const m of members.slice(1)) {
      await m.peer.produceVideo({ width: 320, height: 180, fps: 15, simulcast: false });
      await m.peer.produceAudio();
    }
    // The minimum just under today's free space; a filler file then takes far more than the gap.
    const stats = await statfs(data.dir);
    const freeMb = Math.floor((stats.bavail * stats.bsize) / MB);
    await useWorker({ minFreeDiskMb: freeMb - 256 });
    const filler = path.join(data.dir, 'filler');
    try {
      const recording = await startRecording();
      await waitFor(
        'both halls and the programme recording',
        async () =>
          statuses().some(
            (s) => s.recording?.id === recording.id && s.recording.outputs >= 3 && s.recording.bytes > 0,
          )
            ? true
            : undefined,
        30_000,
      );
      await promisify(execFile)('fallocate', ['-l', String(1024 * MB), filler]);
      const failed = await settled(recording.id, 'failed');
      expect(failed.error?.code).toBe('DISK_FULL');
      expect(failed.error?.message).toMatch(
        /MB free in .+, below the \d+ MB kept free \(MIN_FREE_DISK_MB\): recording stopped, what was written is kept$/,
      );
      // Each hall's file and the programme's, joined and playable.
      expect(failed.files.map((f) => f.output).sort()).toEqual(['programme', 'track', 'track']);
      console.info(
        `${failed.error?.message}; files of ${failed.files.map((f) => f.durationMs / 1000).join(' s, ')} s`,
      );
      for (const file of failed.files) {
        const folder = file.output === 'programme' ? 'programme' : `track-${file.pointId}`;
        const probed = await probe(
          tools.ffprobe,
          path.join(data.dir, 'recordings', failed.id, folder, file.fileName),
        );
        expect(probed.durationSeconds).toBeGreaterThan(0);
        expect(probed.streams.every((s) => s.frames > 0)).toBe(true);
      }
    } finally {
      await rm(filler, { force: true });
    }
  }, 60_000);
});
