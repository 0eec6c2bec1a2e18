import type { ConferenceDetail } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api.js';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { twoTier } from './helpers/tree-fixture.js';
import { connect, deviceCapabilities, type TestClient } from './signalling-client.js';

const GRACE_S = 3;
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Closes the socket's connection under it, as a network drop does (the server sees `transport close`). */
const dropConnection = (client: TestClient) => client.socket.io.engine.close();

describe('a dropped connection keeps its place for the grace period', () => {
  let api: TestApi;
  let live: LiveConference;
  let host: TestClient;
  const clients: TestClient[] = [];

  const open = async (auth: Record<string, unknown>) => {
    const client = await connect(live.url, auth);
    clients.push(client);
    return client;
  };
  const joinAs = async (code: string) => {
    const client = await open({ token: live.pointToken(code) });
    const { peerId } = await client.call('join', { rtpCapabilities: deviceCapabilities() });
    return { client, peerId };
  };
  const room = async () => (await api.app.rooms.find(live.conference.id))!;
  const onlinePoints = async () => {
    const detail = await api.request({
      method: 'GET',
      url: `/api/conferences/${live.conference.id}`,
      as: live.host.token,
    });
    return detail
      .json<ConferenceDetail>()
      .invitedPoints.filter((p) => p.live.state === 'online')
      .map((p) => p.id);
  };

  beforeAll(async () => {
    api = await startTestApi('sqlite', { RECONNECT_GRACE_SECONDS: String(GRACE_S) });
    live = await startLiveConference(api, twoTier('G'), ['G-C1', 'G-C2', 'G-C3']);
    host = await open({ session: live.host.token, conferenceId: live.conference.id });
    await host.call('join', { rtpCapabilities: deviceCapabilities() });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await api?.close();
  });

  it('shows the point as reconnecting, then lets its returning session replace it: one peer, no gap', async () => {
    const first = await joinAs('G-C1');
    const pointId = live.tree.point('G-C1').id;
    dropConnection(first.client);

    expect(await host.next('peerReconnecting', (d) => d.peerId === first.peerId)).toEqual({
      peerId: first.peerId,
    });
    await settle(500);
    expect(host.received('peerLeft').some((d) => d.peerId === first.peerId)).toBe(false);
    // Still attending and still in the room while it is away.
    expect(await onlinePoints()).toContain(pointId);
    expect((await room()).peers.find((p) => p.id === first.peerId)?.info().reconnecting).toBe(true);

    const second = await joinAs('G-C1');
    await host.next('peerLeft', (d) => d.peerId === first.peerId);
    const rejoined = await host.next('peerJoined', (d) => d.id === second.peerId);
    expect(rejoined).toMatchObject({ pointId, role: 'point' });
    expect(rejoined.reconnecting).toBeUndefined();
    expect((await room()).peers.filter((p) => p.identity.pointId === pointId).map((p) => p.id)).toEqual([
      second.peerId,
    ]);
    expect(await onlinePoints()).toContain(pointId);
  });

  it('lets a point that does not come back leave when the grace period ends', async () => {
    const away = await joinAs('G-C2');
    const droppedAt = Date.now();
    dropConnection(away.client);
    await host.next('peerReconnecting', (d) => d.peerId === away.peerId);
    await settle(1_000);
    expect(host.received('peerLeft').some((d) => d.peerId === away.peerId)).toBe(false);

    await host.next('peerLeft', (d) => d.peerId === away.peerId, (GRACE_S + 3) * 1000);
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(GRACE_S * 1000 - 100);
    expect((await room()).peers.some((p) => p.id === away.peerId)).toBe(false);
    expect(await onlinePoints()).not.toContain(live.tree.point('G-C2').id);
  });

  it('takes a closed socket as leaving at once', async () => {
    const leaving = await joinAs('G-C3');
    leaving.client.close();
    await host.next('peerLeft', (d) => d.peerId === leaving.peerId, 2_000);
    expect(host.received('peerReconnecting').some((d) => d.peerId === leaving.peerId)).toBe(false);
  });
});
