import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api.js';
import { clientPeer, type ClientPeer } from './helpers/client-peer.js';
import { rises } from './helpers/media-flow.js';
import { freshSqliteFile } from './helpers/databases.js';
import { mediasoupTestEnv } from './helpers/ports.js';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { twoTier } from './helpers/tree-fixture.js';
import { udpRelay, type UdpRelay } from './helpers/udp-relay.js';
import { waitFor } from './helpers/wait.js';

/*
 * The web client's RoomClient recovers by itself, with real media (wrtc in
 * this process): after its socket is cut, after the server restarts, and
 * after the room's mediasoup worker dies. Each time the hall is one peer in
 * the room again and its video decodes at the host once more.
 */

describe('RoomClient recovery', () => {
  const peers: ClientPeer[] = [];
  let api: TestApi | undefined;

  const track = (peer: ClientPeer) => {
    peers.push(peer);
    return peer;
  };
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.close()));
    await api?.close();
    api = undefined;
  });
  afterAll(async () => api?.close());

  /** A host and one sending hall, both RoomClients, with the host decoding the hall. */
  async function meeting(server: TestApi, live: LiveConference, code: string, auth?: () => string) {
    const host = track(
      await clientPeer(
        live.url,
        async () => ({ session: live.host.token, conferenceId: live.conference.id }),
        {
          name: 'host',
        },
      ),
    );
    const hall = track(
      await clientPeer(live.url, async () => ({ token: auth ? auth() : live.pointToken(code) }), {
        name: code,
        send: true,
      }),
    );
    const pointId = live.tree.point(code).id;
    await waitFor('both in the room', async () =>
      host.snapshot.connection === 'joined' && hall.snapshot.connection === 'joined' ? true : undefined,
    );
    await waitFor('the hall on the host grid', async () =>
      host.snapshot.peers.some((p) => p.pointId === pointId) ? true : undefined,
    );
    await host.client.setGridPage(host.snapshot.peers.map((p) => p.id));
    await rises('host decoding the hall', () => host.frames(pointId), 10, 20_000);
    const hallPeers = async () =>
      ((await server.app.rooms.find(live.conference.id))?.peers ?? []).filter(
        (p) => p.identity.pointId === pointId,
      );
    return { host, hall, pointId, hallPeers };
  }

  it('restarts ICE by itself when its network path drops, and media flows again on the new path', async () => {
    // The server announces 127.0.0.2, where a relay that the test can cut forwards to its real socket.
    const rtc = await mediasoupTestEnv(1);
    const env = { ...rtc, RTC_LISTEN_IP: '127.0.0.1', RTC_ANNOUNCED_IP: '127.0.0.2' };
    const port = Number(rtc['WEBRTC_SERVER_PORT']);
    let relay: UdpRelay | undefined;
    try {
      relay = await udpRelay({ host: '127.0.0.2', port }, { host: '127.0.0.1', port });
      api = await startTestApi('sqlite', env);
      const live = await startLiveConference(api, twoTier('N'), ['N-C1']);
      const { host, hall, pointId, hallPeers } = await meeting(api, live, 'N-C1');
      const [peer] = await hallPeers();
      // The hall's send transport carries its media (its receive transport has nothing to receive).
      const sending = () => peer!.webRtcTransportOf('send')!;
      const ufrag = sending().iceParameters.usernameFragment;
      const tuple = sending().iceSelectedTuple?.remotePort;

      // libwebrtc calls the path disconnected after about 7 s without packets; the client then restarts ICE.
      relay.cut();
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const frozen = host.frames(pointId);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(host.frames(pointId) - frozen).toBeLessThanOrEqual(3);
      relay.restore();

      await rises('host decoding the hall again', () => host.frames(pointId), 20, 30_000);
      // Same peer, same transport: ICE restarted on it (new credentials) and found the new path.
      expect((await hallPeers()).map((p) => p.id)).toEqual([peer!.id]);
      expect(hall.snapshot.self!.peerId).toBe(peer!.id);
      expect(sending().iceParameters.usernameFragment).not.toBe(ufrag);
      expect(sending().iceSelectedTuple?.remotePort).not.toBe(tuple);
      expect(relay.dropped).toBeGreaterThan(0);
    } finally {
      await relay?.close();
    }
  });

  it('comes back by itself when its socket is cut, as one peer, and sends again', async () => {
    api = await startTestApi('sqlite');
    const live = await startLiveConference(api, twoTier('R'), ['R-C1']);
    const { host, hall, pointId, hallPeers } = await meeting(api, live, 'R-C1');
    const before = hall.snapshot.self!.peerId;

    // Cut the hall's connection under socket.io, as a lost network does (no goodbye reaches the server).
    for (const socket of api.app.io.sockets.sockets.values()) {
      if ((socket.data as { identity: { pointId?: string } }).identity.pointId === pointId)
        socket.conn.close();
    }
    await waitFor('the hall back in the room as a new session', async () =>
      hall.snapshot.connection === 'joined' && hall.snapshot.self?.peerId !== before ? true : undefined,
    );
    expect((await hallPeers()).map((p) => p.id)).toEqual([hall.snapshot.self!.peerId]);
    await waitFor('the host sees the new session', async () =>
      host.snapshot.peers.some((p) => p.id === hall.snapshot.self!.peerId) ? true : undefined,
    );
    await host.client.setGridPage(host.snapshot.peers.map((p) => p.id));
    await rises('host decoding the hall again', () => host.frames(pointId), 10, 20_000);
    expect(host.snapshot.peers.filter((p) => p.pointId === pointId)).toHaveLength(1);
  });

  it('rejoins by itself after the server restarts, with fresh credentials', async () => {
    const database = `sqlite:${freshSqliteFile()}`;
    const env = { DATABASE_URL: database, SECRET_KEY: crypto.randomBytes(32).toString('hex') };
    api = await startTestApi('sqlite', env);
    const live = await startLiveConference(api, twoTier('S'), ['S-C1']);
    const port = (api.app.http.server.address() as AddressInfo).port;
    let tokensAsked = 0;
    // Like the page, the hall asks for a new join token at every handshake (they last 5 minutes).
    const mint = () => {
      tokensAsked++;
      return api!.app.services.joinTokens.mint({
        conferenceId: live.conference.id,
        role: 'point',
        pointId: live.tree.point('S-C1').id,
      }).token;
    };
    const { host, hall, pointId } = await meeting(api, live, 'S-C1', mint);
    const asked = tokensAsked;

    await api.close();
    await waitFor('the clients notice', async () =>
      hall.snapshot.connection === 'reconnecting' && host.snapshot.connection === 'reconnecting'
        ? true
        : undefined,
    );
    api = await startTestApi('sqlite', env);
    await api.app.http.listen({ port, host: '127.0.0.1' });

    await waitFor(
      'both back in the new server’s room',
      async () =>
        hall.snapshot.connection === 'joined' && host.snapshot.connection === 'joined' ? true : undefined,
      30_000,
    );
    expect(tokensAsked).toBeGreaterThan(asked);
    const room = (await api.app.rooms.find(live.conference.id))!;
    expect(room.peers.filter((p) => p.identity.pointId === pointId)).toHaveLength(1);
    await waitFor('the host sees the hall', async () =>
      host.snapshot.peers.some((p) => p.pointId === pointId) ? true : undefined,
    );
    await host.client.setGridPage(host.snapshot.peers.map((p) => p.id));
    await rises('host decoding the hall on the new server', () => host.frames(pointId), 10, 20_000);
  });

  it('rejoins by itself when the room’s media worker dies', async () => {
    api = await startTestApi('sqlite', { MEDIASOUP_WORKERS: '2' });
    const live = await startLiveConference(api, twoTier('W'), ['W-C1']);
    const { host, hall, pointId, hallPeers } = await meeting(api, live, 'W-C1');
    const room = (await api.app.rooms.find(live.conference.id))!;
    const slot = api.app.pool.alive.find((s) => s.index === room.workerIndex)!;
    const before = hall.snapshot.self!.peerId;

    process.kill(slot.worker.pid, 'SIGKILL');
    await waitFor(
      'the hall back in a rebuilt room',
      async () =>
        hall.snapshot.connection === 'joined' && hall.snapshot.self?.peerId !== before ? true : undefined,
      30_000,
    );
    const rebuilt = (await api.app.rooms.find(live.conference.id))!;
    expect(rebuilt).not.toBe(room);
    expect((await hallPeers()).map((p) => p.id)).toEqual([hall.snapshot.self!.peerId]);
    await waitFor('the host back too', async () =>
      host.snapshot.connection === 'joined' && host.snapshot.peers.some((p) => p.pointId === pointId)
        ? true
        : undefined,
    );
    await host.client.setGridPage(host.snapshot.peers.map((p) => p.id));
    await rises('host decoding the hall in the rebuilt room', () => host.frames(pointId), 10, 20_000);
  });
});
