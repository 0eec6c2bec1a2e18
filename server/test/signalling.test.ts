import type { AddressInfo } from 'node:net';
import type { Conference } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { insertTree, twoTier, type Tree } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import {
  DTLS,
  connect,
  deviceCapabilities,
  opus,
  refusal,
  vp8,
  type TestClient,
} from './signalling-client.js';

describe.each(DIALECTS)('signalling on %s', (kind) => {
  let api: TestApi;
  let url: string;
  let host: { token: string; accountId: string };
  let tree: Tree; // S: S-C1, S-C2, S-C3
  let live: Conference; // invites S-C1 and S-C2
  let scheduled: Conference; // invites S-C1, not started
  const clients: TestClient[] = [];

  const conference = async (invite: object, start: boolean): Promise<Conference> => {
    const res = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host.token,
      payload: { title: 'Hội nghị', scheduledStart: '2030-01-01T02:00:00Z', invite, watchAccess: 'token' },
    });
    expect(res.statusCode, res.body).toBe(201);
    if (!start) return res.json();
    const started = await api.request({
      method: 'POST',
      url: `/api/conferences/${res.json().id}/start`,
      as: host.token,
    });
    expect(started.statusCode, started.body).toBe(200);
    return started.json();
  };

  const pointToken = (code: string, conferenceId = live.id, now = Date.now()) =>
    api.app.services.joinTokens.mint({ conferenceId, role: 'point', pointId: tree.point(code).id }, now)
      .token;

  const track = (client: TestClient) => {
    clients.push(client);
    return client;
  };
  const asPoint = async (code: string) => track(await connect(url, { token: pointToken(code) }));
  const asHost = async () => track(await connect(url, { session: host.token, conferenceId: live.id }));
  const room = async () => api.app.rooms.find(live.id);
  const serverPeer = async (pointId: string) =>
    (await room())?.peers.find((p) => p.identity.pointId === pointId);
  const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    api = await startTestApi(kind);
    await api.app.http.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(api.app.http.server.address() as AddressInfo).port}`;
    host = await signedIn(api, 'host');
    tree = await insertTree(api.app.database.db, twoTier('S'));
    live = await conference({ points: [tree.point('S-C1').id, tree.point('S-C2').id] }, true);
    scheduled = await conference({ points: [tree.point('S-C1').id] }, false);
  });
  afterAll(async () => {
    expect(clients.flatMap((c) => c.violations)).toEqual([]);
    for (const c of clients) c.close();
    await api.close();
  });

  describe('handshake', () => {
    it('refuses every credential that is not a live join token or host session, and makes no room', async () => {
      const viewer = await api.app.services.conferences.issueViewerToken(live.id, {
        actor: { kind: 'system' },
        ip: null,
      });
      const cases: [Record<string, unknown>, string][] = [
        [{}, 'UNAUTHENTICATED'],
        [{ token: 'forged.' + 'x'.repeat(40) }, 'UNAUTHENTICATED'],
        [{ token: pointToken('S-C1', live.id, Date.now() - 3_600_000) }, 'UNAUTHENTICATED'],
        [{ token: viewer.token }, 'UNAUTHENTICATED'],
        [{ token: 42 }, 'UNAUTHENTICATED'],
        [{ token: pointToken('S-C3') }, 'FORBIDDEN'],
        [{ token: pointToken('S-C1', scheduled.id) }, 'CONFLICT'],
        [{ session: host.token, conferenceId: scheduled.id }, 'CONFLICT'],
        [{ session: host.token }, 'VALIDATION_FAILED'],
        [{ session: 'not-a-session-token-at-all' }, 'UNAUTHENTICATED'],
        [{ conferenceId: live.id }, 'UNAUTHENTICATED'],
      ];
      for (const [auth, code] of cases) {
        const refused = await refusal(url, auth);
        expect(refused, JSON.stringify(auth)).toEqual({ code, message: expect.any(String) });
      }
      const host2 = api.app.services.joinTokens.mint({
        conferenceId: live.id,
        role: 'host',
        accountId: host.accountId,
      });
      expect((await refusal(url, { token: host2.token })).code).toBe('FORBIDDEN');
      expect(api.app.rooms.size).toBe(0);
    });

    it('admits a host by the session cookie of the handshake', async () => {
      const client = track(
        await connect(url, { conferenceId: live.id }, { cookie: `other=1; diemcau_session=${host.token}` }),
      );
      expect(client.socket.connected).toBe(true);
      client.close();
    });
  });

  describe('requests', () => {
    it('answers a request before join with NOT_IN_ROOM and an unknown one with VALIDATION_FAILED', async () => {
      const point = await asPoint('S-C1');
      expect(await point.request('createWebRtcTransport', { direction: 'send' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_IN_ROOM' },
      });
      const unknown = await point.socket
        .timeout(5_000)
        .emitWithAck('request', { method: 'explode', data: {} });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      const invalid = await point.request('createWebRtcTransport', { direction: 'sideways' } as never);
      expect(invalid).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { issues: expect.any(Array) } },
      });
      point.close();
      expect(api.app.rooms.size).toBe(0);
    });

    it('makes no room for a socket whose conference ended after its handshake', async () => {
      const brief = await conference({ points: [tree.point('S-C1').id] }, true);
      const point = track(await connect(url, { token: pointToken('S-C1', brief.id) }));
      await api.request({ method: 'POST', url: `/api/conferences/${brief.id}/end`, as: host.token });
      expect(await point.request('join', { rtpCapabilities: deviceCapabilities() })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT' },
      });
      expect(api.app.rooms.size).toBe(0);
      point.close();
    });
  });

  describe('a room', () => {
    let hostClient: TestClient;
    let p1: TestClient;
    let p2: TestClient;
    let hostPeerId: string;
    let p1PeerId: string;
    let p1Producers: string[];
    let hostAudio: string;

    it('lets a host and points join, produce and receive by the audience rule', async () => {
      hostClient = await asHost();
      const joined = await hostClient.call('join', { rtpCapabilities: deviceCapabilities() });
      hostPeerId = joined.peerId;
      expect(joined).toMatchObject({ role: 'host', peers: [] });
      expect(joined.routerRtpCapabilities.codecs?.map((c) => c.mimeType)).toEqual(
        expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264', 'video/VP9']),
      );
      await hostClient.call('createWebRtcTransport', { direction: 'recv' });
      const hostSend = await hostClient.call('createWebRtcTransport', { direction: 'send' });
      expect(hostSend.iceCandidates.length).toBeGreaterThan(0);
      await hostClient.call('connectWebRtcTransport', { transportId: hostSend.id, dtlsParameters: DTLS });
      expect(
        await hostClient.request('connectWebRtcTransport', {
          transportId: hostSend.id,
          dtlsParameters: DTLS,
        }),
      ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

      p1 = await asPoint('S-C1');
      // A hall cannot name itself (say, as the host): it is its registered point.
      const p1Joined = await p1.call('join', {
        rtpCapabilities: deviceCapabilities(),
        displayName: 'Chủ trì Tỉnh',
      });
      p1PeerId = p1Joined.peerId;
      expect(p1Joined.role).toBe('point');
      expect(p1Joined.peers).toEqual([expect.objectContaining({ id: hostPeerId, role: 'host' })]);
      const announced = await hostClient.next(
        'peerJoined',
        (d) => d.id === p1PeerId && d.pointId === tree.point('S-C1').id,
      );
      expect(announced.displayName).toBe(tree.point('S-C1').name);

      const send = await p1.call('createWebRtcTransport', { direction: 'send' });
      await p1.call('createWebRtcTransport', { direction: 'recv' });
      const mic = await p1.call('produce', {
        transportId: send.id,
        kind: 'audio',
        rtpParameters: opus(),
        appData: { source: 'mic' },
      });
      const camera = await p1.call('produce', {
        transportId: send.id,
        kind: 'video',
        rtpParameters: vp8(3),
        appData: { source: 'camera' },
      });
      p1Producers = [mic.id, camera.id];

      // The host is pushed a paused consumer for each of the point's producers.
      const consumers = await Promise.all(
        p1Producers.map((id) => hostClient.next('newConsumer', (d) => d.producerId === id)),
      );
      expect(consumers.map((c) => [c.peerId, c.source])).toEqual([
        [p1PeerId, 'mic'],
        [p1PeerId, 'camera'],
      ]);
      expect(consumers[1]?.type).toBe('simulcast');
      const videoConsumer = consumers[1]!;
      const server = (await room())!.peers.find((p) => p.id === hostPeerId)!;
      expect(server.consumer(videoConsumer.id).paused).toBe(true);
      // Resumed by the client, audio flows; video flows only while the point's tile is on the grid page.
      await hostClient.call('resumeConsumer', { consumerId: consumers[0]!.id });
      expect(server.consumer(consumers[0]!.id).paused).toBe(false);
      await hostClient.call('resumeConsumer', { consumerId: videoConsumer.id });
      expect(server.consumer(videoConsumer.id).paused).toBe(true);
      await hostClient.call('setGridPage', { peerIds: [p1PeerId] });
      expect(server.consumer(videoConsumer.id).paused).toBe(false);
      await hostClient.call('setGridPage', { peerIds: [] });
      expect(server.consumer(videoConsumer.id).paused).toBe(true);
      await hostClient.call('setGridPage', { peerIds: [p1PeerId] });
      await hostClient.call('pauseConsumer', { consumerId: videoConsumer.id });
      expect(server.consumer(videoConsumer.id).paused).toBe(true);
      await hostClient.call('resumeConsumer', { consumerId: videoConsumer.id });
      expect(server.consumer(videoConsumer.id).paused).toBe(false);
      await hostClient.call('setConsumerView', { consumerId: videoConsumer.id, view: 'thumbnail' });
      expect(server.consumer(videoConsumer.id).preferredLayers?.spatialLayer).toBe(0);
      await hostClient.call('setConsumerView', { consumerId: videoConsumer.id, view: 'large' });
      expect(server.consumer(videoConsumer.id).preferredLayers?.spatialLayer).toBe(2);

      // The host's microphone reaches the point.
      hostAudio = (
        await hostClient.call('produce', {
          transportId: hostSend.id,
          kind: 'audio',
          rtpParameters: opus(),
          appData: { source: 'mic' },
        })
      ).id;
      expect((await p1.next('newConsumer', (d) => d.producerId === hostAudio)).peerId).toBe(hostPeerId);

      // A second point gets the host's producer that exists already, not the first point's.
      p2 = await asPoint('S-C2');
      const p2Joined = await p2.call('join', { rtpCapabilities: deviceCapabilities() });
      expect(p2Joined.peers.map((p) => p.id)).toEqual([hostPeerId]);
      expect(p2Joined.peers[0]?.producers).toEqual([
        { id: hostAudio, kind: 'audio', source: 'mic', paused: false },
      ]);
      await p2.call('createWebRtcTransport', { direction: 'recv' });
      await p2.next('newConsumer', (d) => d.producerId === hostAudio);
      await settle();
      expect(p2.received('newConsumer').map((c) => c.peerId)).toEqual([hostPeerId]);
      expect(p1.received('newConsumer').map((c) => c.peerId)).toEqual([hostPeerId]);
      expect(p1.received('peerJoined')).toEqual([]);
      expect(api.app.services.presence.isOnline(live.id, tree.point('S-C1').id)).toBe(true);
    });

    it('pauses and closes consumers with their producer', async () => {
      const consumerId = (await hostClient.next('newConsumer', (d) => d.producerId === p1Producers[0])).id;
      await p1.call('pauseProducer', { producerId: p1Producers[0]! });
      await hostClient.next('consumerPaused', (d) => d.consumerId === consumerId);
      await p1.call('resumeProducer', { producerId: p1Producers[0]! });
      await hostClient.next('consumerResumed', (d) => d.consumerId === consumerId);
      await p1.call('closeProducer', { producerId: p1Producers[0]! });
      await hostClient.next('consumerClosed', (d) => d.consumerId === consumerId);
      p1Producers.shift();
    });

    it('refuses a host-only request from a point and audits the attempt', async () => {
      const refused = await p1.request('setGridPage', { peerIds: [] });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const audit = await api.app.services.audit.query({ action: 'signalling.denied' });
      expect(audit.items).toContainEqual(
        expect.objectContaining({
          actorKind: 'point',
          actorId: tree.point('S-C1').id,
          details: { method: 'setGridPage' },
        }),
      );
    });

    it('refuses a screen share from a point and audits the attempt', async () => {
      const send = (await serverPeer(tree.point('S-C1').id))!.transportOf('send')!;
      const refused = await p1.request('produce', {
        transportId: send.id,
        kind: 'video',
        rtpParameters: vp8(),
        appData: { source: 'screen' },
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const audit = await api.app.services.audit.query({ action: 'signalling.denied' });
      expect(audit.items).toContainEqual(
        expect.objectContaining({ actorKind: 'point', actorId: tree.point('S-C1').id }),
      );
    });

    it('answers mediasoup-invalid parameters with VALIDATION_FAILED', async () => {
      const send = (await serverPeer(tree.point('S-C1').id))!.transportOf('send')!;
      const bad = opus();
      bad.codecs[0]!.mimeType = 'audio/NOPE';
      const res = await p1.request('produce', {
        transportId: send.id,
        kind: 'audio',
        rtpParameters: bad,
        appData: { source: 'mic' },
      });
      expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    });

    it('lets a newer session of a point take over the older one', async () => {
      const pointId = tree.point('S-C2').id;
      const older = (await serverPeer(pointId))!;
      const newer = await asPoint('S-C2');
      const disconnected = new Promise<void>((resolve) => p2.socket.once('disconnect', () => resolve()));
      const joined = await newer.call('join', { rtpCapabilities: deviceCapabilities() });
      await p2.next('replaced');
      await disconnected;
      expect(older.closed).toBe(true);
      const peers = (await room())!.peers.filter((p) => p.identity.pointId === pointId);
      expect(peers.map((p) => p.id)).toEqual([joined.peerId]);
      expect(api.app.services.presence.isOnline(live.id, pointId)).toBe(true);
      await hostClient.next('peerLeft', (d) => d.peerId === older.id);
      p2 = newer;
    });

    it('cleans up a peer whose socket goes away', async () => {
      const pointId = tree.point('S-C1').id;
      const peer = (await serverPeer(pointId))!;
      const transports = [...peer.transports.values()];
      const before = (await room())!.peerCount;
      p1.close();
      await hostClient.next('peerLeft', (d) => d.peerId === p1PeerId);
      expect((await room())!.peerCount).toBe(before - 1);
      expect(peer.closed).toBe(true);
      expect(transports.every((t) => t.closed)).toBe(true);
      await hostClient.next('consumerClosed');
      expect(api.app.services.presence.isOnline(live.id, pointId)).toBe(false);
      // The attendance timeline holds the session's join and its leave.
      const events = await waitFor('the leave in the attendance timeline', async () => {
        const rows = await api.app.database.db
          .selectFrom('attendance_events')
          .select(['kind', 'session_id'])
          .where('conference_id', '=', live.id)
          .where('point_id', '=', pointId)
          .orderBy('id')
          .execute();
        return rows.some((r) => r.kind === 'leave') ? rows : undefined;
      });
      expect(events.map((e) => e.kind)).toEqual(['join', 'leave']);
      expect(events[0]!.session_id).toBe(events[1]!.session_id);
    });

    it('tells every peer to join again when the worker dies, and the room comes back', async () => {
      const [slot] = api.app.pool.alive;
      process.kill(slot!.worker.pid, 'SIGKILL');
      await hostClient.next('reconnect');
      await p2.next('reconnect');
      await waitFor('a replaced worker', async () => (api.app.pool.alive.length === 1 ? true : undefined));
      const again = await hostClient.call('join', { rtpCapabilities: deviceCapabilities() });
      expect(again.role).toBe('host');
      expect((await room())!.peerCount).toBe(1);
    });

    it('sends conferenceEnded at once when the conference is ended over REST', async () => {
      const ended = await api.request({
        method: 'POST',
        url: `/api/conferences/${live.id}/end`,
        as: host.token,
      });
      expect(ended.statusCode).toBe(200);
      // Well inside the 5 s live check: the end reaches the room directly.
      await hostClient.next('conferenceEnded', (d) => d.conferenceId === live.id, 2_000);
      await waitFor('the room to close', async () => ((await room()) === undefined ? true : undefined));
    });
  });
});
