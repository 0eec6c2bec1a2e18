import path from 'node:path';
import type { BroadcastStatus, Recording } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../media-worker/test/egress/probe.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { startTestMediaWorker, tempDataDir, type TestMediaWorker } from './helpers/media-worker.js';
import { twoTier } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { closeMembers, enterRoom, type RoomMember } from './helpers/room-members.js';

/*
 * A live conference recorded through the whole chain: REST start → a record
 * job per hall → the media-worker's `listening` → PlainTransports connected →
 * segments → stop → one Matroska file per hall, catalogued and downloadable.
 */

const POINTS = ['R-C1', 'R-C2'];
const RECORD_MS = 10_000;

describe('recording a live conference (sqlite, real mediasoup, media-worker and ffmpeg)', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let api: TestApi;
  let worker: TestMediaWorker;
  let fixture: LiveConference;
  const members: RoomMember[] = [];
  let host: RoomMember;

  beforeAll(async () => {
    data = await tempDataDir();
    api = await startTestApi('sqlite', { DATA_DIR: data.dir });
    worker = await startTestMediaWorker(api.app, data.dir);
    fixture = await startLiveConference(api, twoTier('R'), POINTS);
    const enter = (auth: Record<string, unknown>, name: string) =>
      enterRoom(members, fixture.url, auth, name);
    host = await enter({ session: fixture.host.token, conferenceId: fixture.conference.id }, 'host');
    for (const [i, code] of POINTS.entries()) {
      const point = await enter({ token: fixture.pointToken(code) }, `P${i}`);
      await point.peer.produceVideo({ width: 320, height: 180, fps: 15, simulcast: false });
      await point.peer.produceAudio();
    }
  }, 60_000);

  afterAll(async () => {
    await closeMembers(members);
    await api?.close();
    await worker?.close();
    await data?.remove();
  });

  const statuses = (): BroadcastStatus[] =>
    host.peer.notifications
      .filter((n) => n.method === 'broadcastStatus')
      .map((n) => n.data as BroadcastStatus);

  it('records each hall for 10 s into a file of that length with its VP8 and Opus streams', async () => {
    // A host joining learns at once that nothing is recorded or live, so its console shows the controls.
    expect(statuses()[0]).toEqual({ recording: null, live: null });
    const started = await api.request({
      method: 'POST',
      url: `/api/conferences/${fixture.conference.id}/recordings`,
      as: fixture.host.token,
      payload: {},
    });
    expect(started.statusCode).toBe(201);
    const recording = started.json<Recording>();
    expect(recording.status).toBe('recording');

    const again = await api.request({
      method: 'POST',
      url: `/api/conferences/${fixture.conference.id}/recordings`,
      as: fixture.host.token,
      payload: {},
    });
    expect(again.statusCode).toBe(409);

    const recordingFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, RECORD_MS));
    // Both halls' recorders reported progress meanwhile: media was being written.
    expect(statuses().some((s) => (s.recording?.outputs ?? 0) >= 2 && s.recording!.bytes > 0)).toBe(true);
    const stopped = await api.request({
      method: 'POST',
      url: `/api/recordings/${recording.id}/stop`,
      as: fixture.host.token,
    });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json<Recording>().status).toBe('finalising');
    const recordedMs = Date.now() - recordingFrom;

    const durations: number[] = [];
    const ready = await waitFor(
      'the recording ready',
      async () => {
        const r = (
          await api.request({ url: `/api/recordings/${recording.id}`, as: fixture.host.token })
        ).json<Recording>();
        return r.status === 'ready' ? r : undefined;
      },
      30_000,
    );
    // One file per hall, and the programme composite.
    expect(ready.files).toHaveLength(3);
    const tracks = ready.files.filter((f) => f.output === 'track');
    const points = POINTS.map((code) => fixture.tree.point(code).id);
    expect(tracks.map((f) => f.pointId).sort()).toEqual([...points].sort());
    for (const file of tracks) {
      expect(file.output).toBe('track');
      expect(file.codecs.sort()).toEqual(['opus', 'vp8']);
      const absolute = path.join(data.dir, 'recordings', ready.id, `track-${file.pointId}`, file.fileName);
      const probed = await probe(worker.tools.ffprobe, absolute);
      expect(probed.streams.map((s) => s.codec).sort()).toEqual(['opus', 'vp8']);
      expect(probed.streams.every((s) => s.frames > 0)).toBe(true);
      // From the start request to the stop request, less the job's start-up (taken, ffmpeg, first key frame).
      expect(Math.abs(probed.durationSeconds - recordedMs / 1000)).toBeLessThanOrEqual(1);
      durations.push(probed.durationSeconds);
      expect(file.durationMs / 1000).toBeCloseTo(probed.durationSeconds, 0);
    }
    const programme = ready.files.find((f) => f.output === 'programme')!;
    expect(programme).toMatchObject({ pointId: null, codecs: ['h264', 'aac'] });
    const composite = await probe(
      worker.tools.ffprobe,
      path.join(data.dir, 'recordings', ready.id, 'programme', programme.fileName),
    );
    expect(composite.streams.map((s) => s.codec)).toEqual(['h264', 'aac']);
    expect(composite.streams.every((s) => s.frames > 0)).toBe(true);
    // Encoded: it starts once the encoder has the programme's key frame, and ends on stop.
    expect(Math.abs(composite.durationSeconds - recordedMs / 1000)).toBeLessThanOrEqual(2);
    durations.push(composite.durationSeconds);
    console.log(`recorded ${recordedMs} ms: files of ${durations.join(' s, ')} s (the last the programme)`);
    const download = await api.request({ url: ready.files[0]!.downloadUrl, as: fixture.host.token });
    expect(download.statusCode).toBe(200);
    expect(Number(download.headers['content-length'])).toBe(ready.files[0]!.bytes);

    // The host heard the recording start, progress and end.
    await waitFor(
      'the host told',
      async () => statuses().find((s) => s.recording?.status === 'ready'),
      5_000,
    );
    expect(statuses().some((s) => s.recording?.status === 'recording')).toBe(true);
  }, 90_000);
});
