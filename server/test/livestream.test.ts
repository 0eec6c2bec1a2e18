import type { BroadcastStatus, Conference, LiveStatus } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRtmpServer, type RtmpServer } from '../../media-worker/test/helpers/nginx-rtmp.js';
import { probeStreams } from '../../media-worker/test/helpers/rtmp-clients.js';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { startTestMediaWorker, tempDataDir, type TestMediaWorker } from './helpers/media-worker.js';
import { insertTree, twoTier } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { closeMembers, enterRoom, type RoomMember } from './helpers/room-members.js';
import type { AddressInfo } from 'node:net';

/*
 * Going live through the whole chain: REST → live job → the media-worker's
 * `listening` → video and audio slots connected → one encode → HLS served at
 * /hls/<slug>/ and a relay to a real RTMP server, which is stopped and
 * started again while HLS keeps going.
 */

const SLUG = 'chung-ket-truc-tiep';
const STREAM_KEY = 'live-key-4821';

describe('a livestream to HLS and an RTMP server (sqlite, real mediasoup, media-worker, ffmpeg, nginx)', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let api: TestApi;
  let worker: TestMediaWorker;
  let rtmp: RtmpServer;
  let conference: Conference;
  let host: string;
  const members: RoomMember[] = [];

  beforeAll(async () => {
    data = await tempDataDir();
    rtmp = await startRtmpServer();
    api = await startTestApi('sqlite', { DATA_DIR: data.dir });
    worker = await startTestMediaWorker(api.app, data.dir);
    await api.app.http.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(api.app.http.server.address() as AddressInfo).port}`;
    host = (await signedIn(api, 'host')).token;
    const tree = await insertTree(api.app.database.db, twoTier('L'));
    const created = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host,
      payload: {
        title: 'Chung kết',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { points: [tree.point('L-C1').id] },
        watchAccess: 'public',
        watchSlug: SLUG,
      },
    });
    conference = created.json<Conference>();
    await api.request({ method: 'POST', url: `/api/conferences/${conference.id}/start`, as: host });
    const token = api.app.services.joinTokens.mint({
      conferenceId: conference.id,
      role: 'point',
      pointId: tree.point('L-C1').id,
    }).token;
    for (const [auth, name] of [
      [{ session: host, conferenceId: conference.id }, 'host'],
      [{ token }, 'point'],
    ] as const) {
      await enterRoom(members, url, auth, name);
    }
    // The hall alone on camera and microphone: it is on the programme once spotlit.
    await members[1]!.peer.produceVideo({ width: 640, height: 360, fps: 15, simulcast: false });
    await members[1]!.peer.produceAudio();
    const pointPeerId = (members[1]!.peer.joined as { peerId: string }).peerId;
    const room = (await api.app.rooms.find(conference.id))!;
    room.moderation.spotlight(room.point(pointPeerId));
  }, 60_000);

  afterAll(async () => {
    await closeMembers(members);
    await api?.close();
    await worker?.close();
    await rtmp?.close();
    await data?.remove();
  });

  const lastLive = (): LiveStatus | null | undefined =>
    members[0]!.peer.notifications
      .filter((n) => n.method === 'broadcastStatus')
      .map((n) => (n.data as BroadcastStatus).live)
      .at(-1);
  const playlist = async () => {
    const res = await api.request({ url: `/hls/${SLUG}/index.m3u8` });
    return res.statusCode === 200 ? res.body : undefined;
  };
  const segments = (text: string | undefined) => (text ?? '').split('\n').filter((l) => l.endsWith('.ts'));

  it('plays the hall on HLS and on the RTMP server, which may fail and come back', async () => {
    const destination = await api.request({
      method: 'POST',
      url: '/api/destinations',
      as: host,
      payload: { name: 'Máy chủ thử', platform: 'rtmp', url: rtmp.url, streamKey: STREAM_KEY },
    });
    expect(destination.statusCode, destination.body).toBe(201);
    const destinationId = destination.json<{ id: string }>().id;

    const started = await api.request({
      method: 'POST',
      url: `/api/conferences/${conference.id}/live`,
      as: host,
      payload: { destinationIds: [destinationId] },
    });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json<LiveStatus>()).toMatchObject({
      state: 'starting',
      hlsUrl: `/hls/${SLUG}/index.m3u8`,
      destinations: [{ id: destinationId, name: 'Máy chủ thử' }],
    });
    const again = await api.request({
      method: 'POST',
      url: `/api/conferences/${conference.id}/live`,
      as: host,
      payload: { destinationIds: [] },
    });
    expect(again.statusCode).toBe(409);

    // On air: the hall's video, not the slate, and the destination live.
    await waitFor(
      'on air to the destination',
      async () => {
        const live = lastLive();
        return live?.state === 'live' && !live.slate && live.destinations[0]?.state === 'live'
          ? live
          : undefined;
      },
      40_000,
    );
    await waitFor('three HLS segments', async () =>
      segments(await playlist()).length >= 3 ? true : undefined,
    );
    const streams = await probeStreams(`${rtmp.url}/${STREAM_KEY}`);
    expect(streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(streams[0]).toMatchObject({ width: 1280, height: 720 });
    const status = await api.request({ url: `/api/conferences/${conference.id}/live`, as: host });
    expect(status.json<LiveStatus>().state).toBe('live');

    // The RTMP server goes away: the destination retries, HLS goes on.
    await rtmp.stop();
    await waitFor(
      'the destination retrying',
      async () => (lastLive()?.destinations[0]?.state === 'retrying' ? true : undefined),
      20_000,
    );
    const before = segments(await playlist()).at(-1);
    await waitFor('HLS going on', async () =>
      segments(await playlist()).at(-1) !== before ? true : undefined,
    );
    await rtmp.start();
    await waitFor(
      'the destination live again',
      async () => {
        const d = lastLive()?.destinations[0];
        return d?.state === 'live' && d.attempts > 1 ? d : undefined;
      },
      60_000,
    );

    const stopped = await api.request({
      method: 'DELETE',
      url: `/api/conferences/${conference.id}/live`,
      as: host,
    });
    expect(stopped.statusCode).toBe(200);
    await waitFor('off air', async () => (lastLive()?.state === 'stopped' ? true : undefined), 20_000);
    expect(await playlist()).toContain('#EXT-X-ENDLIST');
    expect(lastLive()?.destinations[0]?.state).toBe('stopped');
    expect((await api.request({ url: `/api/conferences/${conference.id}/live`, as: host })).statusCode).toBe(
      404,
    );
  }, 180_000);
});
