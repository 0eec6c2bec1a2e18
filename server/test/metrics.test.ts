// The server's /metrics with a live conference: rooms, peers by role, a recording running,
// a livestream and its destination by state, and readiness per check, each with its real value.
import type { LiveStatus } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api.js';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { startTestMediaWorker, tempDataDir, type TestMediaWorker } from './helpers/media-worker.js';
import { twoTier } from './helpers/tree-fixture.js';
import { METRICS_TOKEN, OPERATOR } from './helpers/operator.js';
import { waitFor } from './helpers/wait.js';
import { closeMembers, enterRoom, type RoomMember } from './helpers/room-members.js';

const POINTS = ['M-C1', 'M-C2'];

/** The value of one series of the text exposition, e.g. `diemcau_peers{role="point"}`; undefined without it. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('server metrics of a live conference (sqlite, real mediasoup, media-worker and ffmpeg)', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let api: TestApi;
  let worker: TestMediaWorker;
  let fixture: LiveConference;
  const members: RoomMember[] = [];

  const metrics = async (): Promise<string> =>
    (await api.request({ url: '/metrics', headers: OPERATOR })).body;

  beforeAll(async () => {
    data = await tempDataDir();
    api = await startTestApi('sqlite', { DATA_DIR: data.dir, METRICS_TOKEN });
    worker = await startTestMediaWorker(api.app, data.dir);
    fixture = await startLiveConference(api, twoTier('M'), POINTS);
    const enter = (auth: Record<string, unknown>, name: string) =>
      enterRoom(members, fixture.url, auth, name);
    await enter({ session: fixture.host.token, conferenceId: fixture.conference.id }, 'host');
    for (const code of POINTS) await enter({ token: fixture.pointToken(code) }, code);
  }, 60_000);

  afterAll(async () => {
    await closeMembers(members);
    await api?.close();
    await worker?.close();
    await data?.remove();
  });

  it('counts the open room and its peers by role, and the workers it runs', async () => {
    const text = await metrics();
    expect(sample(text, 'diemcau_rooms')).toBe(1);
    expect(sample(text, 'diemcau_peers{role="host"}')).toBe(1);
    expect(sample(text, 'diemcau_peers{role="point"}')).toBe(POINTS.length);
    expect(sample(text, 'diemcau_mediasoup_workers_configured')).toBe(api.app.pool.size);
    for (const check of ['mediasoup', 'database', 'redis']) {
      expect(sample(text, `diemcau_ready{check="${check}"}`), check).toBe(1);
    }
  });

  it('counts HTTP answers by status class', async () => {
    const before = sample(await metrics(), 'diemcau_http_responses_total{class="4xx"}') ?? 0;
    expect((await api.request({ url: '/api/conferences/nowhere' })).statusCode).toBe(401);
    const text = await metrics();
    expect(sample(text, 'diemcau_http_responses_total{class="4xx"}')).toBe(before + 1);
    expect(sample(text, 'diemcau_http_responses_total{class="2xx"}')).toBeGreaterThan(0);
    expect(sample(text, 'diemcau_http_responses_total{class="5xx"}')).toBe(0);
  });

  it('counts a recording running, then none once it is stopped', async () => {
    const conference = fixture.conference.id;
    const started = await api.request({
      method: 'POST',
      url: `/api/conferences/${conference}/recordings`,
      as: fixture.host.token,
      payload: {},
    });
    expect(started.statusCode, started.body).toBe(201);
    expect(sample(await metrics(), 'diemcau_recordings_active')).toBe(1);
    const stopped = await api.request({
      method: 'POST',
      url: `/api/recordings/${started.json<{ id: string }>().id}/stop`,
      as: fixture.host.token,
    });
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect(sample(await metrics(), 'diemcau_recordings_active')).toBe(0);
  });

  it(
    'counts a livestream and its destination by state, every state with a series',
    { timeout: 120_000 },
    async () => {
      const destination = await api.request({
        method: 'POST',
        url: '/api/destinations',
        as: fixture.host.token,
        payload: {
          name: 'Máy chủ thử',
          platform: 'rtmp',
          url: 'rtmp://127.0.0.1:1/live',
          streamKey: 'KEY-1',
        },
      });
      expect(destination.statusCode, destination.body).toBe(201);
      const url = `/api/conferences/${fixture.conference.id}/live`;
      const started = await api.request({
        method: 'POST',
        url,
        as: fixture.host.token,
        payload: { destinationIds: [destination.json<{ id: string }>().id] },
      });
      expect(started.statusCode, started.body).toBe(201);
      expect(started.json<LiveStatus>().state).toBe('starting');
      const first = await metrics();
      expect(sample(first, 'diemcau_livestreams{state="starting"}')).toBe(1);
      expect(sample(first, 'diemcau_live_destinations{state="connecting"}')).toBe(1);
      expect(sample(first, 'diemcau_live_destinations{state="retrying"}')).toBe(0);

      // On air, its destination refused (nothing listens there): it retries.
      const text = await waitFor(
        'on air with its destination retrying',
        async () => {
          const now = await metrics();
          return sample(now, 'diemcau_livestreams{state="live"}') === 1 &&
            sample(now, 'diemcau_live_destinations{state="retrying"}') === 1
            ? now
            : undefined;
        },
        60_000,
      );
      expect(sample(text, 'diemcau_livestreams{state="starting"}')).toBe(0);
      expect((await api.request({ method: 'DELETE', url, as: fixture.host.token })).statusCode).toBe(200);
      await waitFor(
        'off air',
        async () => (sample(await metrics(), 'diemcau_livestreams{state="live"}') === 0 ? true : undefined),
        30_000,
      );
    },
  );
});
